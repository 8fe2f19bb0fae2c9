"""A Word document (``.docx``) as a ``Structure``, with python-docx.

Word says what the text only suggests: a paragraph in style ``Heading N`` (``Kop N``) or
``Title`` is a heading of level N, one in a list style or with numbering properties is a
list item (its level from ``w:ilvl``, numbered or bulleted from the style name or the
numbering definition), a table keeps its rows and cells. Manual glyphs typed in front of
a paragraph (``• ``, ``– ``) are read as in plain text.
"""

import io
import re
import zipfile

from frameworks.importers.readers.text import read_text
from frameworks.importers.structure import (
    BULLET,
    HEADING,
    ITEM,
    NUMBER,
    PARAGRAPH,
    TABLE,
    Element,
    Structure,
    collapse,
    render,
)

HEADING_STYLE_RE = re.compile(r"^(?:heading|kop)\s*(?P<level>\d)$", re.IGNORECASE)
LIST_STYLE_RE = re.compile(r"^list\s*(?P<kind>bullet|number|paragraph)?\s*(?P<level>\d)?$", re.IGNORECASE)


class DocxError(ValueError):
    pass


def _paragraph_element(paragraph, line: int) -> Element | None:
    from docx.oxml.ns import qn

    text = collapse(paragraph.text)
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.casefold() == "title":
        return Element(HEADING, line, text, level=1)
    if match := HEADING_STYLE_RE.match(style):
        return Element(HEADING, line, text, level=int(match["level"]))
    properties = paragraph._p.pPr
    numbering = properties.find(qn("w:numPr")) if properties is not None else None
    list_style = LIST_STYLE_RE.match(style)
    if numbering is not None or list_style:
        depth = 0
        if numbering is not None and (ilvl := numbering.find(qn("w:ilvl"))) is not None:
            depth = int(ilvl.get(qn("w:val"), "0") or 0)
        elif list_style and list_style["level"]:
            depth = int(list_style["level"]) - 1
        numbered = bool(list_style and (list_style["kind"] or "").casefold() == "number")
        return Element(
            ITEM,
            line,
            text,
            depth=depth,
            marker=NUMBER if numbered else BULLET,
            label="" if numbered else "•",
        )
    # A paragraph in Normal style: typed glyphs, numbers and upper-case headings as in plain text.
    (element,) = read_text(text).elements or (Element(PARAGRAPH, 1, text),)
    return Element(
        element.kind, line, element.text, element.level, element.depth, element.marker, element.label
    )


def read_docx(data: bytes) -> Structure:
    """Read a .docx; raises ``DocxError`` when the bytes are not a Word document."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocxError(f"not a readable Word document ({error})") from error

    elements: list[Element] = []
    line = 1
    numbers: dict[int, int] = {}  # running count per depth of the current numbered list
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            element = _paragraph_element(Paragraph(block, document), line)
            if element is None:
                continue
            if element.kind == ITEM and element.marker == NUMBER and not element.label:
                numbers = {depth: count for depth, count in numbers.items() if depth <= element.depth}
                numbers[element.depth] = numbers.get(element.depth, 0) + 1
                label = ".".join(str(numbers.get(depth, 1)) for depth in range(element.depth + 1))
                element = Element(ITEM, line, element.text, depth=element.depth, marker=NUMBER, label=label)
            elif element.kind != ITEM:
                numbers = {}
            elements.append(element)
            line += 1
        elif tag == "tbl":
            rows = []
            for row in Table(block, document).rows:
                cells = tuple(
                    "\n".join(collapse(part.text) for part in cell.paragraphs if part.text.strip())
                    for cell in row.cells
                )
                if any(cells):
                    rows.append(cells)
            if rows:
                elements.append(Element(TABLE, line, rows=tuple(rows)))
                line += len(rows)
    return Structure(elements, source="docx", text=render(elements))
