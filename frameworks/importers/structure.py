"""The intermediate document every reader produces and every recogniser reads.

A document is a flat list of elements in reading order: headings with their level,
paragraphs, list items with their depth and marker kind, tables with rows of cells and
separator lines. Each element keeps the line it came from, so a warning or a refusal can
name it. For plain text (and a PDF, read as text) that is the line of the text; for a Word
document or a web page it is the line of ``Structure.text``, the document written out
one element (one table row) a line.
"""

import re
from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
TABLE = "table"
SEPARATOR = "separator"

# Marker kinds of a list item.
BULLET = "bullet"  # any glyph: • · ○ – - * …
NONE = "none"  # a list item without a glyph (a browser copy of an HTML list)
NUMBER = "number"  # 1. 1) 1.2
LETTER = "letter"  # a) A.

SENTENCE_END = ".!?;:"


@dataclass(frozen=True)
class Element:
    kind: str
    line: int  # 1-based
    text: str = ""
    level: int = 0  # heading level, 1 = top; 0 when the source does not say (plain text)
    depth: int = 0  # list depth, 0 = top
    marker: str = ""  # for items: BULLET, NONE, NUMBER or LETTER
    label: str = ""  # the number or letter as written ("1.2", "a"), or the bullet glyph
    rows: tuple[tuple[str, ...], ...] = ()  # for tables; a cell of several paragraphs holds "\n"
    row_lines: tuple[int, ...] = ()  # for tables: the line of each row, when not consecutive

    def row_line(self, index: int) -> int:
        return self.row_lines[index] if index < len(self.row_lines) else self.line + index

    @property
    def is_list_item(self) -> bool:
        return self.kind == ITEM

    @property
    def is_marked(self) -> bool:
        """A list item with a visible marker (glyph, number or letter)."""
        return self.kind == ITEM and self.marker != NONE

    @property
    def number_depth(self) -> int:
        """How deep a number label nests: 1 → 0, 1.2 → 1, 1.2.3 → 2."""
        return self.label.count(".") if self.marker == NUMBER else 0


@dataclass
class Structure:
    elements: list[Element]
    source: str = "text"  # text, html, docx, pdf
    text: str = ""  # the document as text; element lines refer to it
    notes: list[str] = field(default_factory=list)

    def content(self) -> list[Element]:
        """Everything but separator lines."""
        return [element for element in self.elements if element.kind != SEPARATOR]

    def to_data(self) -> dict:
        """The structure as JSON-ready data (the preview page carries it between its steps)."""
        return {
            "source": self.source,
            "text": self.text,
            "notes": list(self.notes),
            "elements": [
                {
                    name: list(map(list, value)) if name == "rows" else value
                    for name, value in vars(element).items()
                }
                for element in self.elements
            ],
        }

    @classmethod
    def from_data(cls, data: dict) -> "Structure":
        """The structure ``to_data`` wrote. Raises ``ValueError`` for data of another shape."""
        try:
            elements = [
                Element(
                    **{
                        **item,
                        "rows": tuple(tuple(str(cell) for cell in row) for row in item.get("rows", ())),
                        "row_lines": tuple(item.get("row_lines", ())),
                    }
                )
                for item in data["elements"]
            ]
            return cls(
                elements, str(data["source"]), str(data["text"]), [str(note) for note in data["notes"]]
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a structure: {error}") from error


def row_text(row: tuple[str, ...]) -> str:
    """A table row as one line: cells tab-separated, a cell's paragraphs joined by a space."""
    return "\t".join(cell.replace("\n", " ") for cell in row)


def cell_items(cell: str) -> list[str]:
    """The items in a cell: one per paragraph, a glyph in front taken off."""
    return [
        collapse(re.sub(r"^\s*(?:[•·○●▪◦–—\-*]|\d{1,2}[.)])\s+", "", part))
        for part in cell.split("\n")
        if part.strip()
    ]


def render(elements: list[Element]) -> str:
    """The elements written out as text, one element (one table row) a line, at its ``line``."""
    lines: list[str] = []
    for element in elements:
        while len(lines) < element.line - 1:
            lines.append("")
        if element.kind == TABLE:
            lines.extend(row_text(row) for row in element.rows)
            continue
        text = element.text
        if element.kind == ITEM:
            indent = "  " * element.depth
            prefix = {
                BULLET: "• ",
                NONE: "",
                NUMBER: f"{element.label}. ",
                LETTER: f"{element.label}) ",
            }[element.marker]
            text = f"{indent}{prefix}{text}"
        elif element.kind == SEPARATOR:
            text = "_" * 10
        lines.append(text)
    return "\n".join(lines) + "\n"


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip("\"'”’)")
    return bool(stripped) and stripped[-1] in SENTENCE_END


def is_name_like(text: str) -> bool:
    """Could this be a competency name or a title: short, no closing punctuation, a capital first?"""
    text = text.strip()
    return (
        0 < len(text.split()) <= 6
        and not ends_sentence(text)
        and not text.endswith(",")
        and (text[:1].isupper() or text[:1].isdigit())
    )
