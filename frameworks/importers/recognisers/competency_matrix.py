"""Levelled competencies with a matrix of role-type cells (the Kempen *Bijlage 2*, seed 004).

Per competency: ``Competentie: NAME``, a definition, then a tab-separated table whose
columns are Niveau 1..N. The rows above the ``Niveau 1: … Niveau N:`` header hold the
role-type cells of each level ("Uitvoerder A + B + C" is three cells); below it, one HTML
``<ul>`` per level whose ``○`` bullets are the behavioural indicators.
"""

import html
import re
from collections import Counter

from django.utils.translation import gettext as _

from frameworks.document import make_key
from frameworks.importers.base import (
    ImportResult,
    ImportWarning,
    Line,
    ParseError,
    collapse,
    structure_lines,
)
from frameworks.importers.structure import Structure

FORMAT = "competency-matrix"
ROLE_FAMILY_ORDER = [
    "Uitvoerder",
    "Ondersteuner",
    "Dienstverlener",
    "Specialist",
    "Adviseur",
    "Leidinggevende",
    "Directeur",
]

COMPETENCY_RE = re.compile(r"^competentie\s*:\s*(?P<name>.+)$", re.IGNORECASE)
HEADER_CELL_RE = re.compile(r"^niveau\s*(?P<number>\d+)\s*:?$", re.IGNORECASE)
# One part of a cell: "Dienstverlener B" starts a family, a lone "C" adds a grade to it.
CELL_PART_RE = re.compile(r"^(?:(?P<family>[^\W\d_][\w\- ]*?)\s+)?(?P<grade>[A-Z])$")
UL_RE = re.compile(r"<ul\b[^>]*>(?P<body>.*?)(?=<ul\b|</ul>|$)", re.IGNORECASE | re.DOTALL)
INDICATOR_SPLIT_RE = re.compile(r"[○•◦]")


def looks_like(structure: Structure) -> bool:
    text = structure.text
    return bool(re.search(r"^competentie\s*:", text, re.IGNORECASE | re.MULTILINE)) and "<ul" in text.lower()


def _blocks(lines: list[Line]) -> tuple[list[Line], list[tuple[Line, list[Line]]]]:
    preamble, blocks = [], []
    for line in lines:
        match = COMPETENCY_RE.match(line.text)
        if match:
            blocks.append((line, []))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, blocks


def _header(block: list[Line], name: str, start: Line) -> tuple[int, list[int]]:
    for index, line in enumerate(block):
        cells = [cell.strip() for cell in line.raw.split("\t") if cell.strip()]
        if cells and HEADER_CELL_RE.match(cells[0]):
            numbers = []
            for cell in cells:
                match = HEADER_CELL_RE.match(cell)
                if not match:
                    raise ParseError(
                        line.number, f"expected only 'Niveau N:' headings in this row, found {cell!r}"
                    )
                numbers.append(int(match["number"]))
            if numbers != list(range(1, len(numbers) + 1)):
                raise ParseError(
                    line.number, f"expected headings Niveau 1..{len(numbers)} in order, found {numbers}"
                )
            return index, numbers
    raise ParseError(
        start.number, f"competency {name!r}: expected a row 'Niveau 1:<tab>Niveau 2:…' before its indicators"
    )


def _cells(row: Line, level_count: int) -> list[tuple[int, str, str]]:
    """(level, family, grade) for every cell named in one matrix row."""
    found = []
    for column, cell in enumerate(row.raw.split("\t")):
        cell = collapse(cell)
        if not cell:
            continue
        if column >= level_count:
            raise ParseError(
                row.number,
                f"role-type cell {cell!r} stands in column {column + 1}, but there are only {level_count} levels",
            )
        family = None
        for part in re.split(r"\s*\+\s*", cell):
            match = CELL_PART_RE.match(part)
            if not match or not (match["family"] or family):
                raise ParseError(
                    row.number, f"expected role-type cells like 'Dienstverlener B + C', found {cell!r}"
                )
            family = match["family"].strip().capitalize() if match["family"] else family
            found.append((column + 1, family, match["grade"]))
    return found


