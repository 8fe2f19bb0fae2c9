"""HR's corrections to a recognised document, before anything is stored (the import preview).

The preview shows a recognised document as fields: per competency its name, definition and
one text box per level with an indicator a line, per job profile its title and result areas,
per role-type cell its family, grade and level. HR renames, splits an indicator over two
lines or joins two, moves a line to another level, merges a competency into the one above
it, leaves one out or adds one the recogniser missed. ``apply_edits`` turns those fields
into the corrected document; the field names are made here (``field``), so the page and
the errors it shows beside the fields agree.
"""

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from frameworks.document import Document, cell_expected_level, make_key, normalise_document
from frameworks.importers.base import NEEDS_TITLE, Need
from frameworks.models import RoleType

# One extra, empty competency block on the preview: where HR puts a competency the
# recogniser missed, or the second half of one that should be split.
NEW = "new"
# What the table stores of a role type's name (the document's schema allows longer lines).
ROLE_FAMILY_MAX_LENGTH = RoleType._meta.get_field("family").max_length


def field(kind: str, index: int | str, part: str) -> str:
    """The name of one preview field: ``field("c", 0, "name")`` → ``"c0-name"``; a level box is
    ``field("c", 0, "level-2")``, a result area's ``field("p", 0, "area-1-title")``."""
    return f"{kind}{index}-{part}"


def one_line(value: object) -> str:
    """A name as it is stored: one line, its whitespace collapsed (the table refuses line breaks)."""
    return " ".join(str(value or "").split())


