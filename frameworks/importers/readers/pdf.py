"""A PDF as a ``Structure``: poppler's ``pdftotext -layout``, then the plain-text reader.

Why poppler and not a Python PDF library: ``pdftotext`` is packaged by every Linux
distribution (Debian's poppler-utils, in the image and in CI), keeps indentation and
columns (``-layout``), which is what tells list depth and table cells apart, and adds no
dependency. Columns separated by three or more spaces become table cells; page breaks
and page numbers (``Pagina N van M``, or a page's own number at its foot or head) are
dropped. Line numbers are those of the extracted text.
"""

import re
import subprocess

from django.utils.translation import gettext as _

from frameworks.importers.readers.text import read_text
from frameworks.importers.structure import Structure

PDFTOTEXT = "pdftotext"
TIMEOUT_SECONDS = 60
COLUMN_GAP_RE = re.compile(r"(?<=\S) {3,}(?=\S)")
FOOTER_RE = re.compile(r"^\s*(?:pagina\s+)?\d+\s*(?:(?:van|/)\s*\d+)?\s*$", re.IGNORECASE)


class PdfError(ValueError):
    pass


def pdf_to_text(data: bytes) -> str:
    """The PDF's text with its layout; raises ``PdfError`` when poppler cannot read it."""
    if not data.startswith(b"%PDF"):
        raise PdfError(_("not a PDF (it does not start with %(magic)s)") % {"magic": "%PDF"})
    try:
        finished = subprocess.run(  # a fixed program; the PDF goes to its standard input
            [PDFTOTEXT, "-layout", "-enc", "UTF-8", "-q", "-", "-"],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as error:
        raise PdfError(_("pdftotext (poppler-utils) is not installed")) from error
    except subprocess.TimeoutExpired as error:
        raise PdfError(
            _("reading the PDF took longer than %(seconds)s seconds") % {"seconds": TIMEOUT_SECONDS}
        ) from error
    if finished.returncode != 0:
        raise PdfError(
            _("pdftotext cannot read it: %(error)s")
            % {"error": finished.stderr.decode(errors="replace").strip()}
        )
    return finished.stdout.decode("utf-8", errors="replace")


def _cell_starts(line: str) -> list[int]:
    """Where each cell of a line laid out in columns starts."""
    starts = [len(line) - len(line.lstrip(" "))]
    starts += [match.end() for match in COLUMN_GAP_RE.finditer(line)]
    return starts


def _columns(block: list[str]) -> list[str]:
    """Lines laid out in columns as tab-separated rows; a cell goes to the column it starts under.

    The column positions are those of the row with the most cells; a row whose first
    column is empty (an area continued) keeps an empty first cell. Blank lines stay blank.
    """
    widest = max((_cell_starts(line) for line in block if line.strip()), key=len)
    rows = []
    for line in block:
        if not line.strip():
            rows.append("")
            continue
        cells = [""] * len(widest)
        pieces = [piece for piece in COLUMN_GAP_RE.split(line.strip()) if piece]
        for start, piece in zip(_cell_starts(line), pieces, strict=False):
            column = max((index for index, position in enumerate(widest) if position <= start + 2), default=0)
            cells[column] = f"{cells[column]} {piece}".strip()
        rows.append("\t".join(cells))
    return rows


def _without_page_numbers(text: str) -> list[str]:
    """The lines of all pages, the page number at the foot or the head of each page blanked: ``Pagina
    3 van 5``, ``3/5``, or a lone number that is the page's own. Any other number (a level-scale
    row ``112``, the last of a table) is content."""
    lines: list[str] = []
    for number, page in enumerate(text.split("\f"), start=1):
        page_lines = page.split("\n")
        filled = [index for index, line in enumerate(page_lines) if line.strip()]
        for index in filled[-1:] + filled[:1]:
            match = FOOTER_RE.match(page_lines[index])
            if match and (not page_lines[index].strip().isdecimal() or int(page_lines[index]) == number):
                page_lines[index] = ""
        lines += page_lines
    return lines


def read_pdf(data: bytes) -> Structure:
    lines: list[str] = []
    block: list[str] = []  # lines in columns, with the blank lines between them

    def flush():
        trailing = 0
        while trailing < len(block) and not block[-1 - trailing].strip():
            trailing += 1
        if len(block) > trailing:
            lines.extend(_columns(block[: len(block) - trailing]))
        lines.extend([""] * trailing)
        block.clear()

    for line in _without_page_numbers(pdf_to_text(data)):
        line = line.rstrip()
        if COLUMN_GAP_RE.search(line) or (block and not line.strip()):
            block.append(line)
            continue
        flush()
        lines.append(line)
    flush()
    return read_text("\n".join(lines), source="pdf")
