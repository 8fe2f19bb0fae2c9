"""A company job description (seed 002).

Upper-case headings: ``FUNCTIENAAM: …``, ``ALGEMENE KENMERKEN``, ``DOEL VAN DE FUNCTIE``,
``RESULTAATGEBIEDEN`` (numbered areas: a title, the result, ``·`` process steps; items
wrap over lines) and ``INDELINGSCRITERIA`` with ``WERK- EN DENKNIVEAU``, ``KENNIS`` and
``COMPETENTIES`` (competency names only).
"""

import re

from frameworks.document import make_key
from frameworks.importers.base import (
    ImportResult,
    ParseError,
    collapse,
    gather_bullets,
    is_bullet,
    meaningful,
    split_lines,
)
from frameworks.importers.structure import Structure

FORMAT = "job-description-company"
DEFAULT_FRAMEWORK_NAME = "Functiebeschrijvingen"

TITLE_RE = re.compile(r"^functienaam\s*:\s*(?P<title>.+)$", re.IGNORECASE)
AREA_RE = re.compile(r"^(?P<number>\d+)\.\s*(?P<title>.*)$")
FAMILY_RE = re.compile(r"functiefamilie\s+(?P<family>[A-ZÀ-Þ][\w\-]*)")
LEVEL_RE = re.compile(r"^(?P<level>[\w/\-]+?)\s+werk-\s*en\s+denkniveau", re.IGNORECASE)
KNOWN_EDUCATION_LEVELS = {"vmbo", "mbo", "hbo", "wo"}
HEADINGS = {
    "algemene kenmerken": "description",
    "doel van de functie": "purpose",
    "resultaatgebieden": "areas",
    "kernactiviteit & resultaat": "areas",
    "processtappen": "areas",
    "indelingscriteria": "criteria",
    "werk- en denkniveau": "level",
    "kennis": "knowledge",
    "competenties": "competencies",
}


def looks_like(structure: Structure) -> bool:
    text = structure.text
    return bool(re.search(r"^\s*functienaam\s*:", text, re.IGNORECASE | re.MULTILINE))


def _heading(text: str) -> str | None:
    if text != text.upper():
        return None
    return HEADINGS.get(collapse(text).casefold())


def parse(structure: Structure, **options) -> ImportResult:
    text = structure.text
    lines = meaningful(split_lines(text))
    title = options.get("title")
    sections: dict[str, list] = {key: [] for key in set(HEADINGS.values())}
    areas: list[dict] = []
    section = None
    for line in lines:
        match = TITLE_RE.match(line.text)
        if match:
            title = title or match["title"].strip().capitalize()
            continue
        heading = _heading(line.text)
        if heading:
            section = heading
            continue
        if section is None:
            raise ParseError(
                line.number, f"expected 'FUNCTIENAAM:' or an upper-case heading, found {line.text!r}"
            )
        if section == "areas":
            area = AREA_RE.match(line.text)
            if area:
                areas.append(
                    {
                        "line": line,
                        "title": [area["title"]] if area["title"] else [],
                        "result": [],
                        "steps": [],
                    }
                )
            elif not areas:
                raise ParseError(
                    line.number, f"expected a numbered result area ('1. Title'), found {line.text!r}"
                )
            elif not areas[-1]["title"]:
                areas[-1]["title"].append(line.text)
            elif areas[-1]["steps"] or is_bullet(line.text):
                areas[-1]["steps"].append(line)
            else:
                areas[-1]["result"].append(line.text)
        else:
            sections[section].append(line)

    if not title:
        raise ParseError(1, "expected 'FUNCTIENAAM: …' with the job title, or give one with --title")
    if not areas:
        raise ParseError(None, "expected numbered result areas under 'RESULTAATGEBIEDEN'")
    for number, area in enumerate(areas, start=1):
        if int(AREA_RE.match(area["line"].text)["number"]) != number:
            raise ParseError(
                area["line"].number, f"expected result area {number}, found {area['line'].text!r}"
            )
        if not area["title"]:
            raise ParseError(area["line"].number, f"result area {number} has no title")

    description = collapse(" ".join(line.text for line in sections["description"]))
    family = options.get("family") or ""
    if not family and (found := FAMILY_RE.search(description)):
        family = found["family"]
    names = options.get("competency_names") or {}
    competency_names = [
        names.get(position) or found
        for position, found in enumerate(gather_bullets(sections["competencies"]), start=1)
    ]
    profile = {
        "key": make_key(title),
        "title": title,
        "family": family,
        "description": description,
        "purpose": collapse(" ".join(line.text for line in sections["purpose"])),
        "work_and_thinking_level": _work_level(sections["level"]),
        "knowledge": gather_bullets(sections["knowledge"]),
        "result_areas": [
            {
                "title": collapse(" ".join(area["title"])),
                "result": collapse(" ".join(area["result"])),
                "activities": gather_bullets(area["steps"]),
            }
            for area in areas
        ],
        "competencies": [make_key(name) for name in competency_names],
    }
    framework_name = options.get("name") or DEFAULT_FRAMEWORK_NAME
    document = {
        "framework": {"slug": options.get("slug") or make_key(framework_name), "name": framework_name},
        "competencies": [{"key": make_key(name), "name": name} for name in competency_names],
        "job_profiles": [profile],
    }
    return ImportResult(document=document, format=FORMAT)


def _work_level(lines: list) -> str:
    text = collapse(" ".join(line.text for line in lines))
    match = LEVEL_RE.match(text)
    if match and match["level"].casefold() in KNOWN_EDUCATION_LEVELS:
        return match["level"].upper()
    return text
