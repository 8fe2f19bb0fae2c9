"""The canonical exchange format: one framework version as a plain document (YAML or JSON).

``frameworks/schema/framework.schema.json`` describes it. A document read from the
database (``version_to_document``) and one made by a text importer have the same shape,
always with every field present (``normalise_document``), so two documents compare equal
exactly when the versions hold the same content.
"""

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMAT = "gesprekscyclus-framework/1"
# Limits for reading a document (the largest built-in one is about 60 KB, 8 levels deep).
MAX_DOCUMENT_CHARACTERS = 5_000_000
MAX_NESTING = 50
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "framework.schema.json"

Document = dict[str, Any]


class DocumentError(ValueError):
    """A document that does not describe a valid framework version; names where (line, path) and what."""

    def __init__(self, message: str, *, path: tuple = (), line: int | None = None):
        self.path = path
        self.line = line
        self.message = message
        where = []
        if line is not None:
            where.append(_("line %(line)s") % {"line": line})
        if path:
            where.append("/".join(str(part) for part in path))
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def make_key(name: str) -> str:
    return slugify(name)[:80].strip("-") or "item"


def normalise_document(document: Document) -> Document:
    """Fill in every optional field, so equal content gives equal documents."""
    framework = document.get("framework", {})
    return {
        "format": FORMAT,
        "framework": {
            "slug": framework.get("slug", ""),
            "name": framework.get("name", ""),
            "description": framework.get("description", ""),
        },
        "source": document.get("source", ""),
        "notes": document.get("notes", ""),
        "competencies": [
            {
                "key": competency["key"],
                "name": competency["name"],
                "definition": competency.get("definition", ""),
                "explanation": competency.get("explanation", ""),
                "base_behaviour": competency.get("base_behaviour", ""),
                "levels": [
                    {
                        "number": level["number"],
                        "summary": level.get("summary", ""),
                        "indicators": list(level.get("indicators", [])),
                    }
                    for level in competency.get("levels", [])
                ],
                "indicators": list(competency.get("indicators", [])),
                "interview_questions": list(competency.get("interview_questions", [])),
                "development_tips": list(competency.get("development_tips", [])),
            }
            for competency in document.get("competencies", [])
        ],
        "role_types": [
            {
                "family": role_type["family"],
                "grade": role_type["grade"],
                "default_level": role_type["default_level"],
                "expected_levels": dict(role_type.get("expected_levels", {})),
            }
            for role_type in document.get("role_types", [])
        ],
        "job_profiles": [
            {
                "key": profile["key"],
                "title": profile["title"],
                "family": profile.get("family", ""),
                "description": profile.get("description", ""),
                "purpose": profile.get("purpose", ""),
                "work_and_thinking_level": profile.get("work_and_thinking_level", ""),
                "knowledge": list(profile.get("knowledge", [])),
                "result_areas": [
                    {
                        "title": area["title"],
                        "frame": area.get("frame", ""),
                        "result": area.get("result", ""),
                        "activities": list(area.get("activities", [])),
                    }
                    for area in profile.get("result_areas", [])
                ],
                "competencies": list(profile.get("competencies", [])),
                "levels": [
                    {"level": level["level"], "salary_scale": level["salary_scale"]}
                    for level in profile.get("levels", [])
                ],
            }
            for profile in document.get("job_profiles", [])
        ],
    }


# --- reading and writing text ------------------------------------------------------------


