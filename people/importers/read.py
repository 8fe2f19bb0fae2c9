"""An uploaded HR export (CSV or XLSX) as a stream of rows, read within limits.

Runs in the worker, never in the web process. Nothing is read whole into a list: rows are
yielded one by one and reading stops at ``IMPORT_MAX_ROWS``. Before openpyxl sees an XLSX,
the sizes its zip members declare are added up and the file is refused above
``IMPORT_MAX_UNZIPPED_BYTES`` (Python's ``zipfile`` never inflates a member beyond its
declared size, so the declared sizes bound the work). What is read is what the
spreadsheet shows: a number cell formatted ``000000`` reads ``000412``; a CSV text is
un-escaped with ``core.tabular.unescape_cell`` (the export's formula escaping), so export →
import changes nothing.

Every failure is an ``ImportFileError`` with a message for HR, never an exception's text.
"""

import codecs
import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

from core.tabular import unescape_cell

logger = logging.getLogger(__name__)

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
BINARY_MAGIC = (ZIP_MAGIC, b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
# Byte-order marks, longest first (the UTF-32 LE mark starts like the UTF-16 LE one).
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
SNIFF_BYTES = 8192
MAX_ZIP_MEMBERS = 1000  # an XLSX from Excel or LibreOffice has a few dozen
Row = tuple[int, list]  # the row's number as the spreadsheet shows it (header = 1), its cells


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, size, headers); the message is for HR."""


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.0f}"


def check_head(head: bytes, filename: str) -> None:
    """Refuse at once, from the file's first bytes, what is no CSV or XLSX file: ``ImportFileError``.

    ``head`` is the start of the upload (``SNIFF_BYTES`` suffice). Cheap enough for the web
    request; everything else is checked by the worker. Becomes a form error / HTTP 400.
    """
    name = filename.lower()
    if name.endswith(XLSX_SUFFIXES):
        if not head.startswith(ZIP_MAGIC):
            raise ImportFileError(
                _("This is not an XLSX file. Save it from Excel as .xlsx, or as CSV UTF-8.")
            )
    elif name.endswith(CSV_SUFFIXES):
        if head.startswith(BINARY_MAGIC):
            raise ImportFileError(
                _(
                    "This is not a CSV file but another kind of file. Save it from Excel as CSV UTF-8 or .xlsx."
                )
            )
        if not any(head.startswith(bom) for bom, _encoding in BOMS) and _looks_like_utf16(head):
            raise ImportFileError(
                _(
                    "This file is saved as UTF-16 without a byte-order mark, which cannot be read. "
                    "Save it from Excel as CSV UTF-8."
                )
            )
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))


def too_large_message() -> str:
    """The message for a file above ``IMPORT_MAX_UPLOAD_BYTES``: a form error on the page, HTTP 400 in the API."""
    return _("The file is larger than %(size)s MB. Split it into smaller files.") % {
        "size": max(1, settings.IMPORT_MAX_UPLOAD_BYTES // (1 << 20))
    }


def check_upload(*, file) -> None:
    """What the web request checks of an uploaded file: its size, its name and its first bytes.

    ``file`` is a Django ``UploadedFile``; it is left at its start. Never reads the rows (the
    worker does). Raises ``ImportFileError`` (a form error / HTTP 400).
    """
    if file.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ImportFileError(too_large_message())
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    check_head(head, file.name)


def _looks_like_utf16(head: bytes) -> bool:
    """Text in UTF-16 has a NUL in every other byte; a stray NUL in a cell does not look like that."""
    return len(head) >= 4 and head.count(0) * 4 >= len(head)


def read_table(content: bytes, filename: str) -> tuple[list[str], Iterator[Row]]:
    """The header (cells as text, control characters kept for the caller to refuse) and the data rows.

    The rows are a generator: each is ``(number, cells)``, blank rows skipped; iterating
    raises ``ImportFileError`` on an unreadable part or once more than ``IMPORT_MAX_ROWS``
    data rows were read. CSV cells are text (un-escaped); XLSX cells are text as shown,
    dates or ``None``. Raises ``ImportFileError`` at once for a file of the wrong kind or an
    empty one. Runs in the worker: the upload ends ``rejected`` with the message, no HTTP status.
    """
    check_head(content[:SNIFF_BYTES], filename)
    rows = _xlsx_rows(content) if filename.lower().endswith(XLSX_SUFFIXES) else _csv_rows(content)
    rows = _non_blank(rows)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    header = [str(cell) if cell is not None else "" for cell in first[1]]
    return header, _limited(rows, settings.IMPORT_MAX_ROWS)


def _non_blank(rows: Iterator[Row]) -> Iterator[Row]:
    for number, cells in rows:
        if any(cell is not None and str(cell).strip() for cell in cells):
            yield number, cells


def _limited(rows: Iterator[Row], max_rows: int) -> Iterator[Row]:
    for count, row in enumerate(rows, start=1):
        if count > max_rows:
            rows.close()
            raise ImportFileError(
                _(
                    "At most %(max)s rows per file. Split the file, or ask your administrator to raise the limit."
                )
                % {"max": max_rows}
            )
        yield row


# --- CSV ------------------------------------------------------------------------------------


def _csv_encoding(content: bytes) -> str:
    for bom, encoding in BOMS:
        if content.startswith(bom):
            return encoding
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(content), 1 << 20):  # checked in pieces: no decoded copy is kept
            decoder.decode(content[start : start + (1 << 20)], final=start + (1 << 20) >= len(content))
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _csv_rows(content: bytes) -> Iterator[Row]:
    encoding = _csv_encoding(content)
    try:
        sample = content[: SNIFF_BYTES * 2].decode(encoding, errors="ignore")
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    reader = csv.reader(text, dialect)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("Row %(row)s cannot be read as text. Save the file from Excel as CSV UTF-8.")
                % {"row": number + 1}
            ) from error
        except csv.Error as error:
            raise ImportFileError(
                _("Row %(row)s is not valid CSV (a cell is too long, or a quote is not closed).")
                % {"row": number + 1}
            ) from error
        number += 1
        yield number, [unescape_cell(cell) if cell[:1] == "'" else cell for cell in cells]


# --- XLSX -----------------------------------------------------------------------------------


def _check_zip(content: bytes) -> None:
    """Refuse an XLSX whose members unpack to more than ``IMPORT_MAX_UNZIPPED_BYTES`` in total."""
    limit = settings.IMPORT_MAX_UNZIPPED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError(_("This XLSX file is damaged. Open it in Excel and save it again.")) from error
    if len(members) > MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > limit:
        raise ImportFileError(
            _(
                "This XLSX file unpacks to more than %(limit)s MB. Save only the sheet with the "
                "employees, or save it as CSV UTF-8."
            )
            % {"limit": _megabytes(limit)}
        )


def _xlsx_rows(content: bytes) -> Iterator[Row]:
    from openpyxl import load_workbook

    _check_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows():
            number = next((cell.row for cell in cells if getattr(cell, "row", None)), None)
            yield number or 0, [_shown(cell) for cell in cells]
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        logger.info("unreadable XLSX upload", exc_info=True)
        raise ImportFileError(_("This XLSX file is damaged. Open it in Excel and save it again.")) from error


def _shown(cell):
    """A cell's value as Excel shows it: numbers through their number format, texts as they are."""
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return format_number(value, getattr(cell, "number_format", "General") or "General")


_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def format_number(value: int | float, number_format: str) -> str:
    """``value`` as Excel shows it in ``number_format``, for the formats HR exports use for numbers.

    A whole number in a format of zeros (``000000``, ``#,##000``) gets as many digits as the
    format has zeros, so employee number 412 formatted ``000000`` reads ``000412``. Any
    other format gives the plain number (``412``, ``3.5``): thousands separators, currency
    and colours are presentation, not part of an employee number or a level.
    """
    section = _LITERALS.sub("", number_format.split(";")[0])
    if float(value).is_integer():
        whole = int(value)
        if re.fullmatch(r"[0#,]*0[0#,]*", section):
            digits = section.count("0")
            return ("-" if whole < 0 else "") + str(abs(whole)).zfill(digits)
        return str(whole)
    return repr(float(value))
