"""The building blocks of every PDF (reportlab): fonts, styles, paragraphs, tables, the page footer.

User text is always escaped before it reaches reportlab's mini-markup, so ``<b>``, ``&``
or ``<script>`` print as typed. Long texts are paragraphs in the flow (never inside a
table cell), so they split across pages.
"""

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Table, TableStyle

from core.dates import long_date
from core.files import organisation_logo

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
ACCENT = colors.HexColor("#1d4f91")
LINE = colors.HexColor("#c9ced6")
SHADE = colors.HexColor("#eef2f7")


@cache
def _register_fonts() -> None:
    """Embed DejaVu (vendored): ë, é, ï, € and most scripts survive; the PDF needs no font on the reader."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@cache
def styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=3)
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444")
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5, spaceAfter=0),
        "label": ParagraphStyle(
            "label", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5, spaceAfter=0
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "org": ParagraphStyle("org", parent=base, fontSize=10, textColor=ACCENT, alignment=TA_RIGHT),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=ACCENT,
            keepWithNext=1,  # a heading never ends a page
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=6, keepWithNext=1
        ),
    }


def text(value, style: str = "body") -> Paragraph:
    """A paragraph of user or database text, printed literally (a number 0 as 0; None as nothing)."""
    return Paragraph(escape("" if value is None else str(value)).replace("\n", "<br/>"), styles()[style])


def labelled(label: str, value, style: str = "body") -> Paragraph:
    return Paragraph(
        f"<b>{escape(label)}:</b> {escape(str(value or '—')).replace(chr(10), '<br/>')}", styles()[style]
    )


def fmt_date(value) -> str:
    """A date as people write it in the active language ("1 december 2026"), never ISO; "—" for none."""
    return long_date(value)


def signed_on(signature: str, date) -> str:
    """The signature with its date, as the page says it: "Voor gezien ondertekend op 9 december 2026"."""
    if not date:
        return signature
    return _("%(signature)s on %(date)s") % {"signature": signature, "date": fmt_date(date)}


def grid(rows: list[list], widths: list[float], *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def _numbered_canvas(footer_left: str, page_label: str):
    """A canvas that knows the page count when it writes each footer ("page x of y")."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor("#555"))
                self.drawString(18 * mm, 10 * mm, footer_left)
                self.drawRightString(A4[0] - 18 * mm, 10 * mm, page_label % {"page": number, "pages": total})
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(story: list, *, title: str, author: str, subject: str, footer: str) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="Gesprekscyclus",
    )
    document.build(story, canvasmaker=_numbered_canvas(footer, _("Page %(page)s of %(pages)s")))
    return buffer.getvalue()


def header(organisation: str, logo_path: str, title: str) -> list:
    parts = []
    if (logo_file := organisation_logo(logo_path)) is not None:
        logo = Image(logo_file)
        ratio = min(40 * mm / logo.imageWidth, 14 * mm / logo.imageHeight)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * ratio, logo.imageHeight * ratio
        parts.append(Table([[logo, text(organisation, "org")]], colWidths=[60 * mm, None]))
    else:
        parts.append(text(organisation, "org"))
    parts.append(text(title, "title"))
    return parts
