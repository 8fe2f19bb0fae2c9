"""Levelled competencies with a matrix of role-type cells (the Kempen *Bijlage 2*, seed 004).

Per competency: ``Competentie: NAME``, a definition, then a table whose columns are
Niveau 1..N. The rows above the ``Niveau 1 | … | Niveau N`` header row hold the role-type
cells of each level ("Uitvoerder A + B + C" is three cells); below it, per level column the
behavioural indicators: an HTML ``<ul>`` whose ``○`` bullets are the indicators (the web
export), or a cell with one indicator a paragraph (a Word table). The recogniser reads the
elements: the ``Competentie:`` paragraph or heading, the definition paragraphs, the
table's rows and cells.
"""

import html
import re
from collections import Counter

from django.utils.translation import gettext as _

from frameworks.document import make_key
from frameworks.importers.base import ImportResult, ImportWarning, ParseError, collapse
from frameworks.importers.structure import ITEM, TABLE, Element, Structure, cell_items

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


def _competency_name(element: Element) -> str | None:
    if element.kind in (ITEM, TABLE):
        return None
    match = COMPETENCY_RE.match(collapse(element.text))
    return match["name"].strip() if match else None


def _header_row(table: Element) -> int | None:
    """The index of the table's ``Niveau 1 | Niveau 2 | …`` row, if it has one."""
    for index, row in enumerate(table.rows):
        cells = [collapse(cell) for cell in row if collapse(cell)]
        if cells and HEADER_CELL_RE.match(cells[0]):
            return index
    return None


def looks_like(structure: Structure) -> bool:
    elements = structure.content()
    return any(_competency_name(element) for element in elements) and any(
        element.kind == TABLE and _header_row(element) is not None for element in elements
    )


def _blocks(elements: list[Element]) -> tuple[list[Element], list[tuple[Element, list[Element]]]]:
    preamble, blocks = [], []
    for element in elements:
        if _competency_name(element):
            blocks.append((element, []))
        elif blocks:
            blocks[-1][1].append(element)
        else:
            preamble.append(element)
    return preamble, blocks


def _header(block: list[Element], name: str, start: Element) -> tuple[int, int, list[int]]:
    """(index of the table in the block, index of its header row, the level numbers)."""
    for position, element in enumerate(block):
        if element.kind != TABLE or (index := _header_row(element)) is None:
            continue
        numbers = []
        for cell in (collapse(cell) for cell in element.rows[index] if collapse(cell)):
            match = HEADER_CELL_RE.match(cell)
            if not match:
                raise ParseError(
                    element.row_line(index),
                    _("expected only 'Niveau N:' headings in this row, found %(found)s")
                    % {"found": repr(cell)},
                )
            numbers.append(int(match["number"]))
        if numbers != list(range(1, len(numbers) + 1)):
            raise ParseError(
                element.row_line(index),
                _("expected headings Niveau 1..%(count)s in order, found %(found)s")
                % {"count": len(numbers), "found": numbers},
            )
        return position, index, numbers
    raise ParseError(
        start.line,
        _("competency %(name)s: expected a row 'Niveau 1:<tab>Niveau 2:…' before its indicators")
        % {"name": repr(name)},
    )


def _cells(row: tuple[str, ...], line: int, level_count: int) -> list[tuple[int, str, str]]:
    """(level, family, grade) for every cell named in one matrix row."""
    found = []
    for column, cell in enumerate(row):
        cell = collapse(cell)
        if not cell:
            continue
        if column >= level_count:
            raise ParseError(
                line,
                _("role-type cell %(cell)s stands in column %(column)s, but there are only %(count)s levels")
                % {"cell": repr(cell), "column": column + 1, "count": level_count},
            )
        family = None
        for part in re.split(r"\s*\+\s*", cell):
            match = CELL_PART_RE.match(part)
            if not match or not (match["family"] or family):
                raise ParseError(
                    line,
                    _("expected role-type cells like 'Dienstverlener B + C', found %(found)s")
                    % {"found": repr(cell)},
                )
            family = match["family"].strip().capitalize() if match["family"] else family
            found.append((column + 1, family, match["grade"]))
    return found


def _html_list(body: str) -> list[str]:
    plain = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return [collapse(part) for part in INDICATOR_SPLIT_RE.split(plain) if collapse(part)]


