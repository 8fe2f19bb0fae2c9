"""Property: mutated documents never raise anything but a refusal naming its line, and give either the
expected structure or a warning that names a line.

The mutations are those of real copies: bullets removed or changed, lines wrapped, headings
renumbered (content kept: the structure must stay or a warning must say what was assumed) and
sections dropped (content lost: any valid result or a refusal naming its line).
"""

import contextlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frameworks.importers import ParseError, parse_file, parse_text
from tests.frameworks.corpus_check import check_result, corpus_names, corpus_text, expectation

DOCUMENTS = [name for name in corpus_names() if "refusal" not in expectation(name)]
GLYPH_RE = re.compile(r"^(\s*)([•·○–\-*])\s+")
GLYPHS = ["•", "–", "-", "*", "·", "○", "▪"]
NUMBER_RE = re.compile(r"^(\s*)(\d+)((?:\.\d+)?)(?=[.\s)])")
# Refusals about the whole document rather than a line.
WHOLE_DOCUMENT = ("cannot tell the format", "the recognised content is not a valid framework")


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(DOCUMENTS))
    lines = corpus_text(name).split("\n")
    kind = draw(st.sampled_from(["unbullet", "rebullet", "wrap", "renumber", "drop"]))
    indexes = list(range(len(lines)))
    if kind in ("unbullet", "rebullet"):
        candidates = [index for index in indexes if GLYPH_RE.match(lines[index]) and "\t" not in lines[index]]
        for index in (
            draw(st.lists(st.sampled_from(candidates), max_size=4, unique=True)) if candidates else []
        ):
            indent = GLYPH_RE.match(lines[index])[1]
            replacement = "" if kind == "unbullet" else draw(st.sampled_from(GLYPHS)) + " "
            lines[index] = indent + replacement + lines[index][GLYPH_RE.match(lines[index]).end() :]
    elif kind == "wrap":
        candidates = [
            index for index in indexes if len(lines[index].split()) >= 8 and "\t" not in lines[index]
        ]
        if candidates:
            index = draw(st.sampled_from(candidates))
            words = lines[index].split(" ")
            cut = draw(st.integers(min_value=len(words) // 2, max_value=len(words) - 2))
            indent = " " * (len(lines[index]) - len(lines[index].lstrip()) + 2)
            lines[index : index + 1] = [" ".join(words[:cut]), indent + " ".join(words[cut:]).strip()]
    elif kind == "renumber":
        candidates = [index for index in indexes if NUMBER_RE.match(lines[index])]
        for index in (
            draw(st.lists(st.sampled_from(candidates), max_size=3, unique=True)) if candidates else []
        ):
            number = draw(st.integers(min_value=1, max_value=12))
            lines[index] = NUMBER_RE.sub(
                lambda match, n=number: f"{match[1]}{n}{match[3]}", lines[index], count=1
            )
    else:
        start = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
        length = draw(st.integers(min_value=1, max_value=6))
        del lines[start : start + length]
    return name, kind, "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_mutated_document_gives_its_structure_a_warning_or_a_refusal_naming_a_line(case):
    name, kind, text = case
    expected = expectation(name)
    try:
        result = parse_text(text, **expected.get("options", {}))
    except ParseError as error:
        refusal = error
    else:
        refusal = None
    if refusal is not None:
        assert refusal.line is not None or any(part in str(refusal) for part in WHOLE_DOCUMENT), str(refusal)
        return
    if kind == "drop":
        return  # content lost: any valid document will do
    try:
        check_result(result, expected, warnings=False)
    except AssertionError:
        lines = [warning.line for warning in result.warnings if warning.line is not None]
        assert lines, f"{name} ({kind}) changed without a warning:\n{text}"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_corpus_document_takes_part(name):
    assert corpus_text(name).strip()


LINES = st.sampled_from(
    [
        "Niveau 1",
        "Niveau 2",
        "Niveau 3:",
        "1.1 Analyseren",
        "2 Samenwerken",
        "ANALYSEREN",
        "Functienaam: Adviseur",
        "Resultaatgebieden",
        "Competenties",
        "Kernactiviteit",
        "Omschrijving",
        "Competentie: Klantgerichtheid",
        "A. Beleid",
        "3.",
        "• Geeft advies.",
        "– werkt samen",
        "Resultaat: goed advies.",
        "Op 2 niveaus",
        "_____",
        "Een\tTabel\tRij",
        "\tvervolg\tcel",
        "<ul>○ Een ○ Twee",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=30))
def test_any_text_gives_a_result_or_a_refusal_never_another_exception(lines):
    with contextlib.suppress(ParseError):
        parse_text("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<ul>",
                    "</ul>",
                    "<li>",
                    "</li>",
                    "<h2>",
                    "</h2>",
                    "<br>",
                    "<table>",
                    "<tr>",
                    "<td>",
                    "</td>",
                    "</tr>",
                    "</table>",
                    "<ol type=a>",
                    "<hr>",
                ]
            ),
            LINES,
        ),
        max_size=40,
    )
)
def test_any_html_is_read_without_an_exception(parts):
    with contextlib.suppress(ParseError):
        parse_file("pagina.html", "".join(parts).encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_mutated_document_as_a_word_file_gives_a_result_or_a_refusal_naming_a_line(case):
    from tests.frameworks.documents import to_docx

    name, _kind, text = case
    refusal = None
    try:
        parse_file(f"{name}.docx", to_docx(text), **expectation(name).get("options", {}))
    except ParseError as error:
        refusal = error
    if refusal is not None:
        assert refusal.line is not None or any(part in str(refusal) for part in WHOLE_DOCUMENT), str(refusal)
