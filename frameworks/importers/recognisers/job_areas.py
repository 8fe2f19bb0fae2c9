"""The result areas of a job description, in whichever layout: numbered, lettered, named or a table."""

import re

from django.utils.translation import gettext as _

from frameworks.importers.base import ImportWarning, ParseError
from frameworks.importers.structure import (
    HEADING,
    ITEM,
    LETTER,
    NUMBER,
    PARAGRAPH,
    TABLE,
    Element,
    cell_items,
    collapse,
    ends_sentence,
    is_name_like,
)

DOMAIN_RE = re.compile(
    r"^(?:resultaatgebied|resultaatdomein|kernactiviteit|domein)\s*(?P<label>\d{1,2}|[A-Z])?\s*[:.\-–—]?\s*"
    r"(?P<title>.*)$",
    re.IGNORECASE,
)
SUBLABEL_RE = re.compile(
    r"^(?P<label>resultaat|beoogd resultaat|kader|activiteiten|activiteit|taken|processtappen|"
    r"gedragsindicatoren|resultaatindicatoren|indicatoren)(?=[\s:]|$)\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# "2. Informatie geven", or "3." alone with the title on the next line.
HEADING_LABEL_RE = re.compile(r"^(?P<label>\d{1,2}|[A-Z])[.)]?(?:\s+(?P<title>\S.*))?$")
MODES = {
    "resultaat": "result",
    "beoogd resultaat": "result",
    "kader": "frame",
    "activiteiten": "activities",
    "activiteit": "activities",
    "taken": "activities",
    "processtappen": "activities",
    "gedragsindicatoren": "indicators",
    "resultaatindicatoren": "indicators",
    "indicatoren": "indicators",
}
TITLE_COLUMN = re.compile(r"resultaatgebied|resultaatdomein|kernactiviteit|gebied", re.IGNORECASE)
TASK_COLUMN = re.compile(r"taken|activiteit|werkzaamhe", re.IGNORECASE)
INDICATOR_COLUMN = re.compile(r"indicator|resultaat", re.IGNORECASE)


def _new_area(line: int, title: str = "", label: str = "") -> dict:
    return {
        "line": line,
        "label": label,
        "title": [title] if title else [],
        "frame": [],
        "result": [],
        "activities": [],
        "indicators": [],
        "mode": "result",
    }


def _area_marker(elements: list[Element]) -> str:
    """Letters when the first lettered item comes before the first top-level numbered one."""
    for element in elements:
        if element.kind == ITEM and element.marker == LETTER:
            return LETTER
        if element.kind == ITEM and element.marker == NUMBER and element.depth == 0:
            return NUMBER
    return NUMBER


def _table(element: Element, areas: list[dict], warnings: list[ImportWarning]) -> None:
    rows = list(enumerate(element.rows))
    columns = {"title": 0, "activities": 1, "indicators": 2}
    header = element.rows[0]
    if any(TITLE_COLUMN.search(cell) for cell in header) and len(header) >= 2:
        rows = rows[1:]
        for index, cell in enumerate(header):
            if TITLE_COLUMN.search(cell):
                columns["title"] = index
            elif TASK_COLUMN.search(cell):
                columns["activities"] = index
            elif INDICATOR_COLUMN.search(cell):
                columns["indicators"] = index
    else:
        warnings.append(
            ImportWarning(
                element.line,
                _("A table without a header row was read as: result area, tasks, result indicators."),
            )
        )
    for index, row in rows:
        offset = element.row_line(index)

        def cell(name, row=row):
            index = columns[name]
            return row[index] if index < len(row) else ""

        if cell("title"):
            areas.append(_new_area(offset, collapse(cell("title"))))
        elif not areas:
            raise ParseError(offset, _("expected the result area in the first column of the table"))
        for name in ("activities", "indicators"):
            areas[-1][name] += cell_items(cell(name))


# A column heading of a result-area table standing alone on its line (the table flattened).
COLUMN_HEADING_RE = re.compile(
    r"^(?:resultaatgebied|resultaatdomein|kernactiviteit|gebied|taken|activiteiten|werkzaamheden|"
    r"resultaatindicatoren|indicatoren|resultaten|normen)$",
    re.IGNORECASE,
)


def _flattened_header(elements: list[Element], start: int) -> int:
    """How many column headings stand one a line from ``start`` (2 or 3), the first a result-area one; else 0."""
    count = 0
    while (
        start + count < len(elements)
        and elements[start + count].kind in (PARAGRAPH, HEADING)
        and COLUMN_HEADING_RE.match(collapse(elements[start + count].text).rstrip(":"))
    ):
        count += 1
    first = collapse(elements[start].text) if start < len(elements) else ""
    return count if 2 <= count <= 3 and TITLE_COLUMN.search(first) else 0


def unflatten_table(elements: list[Element], warnings: list[ImportWarning]) -> list[Element]:
    """A table copied as lines, one cell a line, below its column headings, back as a table.

    A row starts at a line that could be a title (short, no full stop) once the row before is
    full or ends on a complete sentence; a row of exactly one line per column is certain. In a row of more lines, which is a task and which an
    indicator cannot be told: the last line is read as the indicator, the others as tasks,
    with a warning naming the row.
    """
    for start in range(len(elements)):
        columns = _flattened_header(elements, start)
        if columns:
            break
    else:
        return elements
    header = elements[start : start + columns]
    body_end = start + columns
    while body_end < len(elements) and elements[body_end].kind in (PARAGRAPH, ITEM):
        body_end += 1
    rows: list[list[Element]] = []
    for element in elements[start + columns : body_end]:
        # A short title starts a row once the row is full, or after a complete sentence (a short row).
        full = bool(rows) and (
            len(rows[-1]) >= columns or (len(rows[-1]) >= 2 and ends_sentence(rows[-1][-1].text))
        )
        if not rows or (element.kind == PARAGRAPH and is_name_like(element.text) and full):
            rows.append([element])
        else:
            rows[-1].append(element)
    warnings.append(
        ImportWarning(
            header[0].line,
            _(
                "The cells of this table stood one a line: they were read as rows of %(count)s columns, a row starting at each short title."
            )
            % {"count": columns},
        )
    )
    table_rows, row_lines = [tuple(collapse(element.text) for element in header)], [header[0].line]
    for row in rows:
        cells = [collapse(element.text) for element in row]
        if len(cells) > columns == 2:
            cells = [cells[0], "\n".join(cells[1:])]  # a result area and its tasks
        elif len(cells) > columns:
            warnings.append(
                ImportWarning(
                    row[0].line,
                    _(
                        "This row has more lines than the table has columns: the last was read as the "
                        "indicator, the others as tasks."
                    ),
                )
            )
            last = len(cells) - (columns - 2)  # the cells after the tasks: one per remaining column
            cells = [cells[0], "\n".join(cells[1:last]), *cells[last:]]
        elif len(cells) < columns:
            warnings.append(
                ImportWarning(
                    row[0].line,
                    _(
                        "This row has fewer lines than the table has columns: its lines were read as the first columns."
                    ),
                )
            )
        table_rows.append(tuple(cells))
        row_lines.append(row[0].line)
    table = Element(TABLE, header[0].line, rows=tuple(table_rows), row_lines=tuple(row_lines))
    return [*elements[:start], table, *elements[body_end:]]


def read_areas(elements: list[Element], warnings: list[ImportWarning]) -> list[dict]:
    """Result areas (title, frame, result, activities) from the elements of the areas section."""
    elements = unflatten_table(elements, warnings)
    areas: list[dict] = []
    marker = _area_marker(elements)
    for element in elements:
        text = collapse(element.text)
        if element.kind == TABLE:
            _table(element, areas, warnings)
            continue
        domain = DOMAIN_RE.match(text) if element.kind != ITEM else None
        sublabel = SUBLABEL_RE.match(text) if element.kind != ITEM or element.marker == "bullet" else None
        if domain and (domain["label"] or domain["title"]) and not sublabel:
            areas.append(_new_area(element.line, domain["title"], domain["label"] or ""))
        elif element.kind == ITEM and element.marker == marker and (marker == LETTER or element.depth == 0):
            areas.append(_new_area(element.line, text, element.label))
        elif element.kind == HEADING and not sublabel:
            numbered = HEADING_LABEL_RE.match(text)
            areas.append(
                _new_area(element.line, numbered["title"] or "", numbered["label"])
                if numbered
                else _new_area(element.line, text)
            )
        elif not areas:
            raise ParseError(
                element.line,
                _(
                    "expected a result area: numbered ('1. Title'), lettered ('A. Title'), "
                    "'Resultaatgebied 1: Title' or a table, found %(found)s"
                )
                % {"found": repr(text)},
            )
        elif sublabel:
            area = areas[-1]
            area["mode"] = MODES[sublabel["label"].casefold()]
            if sublabel["value"]:
                target = "activities" if area["mode"] == "activities" else area["mode"]
                area[target].append(collapse(sublabel["value"]))
        elif not areas[-1]["title"]:
            areas[-1]["title"].append(text)
        else:
            _add(areas[-1], element, text, warnings)
    if not areas:
        raise ParseError(
            elements[-1].line if elements else None,
            _("expected result areas under a heading such as 'Resultaatgebieden'"),
        )
    return [_finish(area, position, warnings) for position, area in enumerate(areas, start=1)]


def _add(area: dict, element: Element, text: str, warnings: list[ImportWarning]) -> None:
    mode = area["mode"]
    if element.kind == ITEM:
        target = "indicators" if mode == "indicators" else "activities"
        if mode in ("result", "frame"):
            area["mode"] = "activities"
        area[target].append(text)
        return
    if mode in ("result", "frame"):
        if area[mode] and ends_sentence(area[mode][-1]):
            warnings.append(
                ImportWarning(
                    element.line,
                    _("A line without a bullet after a complete sentence was read as part of the result."),
                )
            )
        area[mode].append(text)
        return
    items = area[mode]
    if not items:
        items.append(text)
    elif text[:1].isupper() and ends_sentence(items[-1]):
        items.append(text)
        warnings.append(
            ImportWarning(element.line, _("A line without a bullet was read as an activity of its own."))
        )
    else:
        items[-1] = f"{items[-1]} {text}"


def _finish(area: dict, position: int, warnings: list[ImportWarning]) -> dict:
    if not area["title"]:
        raise ParseError(area["line"], _("result area %(position)s has no title") % {"position": position})
    label = area["label"]
    if label.isdecimal() and int(label) != position:
        warnings.append(
            ImportWarning(
                area["line"],
                _(
                    "Result area %(found)s was read as result area %(position)s (in the order of the document)."
                )
                % {"found": label, "position": position},
            )
        )
    result = collapse(" ".join(area["result"]))
    if area["indicators"]:
        # Document content, in the document's language (Dutch), not the reader's.
        result = collapse(f"{result} Indicatoren: {'; '.join(area['indicators'])}")
        warnings.append(
            ImportWarning(area["line"], _("The indicators of this result area were added to its result."))
        )
    return {
        "title": collapse(" ".join(area["title"])),
        "frame": collapse(" ".join(area["frame"])),
        "result": result,
        "activities": [collapse(activity) for activity in area["activities"]],
    }
