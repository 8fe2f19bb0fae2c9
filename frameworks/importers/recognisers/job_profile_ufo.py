"""A university job profile in UFO style (seeds 000 and 001).

Sections are headed by a single word on its own line: Doel, Resultaatgebieden (repeated
``Kernactiviteit`` blocks with ``Kader``, ``Resultaat`` and ``Activiteit`` bullets),
Competenties (repeated blocks that start at ``Omschrijving``, then ``Gedragsindicatoren``,
``Toetsvragen`` and ``Ontwikkeltips`` bullets) and Niveaus (a ``NiveauSchaal`` table whose
separators were lost: ``112`` is level 1 → scale 12).

The recogniser reads the elements of the ``Structure``: a section keyword is a paragraph or a
heading alone on its line (list items never are); the bullets of a block part are list
items with any marker, or lines without one (a browser copy), gathered by
``base.gather_items``; the ``Niveaus`` may also be a real table (``Niveau | Schaal``, one
row per level, as Word keeps it).

The export loses the job title and the competency names: the title comes from the
``title`` option, a competency name from its description (a known competency) or from
the ``competency_names`` option.
"""

import re
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from frameworks.document import make_key
from frameworks.importers.base import (
    NEEDS_COMPETENCY_NAME,
    NEEDS_TITLE,
    ImportResult,
    ImportWarning,
    Need,
    ParseError,
    collapse,
    gather_items,
    normalise_for_match,
    without_repeats,
)
from frameworks.importers.structure import ITEM, TABLE, Element, Structure

FORMAT = "job-profile-ufo"
KNOWN_COMPETENCIES_PATH = Path(__file__).resolve().parent / "known_competencies.yaml"
DEFAULT_FRAMEWORK_NAME = "Functieprofielen (UFO)"

SECTIONS = {
    "functiebeschrijving": "start",
    "functiefamilie": "family",
    "doel": "purpose",
    "resultaatgebieden": "result_areas",
    "kernactiviteit": "area_title",
    "kader": "area_frame",
    "resultaat": "area_result",
    "activiteit": "area_activities",
    "activiteiten": "area_activities",
    "competenties": "competencies",
    "omschrijving": "competency_description",
    "gedragsindicatoren": "competency_indicators",
    "toetsvragen": "competency_questions",
    "ontwikkeltips": "competency_tips",
    "niveaus": "levels",
    "niveauschaal": "levels_header",
    "niveau schaal": "levels_header",
}
# Link text the export leaves where the job family should be.
FAMILY_NOISE = re.compile(r"^functies per functiefamilie", re.IGNORECASE)
LEVEL_SCALE_RE = re.compile(r"^(?P<level>\d)\s*(?P<scale>\d{1,2})$")
LEVEL_TABLE_HEADER_RE = re.compile(r"^(?:niveau|schaal|salarisschaal)$", re.IGNORECASE)


def looks_like(structure: Structure) -> bool:
    # "Kernactiviteit" alone on its line; the competency section may not have been copied.
    keys = {_keyword_text(element) for element in structure.elements}
    return "kernactiviteit" in keys and ("resultaatgebieden" in keys or "omschrijving" in keys)


@cache
def builtin_known_competencies() -> dict[str, str]:
    entries = yaml.safe_load(KNOWN_COMPETENCIES_PATH.read_text(encoding="utf-8"))
    return {normalise_for_match(entry["description"]): entry["name"] for entry in entries}


def _first_sentence(text: str) -> str:
    return normalise_for_match(re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0])


def recognise(description: str, known: dict[str, str]) -> str | None:
    """The name of a known competency with this description (whole text, else first sentence)."""
    wanted = normalise_for_match(description)
    if wanted in known:
        return known[wanted]
    first = _first_sentence(description)
    return next((name for text, name in known.items() if _first_sentence(text) == first), None)


def _keyword_text(element: Element) -> str:
    """The text of a paragraph or heading as a section keyword; list items and tables are none."""
    if element.kind in (ITEM, TABLE):
        return ""
    return collapse(element.text).casefold().rstrip(":").strip()