def _indicator_lists(table: Element, header: int, after: list[Element], level_count: int, name: str):
    """Per level its indicators: from the level columns below the header row, else from the
    elements after the table (``<ul>`` lists one after the other)."""
    rows = list(enumerate(table.rows))[header + 1 :]
    line = table.row_line(rows[0][0]) if rows else (after[0].line if after else table.row_line(header))
    if rows:
        columns = [
            [row[column] for _, row in rows if column < len(row) and row[column].strip()]
            for column in range(max(len(row) for _, row in rows))
        ]
    else:
        columns = [[element.text for element in after if element.kind != TABLE]]
    if not any(columns):
        raise ParseError(
            line,
            _("competency %(name)s: expected %(count)s indicator lists below the Niveau headings")
            % {"name": repr(name), "count": level_count},
        )
    if any("<ul" in cell.lower() for column in columns for cell in column):
        # The web export: one <ul> per level.
        bodies = [match["body"] for column in columns for match in UL_RE.finditer("\n".join(column))]
        if len(bodies) != level_count:
            raise ParseError(
                line,
                _(
                    "competency %(name)s: expected %(count)s <ul> indicator lists (one per level), found %(found)s"
                )
                % {"name": repr(name), "count": level_count, "found": len(bodies)},
            )
        lists = [_html_list(body) for body in bodies]
    else:
        while columns and not columns[-1]:
            columns.pop()
        # A column per level, in order (an empty one in between is a level without indicators).
        lists = [
            [part for cell in column for item in cell_items(cell) for part in _html_list(item)]
            for column in columns
        ]
        if len(lists) != level_count:
            raise ParseError(
                line,
                _(
                    "competency %(name)s: expected %(count)s indicator lists (one per level column), found %(found)s"
                )
                % {"name": repr(name), "count": level_count, "found": len(lists)},
            )
    for number, indicators in enumerate(lists, start=1):
        if not indicators:
            raise ParseError(
                line,
                _("competency %(name)s: level %(number)s has no ○ indicators")
                % {"name": repr(name), "number": number},
            )
    return lists


def parse(structure: Structure, **options) -> ImportResult:
    preamble, blocks = _blocks(structure.content())
    if not blocks:
        raise ParseError(1, _("expected 'Competentie: NAME' headings"))
    titles = [collapse(element.text) for element in preamble if element.kind != TABLE and element.text]
    heading = next((title.rstrip(":") for title in titles if title.endswith(":")), None)
    name = options.get("name") or heading or (titles[0] if titles else "Competentiematrix")

    competencies, cell_levels, cell_lines, warnings = [], {}, {}, []
    names = options.get("competency_names") or {}
    for position, (start, block) in enumerate(blocks, start=1):
        competency_name = names.get(position) or _competency_name(start)
        table_at, header, numbers = _header(block, competency_name, start)
        table = block[table_at]
        definition = [element for element in block[:table_at] if element.kind != TABLE]
        # Matrix rows: the rows above the header row, and those of tables before it.
        matrix = [
            (row, element.row_line(index))
            for element in block[:table_at]
            if element.kind == TABLE
            for index, row in enumerate(element.rows)
        ] + [(row, table.row_line(index)) for index, row in enumerate(table.rows[:header])]
        if not definition:
            raise ParseError(
                start.line + 1,
                _("competency %(name)s: expected a definition below the heading")
                % {"name": repr(competency_name)},
            )
        key = make_key(competency_name)
        for row, line in matrix:
            for level, family, grade in _cells(row, line, len(numbers)):
                previous = cell_levels.setdefault((family, grade), {}).get(key)
                if previous is not None and previous != level:
                    raise ParseError(
                        line,
                        _("%(cell)s stands at level %(previous)s and %(level)s of %(competency)s")
                        % {
                            "cell": f"{family} {grade}",
                            "previous": previous,
                            "level": level,
                            "competency": repr(competency_name),
                        },
                    )
                cell_levels[family, grade][key] = level
                cell_lines.setdefault((family, grade), line)
        indicators = _indicator_lists(table, header, block[table_at + 1 :], len(numbers), competency_name)
        competencies.append(
            {
                "key": key,
                "name": competency_name,
                "definition": collapse(" ".join(element.text for element in definition)),
                "levels": [
                    {"number": number, "summary": "", "indicators": items}
                    for number, items in zip(numbers, indicators, strict=True)
                ],
            }
        )

    role_types = []
    for (family, grade), levels in cell_levels.items():
        default_level = default_level_of(levels, f"{family} {grade}", cell_lines[family, grade], warnings)
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


def default_level_of(levels: dict[str, int], cell: str, line: int, warnings: list[ImportWarning]) -> int:
    """The level a role-type cell has for most competencies; on a tie the lowest, with a warning."""
    counts = sorted(Counter(levels.values()).most_common(), key=lambda item: (-item[1], item[0]))
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        tied = sorted(level for level, count in counts if count == counts[0][1])
        warnings.append(
            ImportWarning(
                line,
                _(
                    "%(cell)s stands equally often at levels %(levels)s: the lowest, %(level)s, was taken as its default level."
                )
                % {"cell": cell, "levels": ", ".join(str(level) for level in tied), "level": tied[0]},
            )
        )
    return counts[0][0]


def _cell_order(cell: dict) -> tuple:
    family = cell["family"]
    rank = ROLE_FAMILY_ORDER.index(family) if family in ROLE_FAMILY_ORDER else len(ROLE_FAMILY_ORDER)
    return (rank, family, cell["grade"])
