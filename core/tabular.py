"""The one writer for every CSV and XLSX file the product hands to people, and its reader's inverse.

Spreadsheet programs execute a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some, TAB or CR) as a formula: a name such as ``=HYPERLINK(...)`` becomes a live link in
HR's export. Source: OWASP, *CSV Injection*
(https://owasp.org/www-community/attacks/CSV_Injection).

- **XLSX**: every text is written as a string cell with Excel's *quote prefix*, never a
  formula; dates and numbers keep their types.
- **CSV**: every field is quoted and a text that starts with a formula character gets a
  leading apostrophe, as OWASP advises. A text that already starts with an apostrophe
  followed by such a character (or by another apostrophe) gets one more, so
  ``unescape_cell`` gives back exactly what was exported: export → import changes nothing.
  Ordinary leading apostrophes (``'s-Hertogenbosch``) are left alone both ways.
"""

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Sequence

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = "'"


def escape_cell(value: str) -> str:
    """A text as it must stand in a CSV file so that no spreadsheet runs it as a formula."""
    if value.startswith(FORMULA_TRIGGERS) or (
        value.startswith(_ESCAPE) and value[1:2] in (*FORMULA_TRIGGERS, _ESCAPE) and len(value) > 1
    ):
        return _ESCAPE + value
    return value


def unescape_cell(value: str) -> str:
    """The inverse of ``escape_cell``, applied by the importers to every text cell they read."""
    if value.startswith(_ESCAPE) and len(value) > 1 and value[1] in (*FORMULA_TRIGGERS, _ESCAPE):
        return value[1:]
    return value


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)  # a number is data, not a formula: "-3" stays "-3"
    return escape_cell(str(value))


def write_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A semicolon-separated UTF-8 CSV (with BOM, so Excel reads the accents), every field quoted.

    ``rows`` hold text, numbers, dates or ``None``; texts are escaped by ``escape_cell``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([_csv_text(title) for title in header])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Export") -> bytes:
    """An XLSX workbook with one sheet: texts as string cells (never formulas), other values typed.

    ``sheet_title`` is cut to Excel's 31 characters.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])

    def cells(values: Sequence) -> list:
        out = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=None)
                cell.value = value
                cell.data_type = "s"  # openpyxl would make "=…" a formula
                if value.startswith((*FORMULA_TRIGGERS, _ESCAPE)):
                    cell.quotePrefix = True  # Excel keeps it text even after the cell is edited
                out.append(cell)
            else:
                out.append(value)
        return out

    sheet.append(cells(list(header)))
    for row in rows:
        sheet.append(cells(list(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
