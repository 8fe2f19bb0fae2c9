"""A job description in the layouts companies and collective agreements use (seed 002 and its neighbours).

Sections by heading, in any case, with or without a number or a colon: the title
(``FUNCTIENAAM: …``, ``Functie: …``), ``Algemene kenmerken``, ``Doel van de functie``, the
result areas (``Resultaatgebieden``, ``Kernactiviteiten``, ``Resultaatdomeinen``, ``Taken
en verantwoordelijkheden``), ``Werk- en denkniveau``, ``Kennis`` and ``Competenties``.
Result areas may be numbered (``1. Title``, then the result and the process steps),
lettered groups with numbered activities (``A. Beleid`` / ``1. …``), named domains
(``Resultaatdomein 2: Klantcontact`` with ``Resultaat:`` and indicator lists) or a
three-column table (result area, tasks, result indicators) whose rows continue an area
while the first cell is empty. What is not certain is a warning naming the line.
"""

import re

from django.utils.translation import gettext as _

from frameworks.document import make_key
from frameworks.importers.base import NEEDS_TITLE, ImportResult, ImportWarning, Need, ParseError
from frameworks.importers.recognisers.job_areas import read_areas
from frameworks.importers.structure import ITEM, TABLE, Element, Structure, collapse

FORMAT = "job-description-company"
DEFAULT_FRAMEWORK_NAME = "Functiebeschrijvingen"

TITLE_KEYS = ("functienaam", "functietitel", "functie", "naam van de functie")
SECTIONS = {
    "algemene kenmerken": "description",
    "algemeen": "description",
    "plaats in de organisatie": "description",
    "context": "description",
    "doel van de functie": "purpose",
    "doel": "purpose",
    "functiedoel": "purpose",
    "resultaatgebieden": "areas",
    "resultaatdomeinen": "areas",
    "kernactiviteiten": "areas",
    "kernactiviteit & resultaat": "areas",
    "kernactiviteit en resultaat": "areas",
    "processtappen": "areas",
    "taken en verantwoordelijkheden": "areas",
    "werkzaamheden": "areas",
    "indelingscriteria": "criteria",
    "functie-eisen": "criteria",
    "werk- en denkniveau": "level",
    "opleidingsniveau": "level",
    "opleiding": "level",
    "kennis": "knowledge",
    "kennis en vaardigheden": "knowledge",
    "competenties": "competencies",
    "gedragscompetenties": "competencies",
}
LABEL_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[A-Za-z])[.)]?\s+")
FAMILY_RE = re.compile(r"functiefamilie\s+(?P<family>[A-ZÀ-Þ][\w\-]*)")
LEVEL_RE = re.compile(r"^(?P<level>[\w/\-]+?)\s+werk-\s*en\s+denkniveau", re.IGNORECASE)
KNOWN_EDUCATION_LEVELS = {"vmbo", "mbo", "hbo", "wo"}


def _key(text: str) -> str:
    return collapse(text).casefold().rstrip(":").strip()


def section_of(element: Element) -> tuple[str | None, str]:
    """(section, inline value) when the element is a section heading (``Doel: …`` too), else (None, '')."""
    if element.kind == TABLE:
        return None, ""
    text = element.text  # a numbered heading: the reader took the number off
    head, colon, rest = text.partition(":")
    for candidate, value in ((text, ""), (head, rest)):
        key = _key(LABEL_RE.sub("", candidate))
        if key in TITLE_KEYS and (value or colon):
            return "title", collapse(value)
        if key in SECTIONS:
            return SECTIONS[key], collapse(value)
    return None, ""


def looks_like(structure: Structure) -> bool:
    if any(_key(element.text) == "kernactiviteit" for element in structure.elements):
        return False  # a UFO profile
    found = {section_of(element)[0] for element in structure.content()}
    return "areas" in found and ("title" in found or "purpose" in found or "competencies" in found)


def parse(structure: Structure, **options) -> ImportResult:
    elements = structure.content()
    warnings: list[ImportWarning] = []
    title = options.get("title") or ""
    sections: dict[str, list[Element]] = {key: [] for key in set(SECTIONS.values())}
    section = None
    for element in elements:
        found, value = section_of(element)
        if found == "title":
            if not title:
                title = value.capitalize() if value.isupper() else value
            continue
        if found:
            section = found
            if value:
                sections[section].append(Element("paragraph", element.line, value))
            continue
        if section is None:
            if not title and element.kind != TABLE and len(element.text.split()) <= 8:
                title = element.text.capitalize() if element.text.isupper() else element.text
                warnings.append(ImportWarning(element.line, _("The first line was read as the job title.")))
                continue
            raise ParseError(
                element.line,
                _("expected a title ('Functienaam: …') or a section heading, found %(found)s")
                % {"found": repr(element.text)},
            )
        sections[section].append(element)

    if not title:
        raise ParseError(
            1,
            _("expected 'Functienaam: …' with the job title, or give it one (the command: --title)"),
            needs=[Need(NEEDS_TITLE, 1)],
        )
    if not sections["areas"]:
        raise ParseError(
            elements[-1].line if elements else 1,
            _("expected result areas under a heading such as 'Resultaatgebieden' (none up to the end)"),
        )
    areas = read_areas(sections["areas"], warnings)

    description = collapse(" ".join(element.text for element in sections["description"]))
    family = options.get("family") or ""
    if not family and (found := FAMILY_RE.search(description)):
        family = found["family"]
    names = options.get("competency_names") or {}
    competency_names = [
        names.get(position) or text
        for position, text in enumerate(_items(sections["competencies"], warnings), start=1)
    ]
    profile = {
        "key": make_key(title),
        "title": title,
        "family": family,
        "description": description,
        "purpose": collapse(" ".join(element.text for element in sections["purpose"])),
        "work_and_thinking_level": _work_level(sections["level"]),
        "knowledge": _items(sections["knowledge"], warnings),
        "result_areas": areas,
        "competencies": list(dict.fromkeys(make_key(name) for name in competency_names)),
    }
    framework_name = options.get("name") or DEFAULT_FRAMEWORK_NAME
    document = {
        "framework": {"slug": options.get("slug") or make_key(framework_name), "name": framework_name},
        "competencies": list(
            {make_key(name): {"key": make_key(name), "name": name} for name in competency_names}.values()
        ),
        "job_profiles": [profile],
    }
    return ImportResult(document=document, format=FORMAT, warnings=warnings)


def _items(elements: list[Element], warnings: list[ImportWarning]) -> list[str]:
    """List items; a plain line after an item continues it when it starts in lower case (a wrapped
    line), else it is an item of its own, with a warning."""
    items: list[str] = []
    for element in elements:
        text = collapse(element.text)
        if element.kind == TABLE:
            items += [cell for row in element.rows for cell in row if cell]
        elif element.kind == ITEM or not items:
            if text:
                items.append(text)
        elif text[:1].islower():
            items[-1] = f"{items[-1]} {text}"
        else:
            items.append(text)
            warnings.append(
                ImportWarning(element.line, _("A line without a bullet was read as an item of its own."))
            )
    return items


def _work_level(elements: list[Element]) -> str:
    text = collapse(" ".join(element.text for element in elements))
    match = LEVEL_RE.match(text)
    if match and match["level"].casefold() in KNOWN_EDUCATION_LEVELS:
        return match["level"].upper()
    return text
