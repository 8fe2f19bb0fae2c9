"""The body of one level: its summary and its indicators, from list items with or without glyphs.

Shared by the recognisers that read levels under ``Niveau N`` headings. Every choice
that is not certain is a warning naming the line.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frameworks.importers.base import ImportWarning, breaks_off
from frameworks.importers.structure import ITEM, TABLE, Element, cell_items, collapse, ends_sentence


def _plain_lines(elements: list[Element]) -> list[Element]:
    """Tables inside a level become one line per non-empty cell."""
    lines = []
    for element in elements:
        if element.kind == TABLE:
            for index, row in enumerate(element.rows):
                lines += [
                    Element("paragraph", element.row_line(index), item)
                    for cell in row
                    for item in cell_items(cell)
                ]
        else:
            lines.append(element)
    return lines


# A label above the indicators ("Gedragsindicatoren:"), not a summary or an indicator.
LABEL_RE = re.compile(r"^(?:gedragsindicatoren|indicatoren|kenmerkend gedrag|gedrag)\s*:?$", re.IGNORECASE)


def read_level(
    heading: Element, body: list[Element], summary: str, warnings: list[ImportWarning]
) -> tuple[str, list[str]]:
    """(summary, indicators) of the level under ``heading``; appends to ``warnings`` what it assumed."""
    body = [element for element in _plain_lines(body) if not LABEL_RE.match(collapse(element.text))]
    marked = [element for element in body if element.kind == ITEM]
    if not marked:
        return _without_glyphs(heading, body, summary, warnings)

    indicators: list[str] = []
    capitalised = sum(1 for item in marked if item.text[:1].isupper()) * 2 > len(marked)
    complete = sum(1 for item in marked if ends_sentence(item.text)) * 2 > len(marked)
    nested = pending = False
    for element in body:
        text = collapse(element.text)
        if element.kind == ITEM and not text:  # a number alone on its line: its text follows
            pending = True
            continue
        if pending or element.kind == ITEM:
            pending = False
            nested = nested or element.depth > 0
            if indicators and capitalised and text[:1].islower() and breaks_off(indicators[-1]):
                warnings.append(
                    ImportWarning(
                        element.line,
                        _("This item was joined to the previous indicator, which broke off mid-sentence."),
                    )
                )
                indicators[-1] = f"{indicators[-1]} {text}"
            else:
                indicators.append(text)
        elif not indicators:
            if not summary:
                summary = text
                # Certain only when it looks unlike the items: no full stop above items with one.
                if ends_sentence(text) or not complete:
                    warnings.append(
                        ImportWarning(
                            element.line,
                            _(
                                "The line without a bullet above the indicators was read as the level's summary."
                            ),
                        )
                    )
            else:
                indicators.append(text)
                warnings.append(
                    ImportWarning(
                        element.line, _("A line without a bullet was read as an indicator of its own.")
                    )
                )
        elif (text[:1].islower() and capitalised) or (
            not text[:1].islower() and not ends_sentence(indicators[-1]) and complete
        ):
            previous = indicators[-1]
            indicators[-1] = f"{previous} {text}"
            if ends_sentence(previous) or text[:1].isupper():
                warnings.append(
                    ImportWarning(
                        element.line,
                        _("A line without a bullet was read as the continuation of the previous indicator."),
                    )
                )
        else:
            indicators.append(text)
            warnings.append(
                ImportWarning(element.line, _("A line without a bullet was read as an indicator of its own."))
            )
    if nested:
        warnings.append(
            ImportWarning(heading.line, _("Sub-items under this level were read as indicators of their own."))
        )
    return summary, indicators


def _without_glyphs(
    heading: Element, body: list[Element], summary: str, warnings: list[ImportWarning]
) -> tuple[str, list[str]]:
    lines = [collapse(element.text) for element in body]
    if not lines:
        return summary, []
    if (
        not summary
        and len(lines) >= 2
        and not ends_sentence(lines[0])
        and all(ends_sentence(line) for line in lines[1:])
    ):
        summary, lines = lines[0], lines[1:]
        warnings.append(
            ImportWarning(
                body[0].line,
                _(
                    "The first line without a full stop was read as the level's summary, the others as indicators."
                ),
            )
        )
    warnings.append(
        ImportWarning(
            heading.line,
            ngettext(
                "The indicators of this level have no bullets: its one line was read as one indicator.",
                "The indicators of this level have no bullets: each of its %(count)s lines was read as one "
                "indicator.",
                len(lines),
            )
            % {"count": len(lines)},
        )
    )
    return summary, lines
