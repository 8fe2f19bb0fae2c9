"""Readers: each turns one file format into the same ``Structure``.

``read_file(name, data)`` picks the reader by the file's extension, else by its content:
``.docx`` (a ZIP with ``word/document.xml``), ``.xlsx`` (a ZIP with ``xl/``), ``.pdf`` (``%PDF``), ``.html``/``.htm``
(or text starting with ``<!doctype html`` / ``<html``), anything else as UTF-8 text.
"""

from pathlib import PurePath

from django.utils.translation import gettext as _

from frameworks.importers.readers.docx import DocxError, read_docx
from frameworks.importers.readers.html import read_html
from frameworks.importers.readers.pdf import PdfError, read_pdf
from frameworks.importers.readers.text import read_text, without_control_characters
from frameworks.importers.readers.xlsx import XlsxError, read_xlsx
from frameworks.importers.structure import Structure

__all__ = ["ReadError", "read_file", "read_html", "read_text"]


class ReadError(ValueError):
    """The file cannot be read as any supported format."""


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return "docx"
    if data.startswith(b"PK\x03\x04") and b"xl/" in data[:4096]:
        return "xlsx"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def read_file(name: str, data: bytes) -> Structure:
    """Read the bytes of an uploaded or named file; raises ``ReadError`` naming what is wrong."""
    extension = PurePath(name).suffix.casefold()
    kinds = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}
    kind = kinds.get(extension) or _sniff(data)
    if extension in (".doc", ".xls", ".odt", ".ods"):
        raise ReadError(
            _("%(extension)s files are not read: save it as .docx, .xlsx, .pdf or .txt")
            % {"extension": extension}
        )
    try:
        if kind == "docx":
            return read_docx(data)
        if kind == "pdf":
            return read_pdf(data)
        if kind == "xlsx":
            return read_xlsx(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        return read_html(without_control_characters(text)) if kind == "html" else read_text(text)
    except (DocxError, PdfError, XlsxError) as error:
        raise ReadError(str(error)) from error
