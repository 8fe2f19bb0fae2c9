"""Competencies from a levelled dictionary (seed 003 and its neighbours), read from a ``Structure``.

Per competency: a name, a definition and explanatory paragraphs (one may say ``Het
basisgedrag is: …``), an optional ``Op N competentieniveaus``, then per level a ``Niveau
N`` heading (``Niveau 2: summary`` too), an optional one-line summary and the indicators:
items with any glyph, a number or a letter, or lines without a glyph (a browser copy of an
HTML list). A document may hold several competencies: ``Niveau 1`` again starts the next
one, whose name is the nearest name above its definition (``1.2 Analyseren``, a heading or
a short line); group headings and a page title above a name are skipped, with a warning.
"""

import re

from django.utils.translation import gettext as _

from frameworks.document import make_key
from frameworks.importers.base import NEEDS_COMPETENCY_NAME, ImportResult, ImportWarning, Need, ParseError
from frameworks.importers.recognisers.levels import read_level
from frameworks.importers.structure import (
    BULLET,
    HEADING,
    ITEM,
    NUMBER,
    PARAGRAPH,
    TABLE,
    Element,
    Structure,
    cell_items,
    ends_sentence,
    is_name_like,
)

FORMAT = "levelled-competency"
DEFAULT_FRAMEWORK_NAME = "Competentiewoordenboek"

LEVEL_RE = re.compile(r"^niveau\s*(?P<number>\d+)\s*(?:[:.\-–—]\s*(?P<summary>.*))?$", re.IGNORECASE)
LEVEL_COUNT_RE = re.compile(r"^op\s+(?P<count>\d+)\s+(?:competentie)?niveaus?\b", re.IGNORECASE)
BASE_BEHAVIOUR_RE = re.compile(r"het basisgedrag is\s*:\s*(?P<behaviour>.+)$", re.IGNORECASE | re.DOTALL)
DEFINITION_LABEL_RE = re.compile(r"^(?:definitie|omschrijving)\s*:\s*", re.IGNORECASE)
COMPETENCY_PREFIX_RE = re.compile(r"^competentie\s*:", re.IGNORECASE)


# A level written as stars or dots: "★★☆ Zelfstandig" is level 2 (of 3).
RATING_RE = re.compile(r"^(?P<rating>[★☆]{2,}|[●○]{2,})\s*[:.\-–—]?\s*(?P<summary>.*)$")


def level_number(element: Element) -> int | None:
    if element.kind == ITEM and element.marker != "none":
        return None
    if match := RATING_RE.match(element.text):
        return sum(1 for glyph in match["rating"] if glyph in "★●") or None
    match = LEVEL_RE.match(element.text)
    return int(match["number"]) if match else None


def level_summary(element: Element) -> str:
    """What the level heading says after its number or its stars."""
    match = RATING_RE.match(element.text) or LEVEL_RE.match(element.text)
    return (match["summary"] or "").strip()


def expand_level_tables(elements: list[Element]) -> list[Element]:
    """A table whose header row is ``Niveau 1 | Niveau 2 | …`` (or stars, ``★☆☆ | ★★☆``): per column a
    level heading and its items."""
    expanded = []
    for element in elements:
        header = element.rows[0] if element.kind == TABLE and element.rows else ()
        filled = [(index, cell) for index, cell in enumerate(header) if cell]
        if not filled or not all(LEVEL_RE.match(cell) or RATING_RE.match(cell) for _, cell in filled):
            expanded.append(element)
            continue
        for index, cell in filled:
            expanded.append(Element(PARAGRAPH, element.line, cell))
            for row_index, row in enumerate(element.rows[1:], start=1):
                items = cell_items(row[index]) if index < len(row) else []
                expanded += [
                    Element(ITEM, element.row_line(row_index), item, marker=BULLET, label="•")
                    for item in items
                ]
    return expanded


def looks_like(structure: Structure) -> bool:
    elements = expand_level_tables(structure.content())
    return any(level_number(element) for element in elements) and not any(
        COMPETENCY_PREFIX_RE.match(element.text) for element in elements
    )


NUMBER_PREFIX_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")


def _name_of(element: Element) -> str:
    """The name an element gives: without a heading's number (``1.2 Analyseren``), capitalised if shouted."""
    text = NUMBER_PREFIX_RE.sub("", element.text.strip()).rstrip(":").strip()
    if text.isupper():
        text = text.capitalize()
    return text


