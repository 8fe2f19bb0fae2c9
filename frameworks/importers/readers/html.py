"""A web page (saved as ``.html``) as a ``Structure``, with Python's own ``html.parser``.

``h1``–``h6`` are headings of that level, ``li`` list items (depth: how many lists
around it; ``ol`` numbered, ``ol type="a"`` lettered, ``ul`` bullets), ``table`` rows of
``td``/``th`` cells (a cell's list items, paragraphs and lines one a line of the cell),
``hr`` a separator, and every other block of text a paragraph (a ``br`` ends one). Scripts, styles and the page head are skipped.
"""

from html.parser import HTMLParser

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
    render,
)

BLOCKS = {"p", "div", "section", "article", "header", "footer", "blockquote", "dd", "dt", "caption"}
SKIPPED = {"script", "style", "head", "title", "noscript", "template"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []  # kind, text, level, depth, marker, label, rows
        self.buffer: list[str] = []
        self.current: dict = {"kind": PARAGRAPH}
        self.lists: list[dict] = []  # open lists: {"marker", "count"}
        self.skipping = 0
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None

    # -- text -------------------------------------------------------------------------
    def flush(self):
        text = collapse("".join(self.buffer))
        self.buffer = []
        if text:
            self.blocks.append({**self.current, "text": text})
        self.current = {"kind": PARAGRAPH}

    def handle_data(self, data):
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.buffer.append(data)

    # -- tags -------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SKIPPED:
            self.skipping += 1
        elif self.cell is not None and (tag in BLOCKS or tag in ("li", "br", "ul", "ol")):
            self.cell.append("\n")  # a cell's list items and paragraphs: one a line of the cell
        elif self.table is not None and tag in ("td", "th"):
            self.cell = []
        elif self.table is not None and tag == "tr":
            self.table.append([])
        elif tag == "table":
            self.flush()
            self.table = []
        elif tag in ("ul", "ol"):
            self.flush()
            kind = (attributes.get("type") or "").strip()
            marker = NUMBER if tag == "ol" and kind not in ("a", "A") else LETTER if tag == "ol" else BULLET
            self.lists.append({"marker": marker, "count": 0, "upper": kind == "A"})
        elif tag == "li":
            self.flush()
            label = "•"
            marker = BULLET
            if self.lists:
                current = self.lists[-1]
                current["count"] += 1
                marker = current["marker"]
                if marker == NUMBER:
                    label = str(current["count"])
                elif marker == LETTER:
                    letter = chr(ord("a") + (current["count"] - 1) % 26)
                    label = letter.upper() if current["upper"] else letter
            self.current = {
                "kind": ITEM,
                "depth": max(len(self.lists) - 1, 0),
                "marker": marker,
                "label": label,
            }
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            self.current = {"kind": HEADING, "level": int(tag[1])}
        elif tag == "hr":
            self.flush()
            self.blocks.append({"kind": SEPARATOR, "text": "___"})
        elif tag == "br":
            kind = self.current
            self.flush()
            if kind["kind"] == ITEM:  # a line break inside an item: the item goes on
                self.current = {**kind, "continued": True}
        elif tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        elif self.table is not None and tag in ("td", "th"):
            if self.cell is not None and self.table:
                parts = (collapse(part) for part in "".join(self.cell).split("\n"))
                self.table[-1].append("\n".join(part for part in parts if part))
            self.cell = None
        elif tag == "table" and self.table is not None:
            rows = [tuple(row) for row in self.table if any(row)]
            if rows:
                self.blocks.append({"kind": TABLE, "rows": tuple(rows)})
            self.table = None
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag in ("li", "h1", "h2", "h3", "h4", "h5", "h6") or tag in BLOCKS:
            self.flush()


def read_html(text: str) -> Structure:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.flush()
    elements, line = [], 1
    for block in reader.blocks:
        if block.pop("continued", False) and elements and elements[-1].kind == ITEM:
            previous = elements.pop()
            line -= 1
            block = {**block, "text": f"{previous.text} {block['text']}"}
        element = Element(line=line, **block)
        elements.append(element)
        line += len(element.rows) if element.kind == TABLE else 1
    return Structure(elements, source="html", text=render(elements))
