"""Plain or pasted text (and the text ``pdftotext -layout`` makes of a PDF) as a ``Structure``.

Per line: a separator (``_____``, ``-----``), a Markdown ``#`` heading or an upper-case
line (a heading of unknown level), a list item with a glyph (any of ``• · ○ ▪ ◦ – — - *
+ ►``), a number (``1.``, ``1)``, ``1.2``) or a letter (``a)``, ``A.``), a row of a
tab-separated table (two or more cells), or a paragraph. Lines without a marker are
paragraphs: whether they are list items without a glyph is for the recogniser to decide,
which knows where a list is expected. The depth of a glyph item comes from its
indentation, of a numbered one from its number (``1.2`` is one deeper than ``1``).
"""

import re
import unicodedata

from frameworks.importers.structure import (
    BULLET,
    HEADING,
    ITEM,
    LETTER,
    NUMBER,
    PARAGRAPH,
    SEPARATOR,
    TABLE,
    Element,
    Structure,
    collapse,
)

# Lines a web export leaves behind that carry no content.
NOISE_LINES = {"scroll naar top", "terug naar boven", "print deze pagina"}
SEPARATOR_RE = re.compile(r"^(?:[_=~*\-–—.·•]\s*){3,}$")
MARKDOWN_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>\S.*)$")
# A glyph, not a run of rating glyphs ("●●○" is a level written as dots, not a bullet).
BULLET_RE = re.compile(r"^(?P<glyph>[•·○●▪◦‣⁃■□➢►✓➤–—−](?![●○★☆])|[-*+](?=\s)|o(?=\s))\s*(?P<text>\S.*)$")
NUMBER_RE = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})*)(?:[.)]|(?=\s))\s*(?P<text>\S.*)$")
LETTER_RE = re.compile(r"^(?P<label>[A-Za-z])[.)]\s+(?P<text>\S.*)$")
# A lone list marker: "1." or "·" before a tab starts an item, not a table row.
MARKER_CELL_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[A-Za-z][.)]|[•·○●▪◦–—\-*])$")
NUMBER_ONLY_RE = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})*)[.)]$")
TAB_WIDTH = 4


# Control characters a document may carry (NUL from a binary save, a bell, an escape): invisible on
# the page, refused by the preview's fields and by PostgreSQL. A form feed (a page break) is a new line.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def without_control_characters(text: str) -> str:
    return CONTROL_RE.sub("", text.replace("\x0c", "\n"))


def normalise_text(text: str) -> str:
    text = without_control_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


def _indent(raw: str) -> int:
    expanded = raw.expandtabs(TAB_WIDTH)
    return len(expanded) - len(expanded.lstrip(" "))


def _is_upper_heading(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters) and not text.endswith(".")


def read_text(text: str, *, source: str = "text") -> Structure:
    """Read plain text into a ``Structure``; never raises on any input string."""
    text = normalise_text(text)
    elements: list[Element] = []
    indents: list[int] = []  # the indentation of each open glyph-list depth
    table: list[tuple[str, ...]] = []
    table_lines: list[int] = []

    def close_table():
        nonlocal table, table_lines
        if table:
            elements.append(Element(TABLE, table_lines[0], rows=tuple(table), row_lines=tuple(table_lines)))
            table, table_lines = [], []

    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = collapse(raw)
        cells = [collapse(cell) for cell in raw.split("\t")]
        filled = [cell for cell in cells if cell]
        # Two cells, or one cell placed in its column by tabs below a table row (a matrix column, or
        # the first cell of a row whose other cells are empty).
        in_column = bool(table) and "\t" in raw.strip(" ") and len(filled) == 1
        # A bare number under a table row is a cell ("1<tab>12" in a level-scale table), not a list marker.
        bare_number = bool(table) and filled[:1] != [] and filled[0].isdigit()
        if (len(filled) >= 2 and (bare_number or not MARKER_CELL_RE.match(filled[0]))) or in_column:
            table_lines.append(number)
            # Keep the columns: leading empty cells place a cell in its column.
            while cells and not cells[-1]:
                cells.pop()
            table.append(tuple(cells))
            continue
        if not stripped:
            indents = []
            continue  # a blank line between two rows does not end a table
        close_table()
        if stripped.casefold() in NOISE_LINES:
            continue
        if SEPARATOR_RE.match(stripped):
            elements.append(Element(SEPARATOR, number, text=stripped))
            indents = []
            continue
        if match := MARKDOWN_HEADING_RE.match(stripped):
            elements.append(Element(HEADING, number, match["text"], level=len(match["hashes"])))
            continue
        if match := BULLET_RE.match(stripped):
            indent = _indent(raw)
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            elements.append(
                Element(
                    ITEM, number, match["text"], depth=len(indents) - 1, marker=BULLET, label=match["glyph"]
                )
            )
            continue
        indents = []
        if match := NUMBER_ONLY_RE.match(stripped):
            # A number alone on its line: the item's text follows on the next line.
            label = match["label"]
            elements.append(Element(ITEM, number, "", depth=label.count("."), marker=NUMBER, label=label))
        elif match := NUMBER_RE.match(stripped):
            label = match["label"]
            elements.append(
                Element(ITEM, number, match["text"], depth=label.count("."), marker=NUMBER, label=label)
            )
        elif match := LETTER_RE.match(stripped):
            elements.append(Element(ITEM, number, match["text"], marker=LETTER, label=match["label"]))
        elif _is_upper_heading(stripped):
            elements.append(Element(HEADING, number, stripped))
        else:
            elements.append(Element(PARAGRAPH, number, stripped))
    close_table()
    return Structure(elements, source=source, text=text)
