"""A university job profile in UFO style (seeds 000 and 001).

Sections are headed by a single word on its own line: Doel, Resultaatgebieden (repeated
``Kernactiviteit`` blocks with ``Kader``, ``Resultaat`` and ``Activiteit`` bullets),
Competenties (repeated blocks that start at ``Omschrijving``, then ``Gedragsindicatoren``,
``Toetsvragen`` and ``Ontwikkeltips`` bullets) and Niveaus (a ``NiveauSchaal`` table whose
separators were lost: ``112`` is level 1 → scale 12).

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
    Line,
    Need,
    ParseError,
    collapse,
    gather_bullets,
    normalise_for_match,
    structure_lines,
    without_repeats,
)
from frameworks.importers.structure import Structure

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
}
# Link text the export leaves where the job family should be.
FAMILY_NOISE = re.compile(r"^functies per functiefamilie", re.IGNORECASE)
LEVEL_SCALE_RE = re.compile(r"^(?P<level>\d)\s*(?P<scale>\d{1,2})$")


def looks_like(structure: Structure) -> bool:
    # "Kernactiviteit" alone on its line; the competency section may not have been copied.
    keys = {element.text.casefold().rstrip(":").strip() for element in structure.elements}
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


def parse(structure: Structure, **options) -> ImportResult:
    lines = structure_lines(structure)
    title = options.get("title")
    family = options.get("family") or ""
    purpose: list[str] = []
    areas: list[dict] = []
    competencies: list[dict] = []
    levels: list[dict] = []
    section = None
    current: dict | None = None

    for line in lines:
        keyword = SECTIONS.get(line.text.casefold().rstrip(":"))
        if keyword:
            section = keyword
            if keyword == "area_title":
                current = {"title": [], "frame": [], "result": [], "activities": [], "line": line}
                areas.append(current)
            elif keyword == "competency_description":
                current = {"description": [], "indicators": [], "questions": [], "tips": [], "line": line}
                competencies.append(current)
            elif keyword.startswith(("area_", "competency_")):
                # A block part without its block (the line that opens it was not copied).
                opener = "Kernactiviteit" if keyword.startswith("area_") else "Omschrijving"
                part = keyword.split("_", 1)[1]
                if current is None or part not in current:
                    raise ParseError(line.number, f"expected {opener!r} before {line.text!r}")
            continue
        if section in (None, "result_areas", "competencies", "levels"):
            raise ParseError(
                line.number, f"expected a section heading ({_expected_after(section)}), found {line.text!r}"
            )
        if section == "start":
            title = title or line.text
        elif section == "family":
            if not FAMILY_NOISE.match(line.text) and not family:
                family = line.text
        elif section == "purpose":
            purpose.append(line.text)
        elif section.startswith("area_"):
            current[section.removeprefix("area_")].append(line)
        elif section.startswith("competency_"):
            current[section.removeprefix("competency_")].append(line)
        elif section == "levels_header":
            levels.append(_level_row(line))

    if not title:
        raise ParseError(
            1,
            "the export has no job title (it was lost): give one with --title",
            needs=[Need(NEEDS_TITLE, 1)],
        )
    if not areas:
        raise ParseError(
            lines[-1].number if lines else None,
            "expected result areas: 'Kernactiviteit' blocks under 'Resultaatgebieden' (none up to the end)",
        )
    warnings = []
    if not competencies:
        warnings.append(
            ImportWarning(
                lines[-1].number if lines else None,
                _(
                    "The profile has no competencies (was the Competenties section copied?): only its result areas were read."
                ),
            )
        )

    known = {**builtin_known_competencies(), **options.get("known_competencies", {})}
    names = options.get("competency_names") or {}
    competency_items, unnamed = [], []
    for position, block in enumerate(competencies, start=1):
        description = collapse(" ".join(line.text for line in block["description"]))
        name = names.get(position) or recognise(description, known)
        if not name:
            unnamed.append(Need(NEEDS_COMPETENCY_NAME, block["line"].number, position, description[:200]))
            continue
        indicators = without_repeats(gather_bullets(block["indicators"]))
        if not indicators:
            raise ParseError(
                block["line"].number, f"competency {name!r}: expected 'Gedragsindicatoren' with • bullets"
            )
        competency_items.append(
            {
                "key": make_key(name),
                "name": name,
                "definition": description,
                "indicators": indicators,
                "interview_questions": without_repeats(gather_bullets(block["questions"])),
                "development_tips": without_repeats(gather_bullets(block["tips"])),
            }
        )
    if unnamed:
        raise ParseError(
            None,
            "; ".join(
                f"line {need.line}: competency {need.position} has no name (the export lost it) and its "
                f"description is not a known competency: {need.hint[:70]!r}"
                for need in unnamed
            )
            + ". Give each a name with --competency-name N=NAME.",
            needs=unnamed,
        )

    profile = {
        "key": make_key(title),
        "title": title,
        "family": family,
        "purpose": collapse(" ".join(purpose)),
        "result_areas": [
            {
                "title": collapse(" ".join(line.text for line in area["title"])),
                "frame": collapse(" ".join(line.text for line in area["frame"])),
                "result": collapse(" ".join(line.text for line in area["result"])),
                "activities": gather_bullets(area["activities"]),
            }
            for area in areas
        ],
        "competencies": [item["key"] for item in competency_items],
        "levels": levels,
    }
    for area, block in zip(profile["result_areas"], areas, strict=True):
        if not area["title"]:
            raise ParseError(
                block["line"].number, "expected the core activity on the line after 'Kernactiviteit'"
            )
    framework_name = options.get("name") or DEFAULT_FRAMEWORK_NAME
    document = {
        "framework": {"slug": options.get("slug") or make_key(framework_name), "name": framework_name},
        "competencies": competency_items,
        "job_profiles": [profile],
    }
    return ImportResult(document=document, format=FORMAT, warnings=warnings)


def _level_row(line: Line) -> dict:
    match = LEVEL_SCALE_RE.match(line.text.replace("\t", " "))
    if not match:
        raise ParseError(
            line.number,
            f"expected a level and its scale run together, like '112' (level 1, scale 12), found {line.text!r}",
        )
    return {"level": int(match["level"]), "salary_scale": int(match["scale"])}


def _expected_after(section: str | None) -> str:
    return {
        None: "Functiebeschrijving, Doel, Resultaatgebieden, Competenties or Niveaus",
        "result_areas": "Kernactiviteit",
        "competencies": "Omschrijving",
        "levels": "NiveauSchaal",
    }[section]