def parse(structure: Structure, **options) -> ImportResult:
    elements = structure.content()
    title = options.get("title")
    family = options.get("family") or ""
    purpose: list[str] = []
    areas: list[dict] = []
    competencies: list[dict] = []
    levels: list[dict] = []
    section = None
    current: dict | None = None

    for element in elements:
        keyword = SECTIONS.get(_keyword_text(element))
        if keyword:
            section = keyword
            if keyword == "area_title":
                current = {"title": [], "frame": [], "result": [], "activities": [], "line": element}
                areas.append(current)
            elif keyword == "competency_description":
                current = {
                    "description": [],
                    "indicators": [],
                    "questions": [],
                    "tips": [],
                    "line": element,
                }
                competencies.append(current)
            elif keyword.startswith(("area_", "competency_")):
                # A block part without its block (the element that opens it was not copied).
                opener = "Kernactiviteit" if keyword.startswith("area_") else "Omschrijving"
                part = keyword.split("_", 1)[1]
                if current is None or part not in current:
                    raise ParseError(
                        element.line,
                        _("expected %(opener)s before %(found)s")
                        % {"opener": repr(opener), "found": repr(element.text)},
                    )
            continue
        if element.kind == TABLE and section in ("levels", "levels_header"):
            levels += _level_table(element)
            continue
        if section in (None, "result_areas", "competencies", "levels"):
            raise ParseError(
                element.line,
                _("expected a section heading (%(headings)s), found %(found)s")
                % {"headings": _expected_after(section), "found": repr(_shown(element))},
            )
        if section == "start":
            title = title or _shown(element)
        elif section == "family":
            if not FAMILY_NOISE.match(_shown(element)) and not family:
                family = _shown(element)
        elif section == "purpose":
            purpose.append(_shown(element))
        elif section.startswith("area_"):
            current[section.removeprefix("area_")].append(element)
        elif section.startswith("competency_"):
            current[section.removeprefix("competency_")].append(element)
        elif section == "levels_header":
            levels.append(_level_row(element))

    if not title:
        raise ParseError(
            1,
            _("the export has no job title (it was lost): give it one (the command: --title)"),
            needs=[Need(NEEDS_TITLE, 1)],
        )
    if not areas:
        raise ParseError(
            elements[-1].line if elements else None,
            _(
                "expected result areas: 'Kernactiviteit' blocks under 'Resultaatgebieden' (none up to the end)"
            ),
        )
    warnings = []
    if not competencies:
        warnings.append(
            ImportWarning(
                elements[-1].line if elements else None,
                _(
                    "The profile has no competencies (was the Competenties section copied?): only its result areas were read."
                ),
            )
        )

    known = {**builtin_known_competencies(), **options.get("known_competencies", {})}
    names = options.get("competency_names") or {}
    competency_items, unnamed = [], []
    for position, block in enumerate(competencies, start=1):
        description = collapse(" ".join(_shown(element) for element in block["description"]))
        name = names.get(position) or recognise(description, known)
        if not name:
            unnamed.append(Need(NEEDS_COMPETENCY_NAME, block["line"].line, position, description[:200]))
            continue
        if not names.get(position):
            warnings.append(
                ImportWarning(
                    block["line"].line,
                    _(
                        "The export has no name for this competency: it was recognised by its description as %(name)s."
                    )
                    % {"name": name},
                )
            )
        indicators = without_repeats(gather_items(block["indicators"], warnings))
        if not indicators:
            raise ParseError(
                block["line"].line,
                _("competency %(name)s: expected 'Gedragsindicatoren' with • bullets") % {"name": repr(name)},
            )
        competency_items.append(
            {
                "key": make_key(name),
                "name": name,
                "definition": description,
                "indicators": indicators,
                "interview_questions": without_repeats(gather_items(block["questions"], warnings)),
                "development_tips": without_repeats(gather_items(block["tips"], warnings)),
            }
        )
    if unnamed:
        # The refusal names the first line; the other unnamed competencies are listed with theirs.
        def unnamed_message(need: Need) -> str:
            return _(
                "competency %(position)s has no name (the export lost it) and its "
                "description is not a known competency: %(description)s"
            ) % {"position": need.position, "description": repr(need.hint[:70])}

        first, *others = unnamed
        raise ParseError(
            first.line,
            "; ".join(
                [
                    unnamed_message(first),
                    *(
                        _("line %(line)s: %(message)s")
                        % {"line": need.line, "message": unnamed_message(need)}
                        for need in others
                    ),
                ]
            )
            + _(". Give each a name (the command: --competency-name N=NAME)."),
            needs=unnamed,
        )

    profile = {
        "key": make_key(title),
        "title": title,
        "family": family,
        "purpose": collapse(" ".join(purpose)),
        "result_areas": [
            {
                "title": collapse(" ".join(_shown(element) for element in area["title"])),
                "frame": collapse(" ".join(_shown(element) for element in area["frame"])),
                "result": collapse(" ".join(_shown(element) for element in area["result"])),
                "activities": gather_items(area["activities"], warnings),
            }
            for area in areas
        ],
        "competencies": [item["key"] for item in competency_items],
        "levels": levels,
    }
    for area, block in zip(profile["result_areas"], areas, strict=True):
        if not area["title"]:
            raise ParseError(
                block["line"].line, _("expected the core activity on the line after 'Kernactiviteit'")
            )
    framework_name = options.get("name") or DEFAULT_FRAMEWORK_NAME
    document = {
        "framework": {"slug": options.get("slug") or make_key(framework_name), "name": framework_name},
        "competencies": competency_items,
        "job_profiles": [profile],
    }
    return ImportResult(document=document, format=FORMAT, warnings=warnings)


def _shown(element: Element) -> str:
    """The element's text; a table (cells in a block part) as its cells, space-separated."""
    if element.kind == TABLE:
        return collapse(" ".join(cell for row in element.rows for cell in row))
    return collapse(element.text)


def _level_row(element: Element) -> dict:
    text = _shown(element)
    match = LEVEL_SCALE_RE.match(text)
    if not match:
        raise ParseError(
            element.line,
            _("expected a level and its scale run together, like '112' (level 1, scale 12), found %(found)s")
            % {"found": repr(text)},
        )
    return {"level": int(match["level"]), "salary_scale": int(match["scale"])}


def _level_table(table: Element) -> list[dict]:
    """``Niveau | Schaal`` and a row per level (a header row is skipped)."""
    levels = []
    for index, row in enumerate(table.rows):
        cells = [collapse(cell) for cell in row if collapse(cell)]
        if cells and all(LEVEL_TABLE_HEADER_RE.match(cell) for cell in cells):
            continue
        if len(cells) != 2 or not all(cell.isdecimal() for cell in cells) or not 0 < int(cells[0]) < 10:
            raise ParseError(
                table.row_line(index),
                _("expected a level and its scale in two cells, like '1 | 12', found %(found)s")
                % {"found": repr(" | ".join(cells))},
            )
        levels.append({"level": int(cells[0]), "salary_scale": int(cells[1])})
    return levels


def _expected_after(section: str | None) -> str:
    return {
        None: _("Functiebeschrijving, Doel, Resultaatgebieden, Competenties or Niveaus"),
        "result_areas": "Kernactiviteit",
        "competencies": "Omschrijving",
        "levels": "NiveauSchaal",
    }[section]
