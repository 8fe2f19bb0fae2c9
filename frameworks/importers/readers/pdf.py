"""A PDF as a ``Structure``: poppler's ``pdftotext -layout``, then the plain-text reader.

Why poppler and not a Python PDF library: ``pdftotext`` is packaged by every Linux
distribution (Debian's poppler-utils, in the image and in CI), keeps indentation and
columns (``-layout``), which is what tells list depth and table cells apart, and adds no
dependency. Columns separated by three or more spaces become table cells; page breaks
and ``Pagina N van M`` footers are dropped. Line numbers are those of the extracted text.
"""

import re
import subprocess

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
        raise PdfError("not a PDF (it does not start with %PDF)")
    try:
        finished = subprocess.run(  # a fixed program; the PDF goes to its standard input
            [PDFTOTEXT, "-layout", "-enc", "UTF-8", "-q", "-", "-"],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as error:
        raise PdfError("pdftotext (poppler-utils) is not installed") from error
    except subprocess.TimeoutExpired as error:
        raise PdfError(f"reading the PDF took longer than {TIMEOUT_SECONDS} seconds") from error
    if finished.returncode != 0:
        raise PdfError(f"pdftotext cannot read it: {finished.stderr.decode(errors='replace').strip()}")
    return finished.stdout.decode("utf-8", errors="replace")


def read_pdf(data: bytes) -> Structure:
    lines = []
    for line in pdf_to_text(data).replace("\f", "\n").split("\n"):
        if FOOTER_RE.match(line) and line.strip():
            line = ""
        lines.append(COLUMN_GAP_RE.sub("\t", line.rstrip()))
    structure = read_text("\n".join(lines), source="pdf")
    return structure