def _is_title(element: Element) -> bool:
    """A heading, a numbered heading (``1.2 Analyseren``) or an upper-case line."""
    if not is_name_like(element.text) or LEVEL_COUNT_RE.match(element.text):
        return False
    return element.kind == HEADING or (element.kind == ITEM and element.marker == NUMBER)


def _is_name(element: Element) -> bool:
    return (
        (_is_title(element) or element.kind == PARAGRAPH)
        and is_name_like(element.text)
        and not LEVEL_COUNT_RE.match(element.text)
    )


def _same_name(element: Element, name: Element) -> bool:
    return _name_of(element).casefold() == _name_of(name).casefold()


def _preamble(elements: list[Element], start: int, stop: int, first: bool) -> tuple[int, Element | None]:
    """Walk back from the ``Niveau 1`` at ``start`` (not past ``stop``): where the competency begins, and its name.

    Definition paragraphs and ``Op N niveaus`` belong to it, up to the nearest name-like
    element, its name; further up, everything down to the topmost repeat of that name too
    (an export that repeats the name above its explanation). For the first competency all
    above it is title (page title, group heading); for a later one only the headings and
    numbered headings directly above its name are, the rest are the previous level's
    indicators.
    """
    name_at = None
    index = start - 1
    while index >= stop:
        element = elements[index]
        if _is_name(element) and not LEVEL_COUNT_RE.match(element.text):
            name_at = index
            break
        if element.kind == ITEM:
            break
        index -= 1
    if name_at is None:
        return (stop if first else (index + 1 if index >= stop else start)), None
    top = name_at
    for index in range(name_at - 1, stop - 1, -1):
        element = elements[index]
        if _same_name(element, elements[name_at]):
            top = index
        elif element.kind == ITEM or _is_name(element):
            break
    begin = top
    if first:
        begin = stop
    else:
        while begin - 1 >= stop and _is_title(elements[begin - 1]):
            begin -= 1
    return begin, elements[top]


def parse(structure: Structure, **options) -> ImportResult:
    elements = expand_level_tables(structure.content())
    if not elements:
        raise ParseError(1, _("the file is empty"))
    warnings: list[ImportWarning] = []
    starts = [
        index
        for index, element in enumerate(elements)
        if level_number(element) == 1 or (index == 0 and level_number(element))
    ]
    if not starts:
        raise ParseError(elements[0].line, _("expected 'Niveau 1', 'Niveau 2', … headings"))
    first_level = next(element for element in elements if level_number(element))
    if level_number(first_level) != 1:
        raise ParseError(
            first_level.line,
            _("expected %(expected)s, found %(found)s")
            % {"expected": "'Niveau 1'", "found": repr(first_level.text)},
        )

    names = options.get("competency_names") or {}
    competencies, seen, unnamed = [], {}, []
    bounds: list[tuple[int, int, Element | None]] = []  # begin, niveau-1 index, name
    for position, start in enumerate(starts):
        # Not past the previous competency's last level heading.
        stop = max((index + 1 for index in range(start) if level_number(elements[index])), default=0)
        begin, name = _preamble(elements, start, stop, first=position == 0)
        bounds.append((begin, start, name))

    for position, (begin, start, name_element) in enumerate(bounds, start=1):
        end = bounds[position][0] if position < len(bounds) else len(elements)
        heading = elements[start]
        preamble = elements[begin:start]
        given = names.get(position) or (options.get("competency_name") if len(bounds) == 1 else None)
        name_index = preamble.index(name_element) if name_element is not None else None
        if name_index is not None:
            for title in preamble[:name_index]:
                if _name_of(title).casefold() != _name_of(name_element).casefold():
                    warnings.append(
                        ImportWarning(
                            title.line,
                            _("'%(text)s' was read as a title above the competency, not as its name.")
                            % {"text": title.text[:80]},
                        )
                    )
        if given:
            name = given
        elif name_element is not None:
            name = _name_of(name_element)
        else:
            # Read on under a stand-in name, so every nameless competency is reported at once.
            unnamed.append(Need(NEEDS_COMPETENCY_NAME, heading.line, position))
            name = f"competentie {position}"
        body = preamble[name_index + 1 :] if name_index is not None else preamble
        competency = _competency(name, body, heading, warnings)
        if unnamed and unnamed[-1].position == position:
            hint = competency.get("definition") or competency.get("description") or ""
            unnamed[-1] = Need(NEEDS_COMPETENCY_NAME, heading.line, position, hint[:200])
        competency["levels"] = _levels(elements[start:end], name, warnings)
        declared = competency.pop("declared")
        if declared and declared[1] != len(competency["levels"]):
            raise ParseError(
                declared[0].line,
                _("the text announces %(announced)s levels, but %(count)s follow")
                % {"announced": declared[1], "count": len(competency["levels"])},
            )
        key = make_key(name)
        if key in seen:
            raise ParseError(
                name_element.line if name_element else heading.line,
                _("competency %(name)s appears twice (also at line %(line)s): expected each competency once")
                % {"name": repr(name), "line": seen[key]},
            )
        seen[key] = name_element.line if name_element else heading.line
        competencies.append(competency)
    if unnamed:
        first = unnamed[0]
        raise ParseError(
            first.line,
            _(
                "competency %(position)s starts here ('Niveau 1') but has no name: expected its name on a "
                "line or heading above its definition; or give it a name (the command: "
                "--competency-name %(position)s=NAME)"
            )
            % {"position": first.position}
            + (
                _(" (also competencies %(positions)s)")
                % {"positions": ", ".join(str(need.position) for need in unnamed[1:])}
                if unnamed[1:]
                else ""
            ),
            needs=unnamed,
        )

    framework_name = options.get("name") or DEFAULT_FRAMEWORK_NAME
    description = competencies[0].pop("description") if len(competencies) == 1 else ""
    for competency in competencies:
        competency.pop("description", None)
    document = {
        "framework": {
            "slug": options.get("slug") or make_key(framework_name),
            "name": framework_name,
            "description": description,
        },
        "source": options.get("title") or "",
        "competencies": competencies,
    }
    return ImportResult(document=document, format=FORMAT, warnings=warnings)