def _indicator_lists(lines: list[Line], level_count: int, name: str) -> list[list[str]]:
    if not lines:
        raise ParseError(
            None, f"competency {name!r}: expected {level_count} indicator lists after the Niveau headings"
        )
    text = "\n".join(line.raw for line in lines)
    lists = [match["body"] for match in UL_RE.finditer(text)]
    if len(lists) != level_count:
        raise ParseError(
            lines[0].number,
            f"competency {name!r}: expected {level_count} <ul> indicator lists (one per level), found {len(lists)}",
        )
    result = []
    for number, body in enumerate(lists, start=1):
        plain = html.unescape(re.sub(r"<[^>]+>", " ", body))
        indicators = [collapse(part) for part in INDICATOR_SPLIT_RE.split(plain) if collapse(part)]
        if not indicators:
            raise ParseError(lines[0].number, f"competency {name!r}: level {number} has no ○ indicators")
        result.append(indicators)
    return result


def parse(structure: Structure, **options) -> ImportResult:
    preamble, blocks = _blocks(structure_lines(structure))
    if not blocks:
        raise ParseError(1, "expected 'Competentie: NAME' headings")
    titles = [line.text for line in preamble]
    heading = next((title.rstrip(":") for title in titles if title.endswith(":")), None)
    name = options.get("name") or heading or (titles[0] if titles else "Competentiematrix")

    competencies, cell_levels, cell_lines, warnings = [], {}, {}, []
    names = options.get("competency_names") or {}
    for position, (start, block) in enumerate(blocks, start=1):
        competency_name = names.get(position) or COMPETENCY_RE.match(start.text)["name"].strip()
        header_index, numbers = _header(block, competency_name, start)
        before, after = block[:header_index], block[header_index + 1 :]
        definition = [line for line in before if "\t" not in line.raw]
        matrix = [line for line in before if "\t" in line.raw]
        if not definition:
            raise ParseError(
                start.number + 1, f"competency {competency_name!r}: expected a definition below the heading"
            )
        key = make_key(competency_name)
        for row in matrix:
            for level, family, grade in _cells(row, len(numbers)):
                previous = cell_levels.setdefault((family, grade), {}).get(key)
                if previous is not None and previous != level:
                    raise ParseError(
                        row.number,
                        f"{family} {grade} stands at level {previous} and {level} of {competency_name!r}",
                    )
                cell_levels[family, grade][key] = level
                cell_lines.setdefault((family, grade), row.number)
        indicators = _indicator_lists(after, len(numbers), competency_name)
        competencies.append(
            {
                "key": key,
                "name": competency_name,
                "definition": collapse(" ".join(line.text for line in definition)),
                "levels": [
                    {"number": number, "summary": "", "indicators": items}
                    for number, items in zip(numbers, indicators, strict=True)
                ],
            }
        )

    role_types = []
    for (family, grade), levels in cell_levels.items():
        default_level = sorted(Counter(levels.values()).most_common(), key=lambda item: (-item[1], item[0]))[
            0
        ][0]
        missing = [c["name"] for c in competencies if c["key"] not in levels]
        if missing:
            warnings.append(
                ImportWarning(
                    cell_lines[family, grade],
                    _("%(cell)s is not in the matrix of %(competencies)s: level %(level)s was assumed there.")
                    % {
                        "cell": f"{family} {grade}",
                        "competencies": ", ".join(missing),
                        "level": default_level,
                    },
                )
            )
        role_types.append(
            {
                "family": family,
                "grade": grade,
                "default_level": default_level,
                "expected_levels": {key: level for key, level in levels.items() if level != default_level},
            }
        )
    role_types.sort(key=_cell_order)

    document = {
        "framework": {"slug": options.get("slug") or make_key(name), "name": name, "description": ""},
        "source": options.get("title") or (titles[0] if titles and titles[0] != heading else ""),
        "competencies": competencies,
        "role_types": role_types,
    }
    return ImportResult(document=document, format=FORMAT, warnings=warnings)


def _cell_order(cell: dict) -> tuple:
    family = cell["family"]
    rank = ROLE_FAMILY_ORDER.index(family) if family in ROLE_FAMILY_ORDER else len(ROLE_FAMILY_ORDER)
    return (rank, family, cell["grade"])
