"""The one writer for every CSV and XLSX file the product hands to people, and its reader's inverse.

Spreadsheet programs execute a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some, TAB or CR) as a formula: a name such as ``=HYPERLINK(...)`` becomes a live link in
HR's export. Source: OWASP, *CSV Injection*
(https://owasp.org/www-community/attacks/CSV_Injection).

- **XLSX**: every text is written as a string cell with Excel's *quote prefix*, never a
  formula; dates and numbers keep their types. The sheet is one to work in: the header row
  frozen, an autofilter, column widths fitted to the content.
- **CSV**: every field is quoted and a text that starts with a formula character gets a
  leading apostrophe, as OWASP advises. A text that already starts with an apostrophe
  followed by such a character (or by another apostrophe) gets one more, so
  ``unescape_cell`` gives back exactly what was exported: export → import changes nothing.
  Ordinary leading apostrophes (``'s-Hertogenbosch``) are left alone both ways. The file is
  written as it is sent (``stream_csv``): its size costs no memory.
"""

import csv
import datetime
import decimal
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = "'"
# The control characters a worksheet cannot hold (openpyxl refuses them): shown as U+FFFD instead, so
# a stray one in someone's free text (an answer, a comment) never makes a whole export fail.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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


CSV_BATCH_ROWS = 200  # rows a chunk of a streamed CSV: tens of kilobytes, a few per second of rows made
_LINE_END = "\r\n"


def stream_csv(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV of ``write_csv`` in UTF-8 chunks, reading ``rows`` only as the chunks are asked for: the
    BOM and the header first (before a row is made), then ``CSV_BATCH_ROWS`` rows a chunk.

    Each line's break is sent at the start of the next chunk, the last one alone at the end: a stream
    broken off half-way (an error while the rows are made, after the headers went out as 200) ends
    without its final line break, so the cut-off file does not look complete. Raises what ``rows``
    raises.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator=_LINE_END)
    writer.writerow([_csv_text(title) for title in header])
    yield ("\ufeff" + buffer.getvalue()[: -len(_LINE_END)]).encode("utf-8")
    rows = iter(rows)
    while batch := list(islice(rows, CSV_BATCH_ROWS)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([_csv_text(value) for value in row] for row in batch)
        yield (_LINE_END + buffer.getvalue()[: -len(_LINE_END)]).encode("utf-8")
    yield _LINE_END.encode("utf-8")


def write_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A semicolon-separated UTF-8 CSV (with BOM, so Excel reads the accents), every field quoted, as
    one ``bytes`` (``stream_csv`` gives the same file in chunks).

    ``rows`` hold text, numbers, dates or ``None``; texts are escaped by ``escape_cell``.
    """
    return b"".join(stream_csv(header, rows))


DATE_FORMAT = "d-m-yyyy"  # how Dutch readers write a date; the cell stays a real date
DATETIME_FORMAT = "d-m-yyyy hh:mm"
_MIN_WIDTH, _MAX_WIDTH = 8, 60  # characters: wide enough for a date, never wider than a screen


def _shown_width(value) -> int:
    """About how many characters a value takes in its cell (dates as ``DATE_FORMAT`` shows them)."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(header: Sequence[str], rows: Sequence[Sequence]) -> list[int]:
    """The width of each column in characters: its longest value or title, within 8 and 60."""
    widths = [_shown_width(title) for title in header]
    for row in rows:
        for index, value in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], _shown_width(value))
    return [min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH) for width in widths]


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Export") -> bytes:
    """An XLSX workbook with one sheet, made to be worked with: a bold header row that stays in view
    (frozen), an autofilter over the table, columns as wide as their content; texts as string cells
    (never formulas), numbers as numbers, dates as date cells shown ``d-m-yyyy``.

    ``rows`` hold text, numbers, booleans, dates (``datetime.date``; naive ``datetime``) or ``None``.
    ``sheet_title`` is cut to Excel's 31 characters. A timezone-aware datetime is a ``ValueError``
    (Excel has no time zones: convert to local time first).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = [list(row) for row in rows]
    header = list(header)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for index, width in enumerate(column_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    bold = Font(bold=True)

    def cells(values: Sequence, *, font=None) -> list:
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=None)
            if isinstance(value, str):
                cell.value = _NOT_IN_XLSX.sub("\ufffd", value)
                cell.data_type = "s"  # openpyxl would make "=…" a formula
                if value.startswith((*FORMULA_TRIGGERS, _ESCAPE)):
                    cell.quotePrefix = True  # Excel keeps it text even after the cell is edited
            else:
                if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                    raise ValueError("Excel has no time zones: give a local, naive datetime.")
                cell.value = value
                if isinstance(value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
            if font is not None:
                cell.font = font
            out.append(cell)
        return out

    sheet.append(cells(header, font=bold))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
