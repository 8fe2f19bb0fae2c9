"""An Excel workbook (``.xlsx``) as a ``Structure``, with openpyxl (read-only, values not formulas).

Each sheet with content becomes a heading (the sheet's name) and a table of its rows
(empty rows and trailing empty cells left out; numbers written as they show: ``2``, not
``2.0``). Line numbers are those of the written-out document (heading, then one line per
row), so a warning names the row in the order it appears.
"""

import io
import zipfile

from django.utils.translation import gettext as _

from frameworks.importers.structure import HEADING, TABLE, Element, Structure, collapse, render

MAX_ROWS = 5000
MAX_COLUMNS = 200


class XlsxError(ValueError):
    pass


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return collapse(str(value))


def read_xlsx(data: bytes) -> Structure:
    """Read a .xlsx; raises ``XlsxError`` when the bytes are not a workbook or it is too large."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise XlsxError(_("not a readable Excel workbook (%(error)s)") % {"error": error}) from error
    elements: list[Element] = []
    line = 1
    try:
        for sheet in workbook.worksheets:
            rows = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    raise XlsxError(
                        _("sheet %(sheet)s has more than %(rows)s rows")
                        % {"sheet": sheet.title, "rows": MAX_ROWS}
                    )
                cells = [_cell_text(value) for value in row[:MAX_COLUMNS]]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append(tuple(cells))
            if not rows:
                continue
            elements.append(Element(HEADING, line, collapse(sheet.title), level=1))
            elements.append(Element(TABLE, line + 1, rows=tuple(rows)))
            line += 1 + len(rows)
    finally:
        workbook.close()
    return Structure(elements, source="xlsx", text=render(elements))
