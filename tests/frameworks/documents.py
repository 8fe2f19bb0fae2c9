"""Word and PDF versions of the corpus documents, made inside the tests (python-docx, reportlab).

The .docx is what Word would store: headings in heading styles (the page title in
``Title``, a group heading in ``Heading 1``, a competency or section in ``Heading 2``,
``Niveau N`` in ``Heading 3``), list items in ``List Bullet``/``List Number`` styles with
their level, tab-separated rows as a real table. The PDF is the text laid out as a page:
indentation kept, tab-separated cells in columns, long lines wrapped as a word processor
would.
"""

import io
import re
from pathlib import Path

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from frameworks.importers.readers.text import read_text
from frameworks.importers.structure import BULLET, HEADING, ITEM, LETTER, NUMBER, TABLE

GROUP_RE = re.compile(r"^\d{1,2}\s")
# Helvetica draws only Latin-1 (WinAnsi): stars (★), dots (●) and ○ bullets need a Unicode font.
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pdf_font(text: str) -> str | None:
    """The font the PDF of this text is drawn in; None when it needs a Unicode font that is missing."""
    try:
        text.encode("cp1252")
        return "Helvetica"
    except UnicodeEncodeError:
        if not UNICODE_FONT.exists():
            return None
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(UNICODE_FONT)))
        return "DejaVuSans"


LEVEL_RE = re.compile(r"^niveau\s*\d", re.IGNORECASE)


def to_docx(text: str) -> bytes:
    document = Document()
    elements = read_text(text).content()

    def in_a_run(index: int) -> bool:
        """A numbered item next to another at its depth is a list item, not a numbered heading."""
        return any(
            0 <= other < len(elements)
            and elements[other].marker == NUMBER
            and elements[other].depth == elements[index].depth
            for other in (index - 1, index + 1)
        )

    for index, element in enumerate(elements):
        if element.kind == TABLE:
            columns = max(len(row) for row in element.rows)
            table = document.add_table(rows=0, cols=columns)
            for row in element.rows:
                cells = table.add_row().cells
                for index, value in enumerate(row):
                    cells[index].text = value
        elif LEVEL_RE.match(element.text):
            document.add_heading(element.text, level=3)
        elif element.kind == HEADING:
            document.add_heading(element.text, level=min(element.level or 2, 3))
        elif (
            element.kind == ITEM
            and element.marker == NUMBER
            and element.depth == 0
            and not in_a_run(index)
            and GROUP_RE.match(f"{element.label} {element.text}")
            and "." not in element.label
            and len(element.text.split()) <= 4
            and not element.text.endswith(".")
        ):
            document.add_heading(f"{element.label} {element.text}", level=1)
        elif element.kind == ITEM and element.marker == NUMBER and element.depth > 0:
            document.add_heading(f"{element.label} {element.text}", level=2)
        elif element.kind == ITEM and element.marker == BULLET:
            document.add_paragraph(
                element.text, style="List Bullet" + (f" {element.depth + 1}" if element.depth else "")
            )
        elif element.kind == ITEM and element.marker == NUMBER:
            document.add_paragraph(element.text, style="List Number")
        elif element.kind == ITEM and element.marker == LETTER:
            document.add_paragraph(f"{element.label}) {element.text}")
        else:
            document.add_paragraph(element.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(text: str, *, wrap_at: int = 80) -> bytes:
    font = pdf_font(text)
    assert font, f"drawing this text needs {UNICODE_FONT}"
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    height = A4[1]
    y = height - 60
    size = 10

    def line(x, value, font_size=size):
        nonlocal y
        if y < 60:
            page.showPage()
            y = height - 60
        page.setFont(font, font_size)
        page.drawString(x, y, value)

    for raw in text.split("\n"):
        if "\t" in raw.strip("\t"):
            for column, cell in enumerate(raw.split("\t")):
                line(40 + column * 175, cell, 7)
            y -= size * 1.4
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        words, current = raw.strip().split(), ""
        chunks = []
        for word in words:
            if current and len(current) + len(word) + 1 > wrap_at:
                chunks.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        chunks.append(current)
        for number, chunk in enumerate(chunks):
            hanging = 12 if number and chunks[0][:1] in "•–-·" else 0
            line(50 + indent * 5 + hanging, chunk)
            y -= size * 1.4
    page.save()
    return buffer.getvalue()
