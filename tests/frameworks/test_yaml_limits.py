"""The framework import reads YAML within limits: no alias expansion ("billion laughs"), a bounded
size and nesting; each refusal names the line (issue 14, hardening)."""

import time

import pytest

from frameworks.builtin import DATA_DIR
from frameworks.document import MAX_DOCUMENT_CHARACTERS, DocumentError, dump_document, parse_document_text


def laughs(levels: int) -> str:
    lines = ['format: "gesprekscyclus-framework/1"', "a0: &a0 [" + ", ".join(['"lol"'] * 9) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_naming_the_line():
    bomb = laughs(9)  # the classic: about 1 KB that expands to 9^9 strings
    assert len(bomb) < 1200
    started = time.monotonic()
    with pytest.raises(DocumentError) as raised:
        parse_document_text(bomb)
    assert time.monotonic() - started < 1
    assert raised.value.line == 2  # the first anchor
    assert "anchor" in str(raised.value)


def test_a_small_alias_is_refused_too():
    with pytest.raises(DocumentError, match="line 2") as raised:  # the anchor
        parse_document_text("format: x\nframework: &f {slug: a}\nother: *f\n")
    assert "alias" in str(raised.value) or "anchor" in str(raised.value)


def test_deep_nesting_is_refused_naming_the_line():
    with pytest.raises(DocumentError) as raised:
        parse_document_text("format: x\nnotes: " + "[" * 5000 + "]" * 5000 + "\n")
    assert raised.value.line == 2
    assert "nested" in str(raised.value)


def test_an_oversized_document_is_refused():
    with pytest.raises(DocumentError, match="larger than"):
        parse_document_text("notes: '" + "x" * MAX_DOCUMENT_CHARACTERS + "'\n")


def test_the_builtin_frameworks_still_round_trip():
    for path in sorted(DATA_DIR.glob("*.yaml")):
        document = parse_document_text(path.read_text(encoding="utf-8"))
        assert parse_document_text(dump_document(document)) == document