def _line_of(node: yaml.Node | None, path: tuple) -> int | None:
    """The 1-based line of the YAML node at ``path``, or of its nearest existing parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases, and with a bounded nesting depth.

    An alias repeats what its anchor holds, so a few hundred bytes of nested aliases
    ("billion laughs") expand to gigabytes. The canonical format never needs them (the
    export writes none), so they are refused at the first anchor, naming its line.
    """

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise DocumentError(
                _("anchors (&name) and aliases (*name) are not allowed: write the content out"), line=line
            )
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise DocumentError(
                _("nested more than %(count)s levels deep") % {"count": MAX_NESTING}, line=line
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse_document_text(text: str) -> Document:
    """Parse and validate a YAML/JSON document; errors name the line and the field.

    Raises ``DocumentError`` for a text over ``MAX_DOCUMENT_CHARACTERS``, with anchors or
    aliases, nested deeper than ``MAX_NESTING``, not valid YAML, or not a valid framework.
    """
    if len(text) > MAX_DOCUMENT_CHARACTERS:
        raise DocumentError(
            _("the document is larger than %(count)s characters")
            % {"count": number_format(MAX_DOCUMENT_CHARACTERS, force_grouping=True)}
        )
    loader = _LimitedLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DocumentError(
            _("not valid YAML: %(problem)s") % {"problem": getattr(error, "problem", error)}, line=line
        ) from error
    finally:
        loader.dispose()
    try:
        validate_document(data)
    except DocumentError as error:
        raise DocumentError(error.message, path=error.path, line=_line_of(root, error.path)) from None
    return normalise_document(data)


def dump_document(document: Document) -> str:
    return yaml.safe_dump(
        normalise_document(document), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


# --- validation ----------------------------------------------------------------------------


def validate_document(document: Any) -> None:
    """Schema first, then the references and numbering the schema cannot express."""
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    if errors:
        first = errors[0]
        path = tuple(first.absolute_path)
        if first.validator == "additionalProperties" and isinstance(first.instance, dict):
            # Point at the unexpected key itself, not at the object around it.
            unexpected = sorted(set(first.instance) - set(first.schema.get("properties", {})))
            path += tuple(unexpected[:1])
        raise DocumentError(first.message, path=path)

    competencies = document.get("competencies", [])
    keys = [competency["key"] for competency in competencies]
    _reject_duplicates(keys, ("competencies",), _("competency key"))
    max_level = {}
    for index, competency in enumerate(competencies):
        numbers = [level["number"] for level in competency.get("levels", [])]
        if numbers != list(range(1, len(numbers) + 1)):
            raise DocumentError(
                _("levels must be numbered 1..%(count)s in order, found %(found)s")
                % {"count": len(numbers), "found": numbers},
                path=("competencies", index, "levels"),
            )
        max_level[competency["key"]] = len(numbers)

    cells = [(role_type["family"], role_type["grade"]) for role_type in document.get("role_types", [])]
    _reject_duplicates([f"{family} {grade}" for family, grade in cells], ("role_types",), _("role-type cell"))
    for index, role_type in enumerate(document.get("role_types", [])):
        for key, level in role_type.get("expected_levels", {}).items():
            if key not in max_level:
                raise DocumentError(
                    _("unknown competency %(key)s") % {"key": repr(key)},
                    path=("role_types", index, "expected_levels", key),
                )
            if max_level[key] and level > max_level[key]:
                raise DocumentError(
                    _("level %(level)s does not exist: %(key)s has %(count)s levels")
                    % {"level": level, "key": repr(key), "count": max_level[key]},
                    path=("role_types", index, "expected_levels", key),
                )

    profiles = document.get("job_profiles", [])
    _reject_duplicates([profile["key"] for profile in profiles], ("job_profiles",), _("job profile key"))
    for index, profile in enumerate(profiles):
        for position, key in enumerate(profile.get("competencies", [])):
            if key not in max_level:
                raise DocumentError(
                    _("unknown competency %(key)s") % {"key": repr(key)},
                    path=("job_profiles", index, "competencies", position),
                )
        _reject_duplicates(
            [str(level["level"]) for level in profile.get("levels", [])],
            ("job_profiles", index, "levels"),
            _("profile level"),
        )


def _reject_duplicates(values: list[str], path: tuple, what: str) -> None:
    duplicates = [value for value, count in Counter(values).items() if count > 1]
    if duplicates:
        raise DocumentError(
            _("%(what)s %(value)s appears more than once") % {"what": what, "value": repr(duplicates[0])},
            path=path,
        )


# --- merging (text imports add to a draft) ------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def cell_expected_level(cell: dict, key: str) -> int:
    """A role-type cell's expected level of one competency (by key) in a document: its own where the
    cell gives one, else the cell's default level."""
    return cell["expected_levels"].get(key, cell["default_level"])


def merge_documents(base: Document, addition: Document, notes: list[str] | None = None) -> Document:
    """Add ``addition`` to ``base``: competencies with the same key become one, profiles and cells are replaced.

    ``notes`` (when given) receives, in the active language, what the merge did that the
    reader should know: a competency that was already there, levels kept instead of the
    imported ones, a new competency with the definition of another one.
    """
    notes = [] if notes is None else notes
    base, addition = normalise_document(base), normalise_document(addition)
    definitions = {
        _plain(competency["definition"]): competency["name"]
        for competency in base["competencies"]
        if competency["definition"]
    }
    merged = normalise_document(base)
    for field in ("name", "description"):
        merged["framework"][field] = merged["framework"][field] or addition["framework"][field]
    merged["source"] = "\n".join(
        filter(None, _union(base["source"].splitlines(), addition["source"].splitlines()))
    )

    by_key = {competency["key"]: competency for competency in merged["competencies"]}
    for competency in addition["competencies"]:
        existing = by_key.get(competency["key"])
        if existing is None:
            twin = definitions.get(_plain(competency["definition"])) if competency["definition"] else None
            if twin:
                notes.append(
                    _(
                        "%(name)s has the same definition as %(existing)s: check whether they are one competency."
                    )
                    % {"name": competency["name"], "existing": twin}
                )
            merged["competencies"].append(competency)
            by_key[competency["key"]] = competency
            continue
        if existing["levels"] and competency["levels"] and existing["levels"] != competency["levels"]:
            notes.append(
                _(
                    "%(name)s was already in the framework: its %(kept)s levels were kept, "
                    "the %(new)s imported levels were not used."
                )
                % {
                    "name": existing["name"],
                    "kept": len(existing["levels"]),
                    "new": len(competency["levels"]),
                }
            )
        elif existing != competency:
            notes.append(
                _("%(name)s was already in the framework: what was imported was added to it.")
                % {"name": existing["name"]}
            )
        else:
            notes.append(
                _("%(name)s was already in the framework, just as imported: nothing changed in it.")
                % {"name": existing["name"]}
            )
        for field in ("definition", "explanation", "base_behaviour"):
            existing[field] = existing[field] or competency[field]
        for field in ("indicators", "interview_questions", "development_tips"):
            existing[field] = _union(existing[field], competency[field])
        if not existing["levels"]:
            existing["levels"] = competency["levels"]

    for collection, identity in (
        ("role_types", lambda item: (item["family"], item["grade"])),
        ("job_profiles", lambda item: item["key"]),
    ):
        positions = {identity(item): index for index, item in enumerate(merged[collection])}
        for item in addition[collection]:
            if identity(item) in positions:
                merged[collection][positions[identity(item)]] = item
            else:
                merged[collection].append(item)
    return merged
