"""The PDF reader drops page numbers, and only page numbers."""

import io
import shutil

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from frameworks.importers.readers import read_file

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")


def pdf(pages: list[tuple[list[str], str]]) -> bytes:
    """Pages of lines, each with its footer drawn at the foot of the page."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for lines, footer in pages:
        page.setFont("Helvetica", 10)
        for index, line in enumerate(lines):
            page.drawString(50, A4[1] - 60 - index * 14, line)
        page.drawString(A4[0] / 2, 30, footer)
        page.showPage()
    page.save()
    return buffer.getvalue()


def test_page_numbers_go_and_a_level_table_ending_a_page_stays():
    data = pdf(
        [
            (["Niveaus", "NiveauSchaal", "112", "211"], "1"),
            (["Doel", "Adviseren over beleid."], "Pagina 2 van 2"),
        ]
    )
    texts = [element.text for element in read_file("profiel.pdf", data).elements]
    assert texts == ["Niveaus", "NiveauSchaal", "112", "211", "Doel", "Adviseren over beleid."]
