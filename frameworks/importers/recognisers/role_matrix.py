"""A matrix of role-type cells × competencies with the expected level in each cell (often an Excel sheet).

The first row names the competencies, the first column the role-type cells
(``Dienstverlener B``, ``Adviseur A + B``), every other cell the expected level (``2``,
``niveau 2``) — or transposed: competencies down, cells across. Each cell's most common
level becomes its default level, the others its expected levels per competency. The
competencies come without levels: add the matrix to the framework that describes them
with ``--framework``. An empty cell is a warning (the default level assumed), a cell
without a level number a refusal naming its line.
"""

import re

from django.utils.translation import gettext as _

from frameworks.document import make_key
from frameworks.importers.base import ImportResult, ImportWarning, ParseError
from frameworks.importers.recognisers.competency_matrix import (
    CELL_PART_RE,
    _cell_order,
    _header_row,
    default_level_of,
)
from frameworks.importers.structure import TABLE, Element, Structure, collapse

FORMAT = "role-matrix"
DEFAULT_FRAMEWORK_NAME = "Rolmatrix"
LEVEL_CELL_RE = re.compile(r"^(?:niveau\s*)?(?P<level>\d{1,2})(?:\b.*)?$", re.IGNORECASE)


def role_cells(text: str) -> list[tuple[str, str]] | None:
    """``Dienstverlener B + C`` → [(Dienstverlener, B), (Dienstverlener, C)]; None when it is not one."""
    found, family = [], None
    for part in re.split(r"\s*\+\s*", collapse(text)):
        match = CELL_PART_RE.match(part)
        if not match or not (match["family"] or family):
            return None
        family = match["family"].strip().capitalize() if match["family"] else family
        found.append((family, match["grade"]))
    return found or None


def _orientation(table: Element) -> str | None:
    """'rows' when the role cells run down the first column, 'columns' when across the first row."""
    rows = table.rows
    if len(rows) < 2 or len(rows[0]) < 2 or _header_row(table) is not None:
        return None  # a row "Niveau 1 | Niveau 2 | …" heads levels (a competency matrix), not a role matrix
    down = [row[0] for row in rows[1:] if row and row[0]]
    across = [cell for cell in rows[0][1:] if cell]
    values = [cell for row in rows[1:] for cell in row[1:] if cell]
    if not values or sum(1 for cell in values if LEVEL_CELL_RE.match(cell)) * 2 < len(values):
        return None
    if down and all(role_cells(cell) for cell in down):
        return "rows"
    if across and all(role_cells(cell) for cell in across):
        return "columns"
    return None


def _matrix(structure: Structure) -> tuple[Element, str] | None:
    for element in structure.content():
        if element.kind == TABLE and (orientation := _orientation(element)):
            return element, orientation
    return None


def looks_like(structure: Structure) -> bool:
    return _matrix(structure) is not None


def parse(structure: Structure, **options) -> ImportResult:
    found = _matrix(structure)
    if found is None:
        raise ParseError(
            1, _("expected a table with role-type cells down the first column and levels in the cells")
        )
    table, orientation = found
    names = options.get("competency_names") or {}
    header = table.rows[0]
    warnings: list[ImportWarning] = []
    competencies: list[dict] = []
    levels: dict[tuple[str, str], dict[str, int]] = {}
    missing: dict[tuple[str, str], list[tuple[int, str]]] = {}
    cell_lines: dict[tuple[str, str], int] = {}

    # (competency name, role cell text, level text, line) for every value cell.
    entries = []
    for row_index, row in enumerate(table.rows[1:], start=1):
        line = table.row_line(row_index)
        for column in range(1, max(len(header), len(row))):
            value = row[column] if column < len(row) else ""  # trailing empty cells are left out
            label = header[column] if column < len(header) else ""
            competency, cell = (label, row[0]) if orientation == "rows" else (row[0], label)
            entries.append((competency, cell, value, line))
    order = list(dict.fromkeys(entry[0] for entry in entries if entry[0]))
    for position, name in enumerate(order, start=1):
        competencies.append(
            {"key": make_key(names.get(position) or name), "name": names.get(position) or name}
        )
    key_of = {name: competencies[position]["key"] for position, name in enumerate(order)}

    for competency, cell, value, line in entries:
        if not competency or not cell:
            continue
        parsed = role_cells(cell)
        if parsed is None:
            raise ParseError(
                line,
                _("expected role-type cells like 'Dienstverlener B + C', found %(found)s")
                % {"found": repr(cell)},
            )
        for family_grade in parsed:
            levels.setdefault(family_grade, {})
            # The line that names the cell: its row, or the header row when the cells run across.
            cell_lines.setdefault(family_grade, line if orientation == "rows" else table.row_line(0))
            if not value:
                missing.setdefault(family_grade, []).append((line, competency))
                continue
            match = LEVEL_CELL_RE.match(value)
            if not match or int(match["level"]) < 1:
                raise ParseError(
                    line,
                    _("expected a level number (1, 2, …) for %(cell)s in %(competency)s, found %(found)s")
                    % {"cell": cell, "competency": repr(competency), "found": repr(value)},
                )
            levels[family_grade][key_of[competency]] = int(match["level"])

    role_types = []
    for (family, grade), found_levels in levels.items():
        if not found_levels:
            raise ParseError(
                table.line, _("%(cell)s has no level for any competency") % {"cell": f"{family} {grade}"}
            )
        default = default_level_of(found_levels, f"{family} {grade}", cell_lines[family, grade], warnings)
        for line, competency in missing.get((family, grade), []):
            warnings.append(
                ImportWarning(
                    line,
                    _("%(cell)s has no level for %(competency)s: its default level %(level)s was assumed.")
                    % {"cell": f"{family} {grade}", "competency": competency, "level": default},
                )
            )
        role_types.append(
            {
                "family": family,
                "grade": grade,
                "default_level": default,
                "expected_levels": {key: level for key, level in found_levels.items() if level != default},
            }
        )
    role_types.sort(key=_cell_order)
    framework_name = options.get("name") or DEFAULT_FRAMEWORK_NAME
    document = {
        "framework": {"slug": options.get("slug") or make_key(framework_name), "name": framework_name},
        "source": options.get("title") or "",
        "competencies": competencies,
        "role_types": role_types,
    }
    return ImportResult(document=document, format=FORMAT, warnings=warnings)
