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

from django.utils.translation import gettext as _

from frameworks.importers.readers.text import read_text
from frameworks.importers.structure import (
    BULLET,
    HEADING,
    ITEM,
    LETTER,
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


NUMBER_FORMATS = {"decimal", "decimalZero", "upperRoman", "lowerRoman", "ordinal", "cardinalText"}
LETTER_FORMATS = {"lowerLetter", "upperLetter"}


def numbering_formats(document) -> dict[tuple[str, int], str]:
    """(numId, level) → the number format Word draws (decimal, lowerLetter, bullet, …)."""
    from docx.oxml.ns import qn

    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for definition in numbering.findall(qn("w:abstractNum")):
        levels = abstract.setdefault(definition.get(qn("w:abstractNumId")), {})
        for level in definition.findall(qn("w:lvl")):
            number_format = level.find(qn("w:numFmt"))
            levels[int(level.get(qn("w:ilvl"), "0") or 0)] = (
                number_format.get(qn("w:val")) if number_format is not None else "bullet"
            )
    formats = {}
    for instance in numbering.findall(qn("w:num")):
        reference = instance.find(qn("w:abstractNumId"))
        if reference is not None:
            for level, number_format in abstract.get(reference.get(qn("w:val")), {}).items():
                formats[instance.get(qn("w:numId")), level] = number_format
    return formats


def _paragraph_element(
    paragraph, line: int, formats: dict[tuple[str, int], str]
) -> tuple[Element | None, str]:
    """The paragraph's element, and for a list item the list it belongs to (Word's numId, or its style)."""
    from docx.oxml.ns import qn

    text = collapse(paragraph.text)
    if not text:
        return None, ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.casefold() == "title":
        return Element(HEADING, line, text, level=1), ""
    if match := HEADING_STYLE_RE.match(style):
        return Element(HEADING, line, text, level=int(match["level"])), ""
    properties = paragraph._p.pPr
    numbering = properties.find(qn("w:numPr")) if properties is not None else None
    list_style = LIST_STYLE_RE.match(style)
    if numbering is not None or list_style:
        depth, number_format, list_key = 0, "", f"style:{style}"
        if numbering is not None:
            ilvl, num_id = numbering.find(qn("w:ilvl")), numbering.find(qn("w:numId"))
            depth = int(ilvl.get(qn("w:val"), "0") or 0) if ilvl is not None else 0
            if num_id is not None:
                list_key = num_id.get(qn("w:val"))
                number_format = formats.get((list_key, depth), "")
        elif list_style and list_style["level"]:
            depth = int(list_style["level"]) - 1
        if list_style and (list_style["kind"] or "").casefold() == "number":
            number_format = number_format or "decimal"
        if number_format in NUMBER_FORMATS:
            return Element(ITEM, line, text, depth=depth, marker=NUMBER), list_key
        if number_format in LETTER_FORMATS:
            return Element(ITEM, line, text, depth=depth, marker=LETTER, label=number_format[:1]), list_key
        return Element(ITEM, line, text, depth=depth, marker=BULLET, label="•"), list_key
    # A paragraph in Normal style: typed glyphs, numbers and upper-case headings as in plain text.
    (element,) = read_text(text).elements or (Element(PARAGRAPH, 1, text),)
    return (
        Element(
            element.kind, line, element.text, element.level, element.depth, element.marker, element.label
        ),
        "",
    )


def read_docx(data: bytes) -> Structure:
    """Read a .docx; raises ``DocxError`` when the bytes are not a Word document."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocxError(_("not a readable Word document (%(error)s)") % {"error": error}) from error

    elements: list[Element] = []
    line = 1
    formats = numbering_formats(document)
    # Running counts per list and depth: Word's numbered lists go on across other paragraphs;
    # a list by style alone (List Number) starts again after a paragraph that is not in it.
    counts: dict[str, dict[int, int]] = {}
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            element, list_key = _paragraph_element(Paragraph(block, document), line, formats)
            if element is None:
                continue
            if list_key and element.marker in (NUMBER, LETTER):
                numbers = counts.setdefault(list_key, {})
                for deeper in [depth for depth in numbers if depth > element.depth]:
                    del numbers[deeper]
                numbers[element.depth] = numbers.get(element.depth, 0) + 1
                if element.marker == LETTER:  # the label holds the format's first letter: l(ower) or u(pper)
                    letter = chr(ord("a") + (numbers[element.depth] - 1) % 26)
                    label = letter.upper() if element.label == "u" else letter
                else:
                    label = ".".join(str(numbers.get(depth, 1)) for depth in range(element.depth + 1))
                element = Element(
                    ITEM, line, element.text, depth=element.depth, marker=element.marker, label=label
                )
            elif element.kind != ITEM:
                counts = {key: value for key, value in counts.items() if not key.startswith("style:")}
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