def lines(text: str) -> list[str]:
    """The non-empty lines of a text box, each stripped: one item a line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def stand_ins(needs: list[Need]) -> dict:
    """Recogniser options that fill what the document lost with stand-ins, so it can be read and shown
    (``without_stand_ins`` then empties them for HR to fill in)."""
    options: dict = {"competency_names": {}}
    for need in needs:
        if need.what == NEEDS_TITLE:
            options["title"] = "functie"
        else:
            options["competency_names"][need.position] = f"competentie {need.position}"
    return options


def without_stand_ins(document: Document, needs: list[Need]) -> Document:
    """The document with the stand-ins' names emptied: the preview shows them as fields to fill in,
    and ``apply_edits`` refuses to store a competency or profile without a name."""
    document = normalise_document(document)
    for need in needs:
        if need.what == NEEDS_TITLE:
            for profile in document["job_profiles"]:
                profile["title"] = ""
        elif 0 < need.position <= len(document["competencies"]):
            document["competencies"][need.position - 1]["name"] = ""
    return document


def need_message(need: Need) -> str:
    """What the preview says of a name the document lost, in the active language."""
    if need.what == NEEDS_TITLE:
        return _("The document has no job title (the export lost it): give it one below.")
    return _(
        "Competency %(position)s has no name in the document (the export lost it): give it one below."
    ) % {"position": need.position}


def level_numbers(document: Document) -> list[int]:
    """The level numbers the preview offers a box for: 1 up to the highest level of any competency."""
    highest = max(
        (level["number"] for competency in document["competencies"] for level in competency["levels"]),
        default=0,
    )
    return list(range(1, highest + 1))


def apply_edits(document: Document, values: Mapping[str, object]) -> Document:
    """The document with HR's corrections.

    ``document``: the canonical document the preview showed (``frameworks.document``).
    ``values``: the preview's fields by ``field`` name (strings; booleans for ``merge`` and
    ``leave-out``), e.g. ``{"c0-name": "Samenwerken", "c0-level-1": "line\\nline", "c1-merge": True}``.
    A field that is absent keeps what the document has.

    Raises ``ValidationError`` keyed by field name (a form error beside that field, HTTP 400
    in an API) for a competency or title left empty, a merge with nothing above it, two
    competencies under one name, a role-type cell named twice or longer than it can be stored, and
    (not keyed: ``NON_FIELD_ERRORS``) a document with everything left out.
    """
    document = normalise_document(document)
    errors: dict[str, list[str]] = {}
    renamed: dict[str, str | None] = {}  # old key → new key (None: left out)
    kept: list[dict] = []
    slots: list[int | str] = []  # the preview block each kept competency came from
    numbers = level_numbers(document)

    def text(name: str, default: str = "") -> str:
        value = values.get(name, default)
        return str(value).strip() if value is not None else ""

    for index, original in enumerate([*document["competencies"], None]):
        slot = NEW if original is None else index
        if original is None:
            if not text(field("c", slot, "name")):
                continue  # the empty block stayed empty
            original = {
                "key": "",
                "name": "",
                "definition": "",
                "explanation": "",
                "base_behaviour": "",
                "levels": [],
                "indicators": [],
                "interview_questions": [],
                "development_tips": [],
            }
        if values.get(field("c", slot, "leave-out")):
            renamed[original["key"]] = None
            continue
        competency = dict(original)
        name = one_line(text(field("c", slot, "name"), original["name"]))
        if not name:
            errors.setdefault(field("c", slot, "name"), []).append(_("Give this competency a name."))
            continue
        competency["name"] = name
        competency["key"] = make_key(name)
        competency["definition"] = text(field("c", slot, "definition"), original["definition"])
        summaries = {
            number: text(field("c", slot, f"summary-{number}"), summary)
            for number, summary in (
                *((level["number"], level.get("summary", "")) for level in original["levels"]),
                *(
                    (number, "")
                    for number in numbers
                    if number not in {lv["number"] for lv in original["levels"]}
                ),
            )
        }
        levels = []
        for number in numbers:
            name_of_box = field("c", slot, f"level-{number}")
            indicators = (
                lines(str(values[name_of_box]))
                if name_of_box in values
                else next(
                    (level["indicators"] for level in original["levels"] if level["number"] == number), []
                )
            )
            if indicators or summaries.get(number):
                levels.append(
                    {"number": number, "summary": summaries.get(number, ""), "indicators": indicators}
                )
        competency["levels"] = _numbered(levels)
        for part, key in (
            ("indicators", "indicators"),
            ("questions", "interview_questions"),
            ("tips", "development_tips"),
        ):
            if field("c", slot, part) in values:
                competency[key] = lines(str(values[field("c", slot, part)]))
        if values.get(field("c", slot, "merge")):
            if not kept:
                errors.setdefault(field("c", slot, "merge"), []).append(
                    _("The first competency has no competency above it to merge with.")
                )
                continue
            into = kept[-1]
            _merge(into, competency)
            renamed[original["key"]] = into["key"]
            continue
        if original["key"]:
            renamed[original["key"]] = competency["key"]
        kept.append(competency)
        slots.append(slot)

    seen: set[str] = set()
    for slot, competency in zip(slots, kept, strict=True):
        if competency["key"] in seen:
            errors.setdefault(field("c", slot, "name"), []).append(
                _("Two competencies are called %(name)s: rename one, or merge them.")
                % {"name": competency["name"]}
            )
        seen.add(competency["key"])

    profiles = _profiles(document, values, renamed, errors)
    role_types = _role_types(document, values, renamed, errors)
    if not (kept or profiles or role_types or errors):
        errors[NON_FIELD_ERRORS] = [_("Nothing is left to import: everything was left out.")]
    if errors:
        raise ValidationError(errors)
    name = one_line(text("framework-name", document["framework"]["name"])) or document["framework"]["name"]
    return normalise_document(
        {
            **document,
            "framework": {**document["framework"], "name": name},
            "competencies": kept,
            "job_profiles": profiles,
            "role_types": role_types,
        }
    )


def _numbered(levels: list[dict]) -> list[dict]:
    """Levels 1..N in order: a level left without indicators and summary between two others stays,
    empty, so the numbers keep meaning what the document said."""
    if not levels:
        return []
    by_number = {level["number"]: level for level in levels}
    return [
        by_number.get(number, {"number": number, "summary": "", "indicators": []})
        for number in range(1, max(by_number) + 1)
    ]


def _merge(into: dict, competency: dict) -> None:
    """Add ``competency`` to ``into``: its indicators at the same levels, its texts where ``into`` has none."""
    for part in ("definition", "explanation", "base_behaviour"):
        into[part] = into[part] or competency[part]
    for part in ("indicators", "interview_questions", "development_tips"):
        into[part] = list(dict.fromkeys([*into[part], *competency[part]]))
    levels = {level["number"]: dict(level) for level in into["levels"]}
    for level in competency["levels"]:
        target = levels.setdefault(
            level["number"], {"number": level["number"], "summary": "", "indicators": []}
        )
        target["summary"] = target["summary"] or level.get("summary", "")
        target["indicators"] = list(dict.fromkeys([*target["indicators"], *level["indicators"]]))
    into["levels"] = _numbered(list(levels.values()))


def _profiles(document: Document, values: Mapping, renamed: dict, errors: dict) -> list[dict]:
    profiles = []
    for index, original in enumerate(document["job_profiles"]):
        if values.get(field("p", index, "leave-out")):
            continue
        profile = dict(original)
        title = one_line(values.get(field("p", index, "title"), original["title"]))
        if not title:
            errors.setdefault(field("p", index, "title"), []).append(_("Give this job profile a title."))
            continue
        profile["title"] = title
        profile["key"] = make_key(title)
        profile["family"] = one_line(values.get(field("p", index, "family"), original["family"]))
        profile["purpose"] = str(values.get(field("p", index, "purpose"), original["purpose"]) or "").strip()
        if field("p", index, "knowledge") in values:
            profile["knowledge"] = lines(str(values[field("p", index, "knowledge")]))
        areas = []
        for number, area in enumerate(original["result_areas"]):
            area_title = str(
                values.get(field("p", index, f"area-{number}-title"), area["title"]) or ""
            ).strip()
            if not area_title:
                continue  # emptied: left out
            activities = values.get(field("p", index, f"area-{number}-activities"))
            result = values.get(field("p", index, f"area-{number}-result"), area["result"])
            frame = values.get(field("p", index, f"area-{number}-frame"), area["frame"])
            areas.append(
                {
                    **area,
                    "title": area_title,
                    "result": str(result or "").strip(),
                    "frame": str(frame or "").strip(),
                    "activities": lines(str(activities)) if activities is not None else area["activities"],
                }
            )
        profile["result_areas"] = areas
        profile["competencies"] = list(
            dict.fromkeys(renamed.get(key, key) for key in original["competencies"] if renamed.get(key, key))
        )
        profiles.append(profile)
    return profiles


def _role_types(document: Document, values: Mapping, renamed: dict, errors: dict) -> list[dict]:
    cells = []
    cells_seen: set[str] = set()  # "family grade", as validate_document and the table tell cells apart
    for index, original in enumerate(document["role_types"]):
        if values.get(field("r", index, "leave-out")):
            continue
        name = field("r", index, "family")
        family = one_line(values.get(name, original["family"]))
        if not family:
            errors.setdefault(name, []).append(_("Give this role-type cell a name."))
            continue
        if len(family) > ROLE_FAMILY_MAX_LENGTH:
            errors.setdefault(name, []).append(
                _("A role type has at most %(limit)s characters.") % {"limit": ROLE_FAMILY_MAX_LENGTH}
            )
            continue
        cell = f"{family} {original['grade']}"
        if cell in cells_seen:
            errors.setdefault(name, []).append(
                _("Two role-type cells are called %(cell)s: rename one, or leave one out.") % {"cell": cell}
            )
            continue
        cells_seen.add(cell)
        default = values.get(field("r", index, "default")) or original["default_level"]
        shown = {competency["key"] for competency in document["competencies"]}
        # Levels of competencies the document refers to but does not hold (a role matrix added to a
        # framework) have no field: they stay as read.
        expected = {key: level for key, level in original["expected_levels"].items() if key not in shown}
        for position, competency in enumerate(document["competencies"]):
            key = competency["key"]
            given = values.get(field("r", index, f"expected-{position}"))
            level = given or cell_expected_level(original, key)
            new_key = renamed.get(key, key)
            if new_key and level != default:
                expected[new_key] = max(level, expected.get(new_key, 0))
        cells.append({**original, "family": family, "default_level": default, "expected_levels": expected})
    return cells
