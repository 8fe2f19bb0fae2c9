"""core.text: the one rule for single-line text refuses, and ``single_line`` removes, control
characters, bidi embedding/override/isolate controls and the noncharacters U+FFFE/U+FFFF."""

import pytest
from django.core.exceptions import ValidationError

from core.text import single_line, validate_single_line

REFUSED = [
    *"\x00\t\n\r\x1f\x7f\x85\x9f\u2028\u2029",
    *"\u202a\u202b\u202c\u202d\u202e",  # LRE, RLE, PDF, LRO, RLO
    *"\u2066\u2067\u2068\u2069",  # LRI, RLI, FSI, PDI
    "\ufffe",
    "\uffff",
]
ALLOWED = ["Zoë Çelik", "\u200d", "\u200e", "\u200f", "\u2065", "\u202f", "\ufffd", "Ἀθῆναι", "שלום", "سلام"]


@pytest.mark.parametrize("char", REFUSED)
def test_each_refused_character_is_refused_and_stripped(char):
    with pytest.raises(ValidationError):
        validate_single_line(f"Eva{char}de Vries")
    assert single_line(f"Eva{char}de Vries") == "Eva de Vries"


@pytest.mark.parametrize("text", ALLOWED)
def test_legitimate_text_passes(text):
    validate_single_line(text)
