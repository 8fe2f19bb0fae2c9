"""Single-line text: names, unit names, titles, locations, e-mail subjects.

A control character (CR, LF, TAB, NUL, …) in a single-line text breaks the places it is
copied to: an e-mail header (``BadHeaderError``), a CSV row, a PDF line, a calendar entry.
Such text is refused where it enters (forms, API, imports: ``validate_single_line``) and
made harmless where it leaves (``single_line``), so old rows cannot poison new output.

The same rule refuses the bidirectional embedding, override and isolate controls (U+202A–U+202E,
U+2066–U+2069): they make text display in another order than it is stored ("Trojan Source"
spoofing), so a name, title or unit can look like another one in a list, a mail or an export, or
hide what follows it. And the noncharacters U+FFFE and U+FFFF, which no text may carry (U+FFFE
is a byte-swapped byte-order mark). Format characters that shape text without reordering it (ZWJ,
ZWNJ, the left-to-right and right-to-left marks) stay allowed: names need them.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode category Cc (C0, DEL, C1) plus the line and paragraph separators: every character
# that ends or hides a line; the bidi embedding/override (U+202A–U+202E) and isolate
# (U+2066–U+2069) controls, which reorder what is shown ("Trojan Source"); the noncharacters
# U+FFFE and U+FFFF. Other format characters such as ZWJ (Cf) are legitimate in names.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def validate_single_line(value: str) -> None:
    """Django validator: refuses a text with a line break, a tab or another control character
    (including the bidi overrides and noncharacters described above).

    Raises ``ValidationError`` (code ``control_characters``; HTTP 400 in the API, a form error
    next to the field on a page, a row error in an import).
    """
    if value and _CONTROL.search(str(value)):
        raise ValidationError(
            _("Remove the line break, tab or other invisible control character from this text."),
            code="control_characters",
        )


def single_line(value: object) -> str:
    """``value`` as text on one line: every run of control characters (bidi overrides and
    noncharacters included) becomes one space."""
    text = str(value or "")
    # Most texts are on one line already (the sweep makes 100,000 subjects): ``isprintable`` is False for
    # every control, format (bidi) and unassigned character and every space but " ", so such a text
    # is returned as it is, without the two regular expressions.
    if text.isprintable() and "  " not in text and text == text.strip():
        return text
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", text)).strip()


def lower_first(text: str) -> str:
    """``text`` with its first letter in lower case, for a label or step set after a colon or inside a
    sentence ("Herinnering: onderteken het plan"; docs/glossary.md: lower case after a colon). A word
    in capitals such as "HR" keeps them. Never for a name."""
    text = str(text)
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]