def _competency(name: str, body: list[Element], heading: Element, warnings: list) -> dict:
    declared = None
    paragraphs: list[str] = []
    previous_line = None
    for element in body:
        if count := LEVEL_COUNT_RE.match(element.text):
            declared = (element, int(count["count"]))
        elif _name_of(element).casefold() != name.casefold():
            if paragraphs and previous_line == element.line - 1 and not ends_sentence(paragraphs[-1]):
                paragraphs[-1] = f"{paragraphs[-1]} {element.text}"  # a wrapped line
            else:
                paragraphs.append(element.text)
            previous_line = element.line
            continue
        previous_line = None
    definition, description, explanation, base_behaviour = "", [], [], ""
    if paragraphs:
        definition = paragraphs[0]
        if label := DEFINITION_LABEL_RE.match(definition):  # "Definitie: stelt …" → "Stelt …"
            definition = definition[label.end() :]
            definition = definition[:1].upper() + definition[1:]
    else:
        warnings.append(
            ImportWarning(
                heading.line,
                _("No definition of %(name)s was found above 'Niveau 1': the definition was left empty.")
                % {"name": name},
            )
        )
    for paragraph in paragraphs[1:]:
        match = BASE_BEHAVIOUR_RE.search(paragraph)
        if match:
            before = paragraph[: match.start()].strip()
            if before:
                explanation.append(before)
            behaviour = match["behaviour"].strip()
            base_behaviour = behaviour[:1].upper() + behaviour[1:]
        elif not explanation and not base_behaviour and not description:
            description.append(paragraph)
        else:
            explanation.append(paragraph)
    return {
        "key": make_key(name),
        "name": name,
        "definition": definition,
        "explanation": "\n\n".join(explanation),
        "base_behaviour": base_behaviour,
        "description": " ".join(description),
        "declared": declared,
    }


def _levels(elements: list[Element], name: str, warnings: list) -> list[dict]:
    starts = [index for index, element in enumerate(elements) if level_number(element)]
    levels = []
    for position, start in enumerate(starts):
        heading = elements[start]
        number = level_number(heading)
        if number != len(levels) + 1:
            raise ParseError(
                heading.line,
                _("expected %(expected)s, found %(found)s")
                % {"expected": f"'Niveau {len(levels) + 1}'", "found": repr(heading.text)},
            )
        end = starts[position + 1] if position + 1 < len(starts) else len(elements)
        summary, indicators = read_level(heading, elements[start + 1 : end], level_summary(heading), warnings)
        if not indicators:
            raise ParseError(
                heading.line,
                _("competency %(name)s: level %(number)s has no indicators")
                % {"name": repr(name), "number": number},
            )
        levels.append({"number": number, "summary": summary, "indicators": indicators})
    return levels
