"""Refusals found by mutating the example documents: each names its line and what was expected."""

import pytest

from frameworks.importers import ParseError, parse_text
from tests.frameworks.conftest import UFO_LEGAL, read_seed


def blank(text: str, *numbers: int) -> str:
    lines = text.split("\n")
    for number in numbers:
        lines[number - 1] = ""
    return "\n".join(lines)


def test_a_ufo_block_part_without_its_core_activity_is_refused_at_its_line():
    text = blank(read_seed(UFO_LEGAL), 8, 9)
    with pytest.raises(ParseError, match=r"^line 11: expected 'Kernactiviteit' before 'Kader'"):
        parse_text(text, title="Jurist")


def test_ufo_indicators_without_their_description_are_refused_at_their_line():
    text = read_seed(UFO_LEGAL)
    lines = text.split("\n")
    first = lines.index("Omschrijving")
    lines[first] = ""
    lines[first + 1] = ""
    with pytest.raises(ParseError, match=r"expected 'Omschrijving' before 'Gedragsindicatoren'") as error:
        parse_text("\n".join(lines), title="Jurist")
    assert error.value.line == next(n for n, line in enumerate(lines, 1) if line == "Gedragsindicatoren")


def test_ufo_competencies_without_a_known_description_are_refused_at_the_first_naming_the_others():
    text = read_seed(UFO_LEGAL)
    for known in ("Handelen naar eer en geweten", "Ontleden van situaties"):
        text = text.replace(known, "Een omschrijving die niemand kent", 1)
    with pytest.raises(ParseError) as error:
        parse_text(text, title="Jurist")
    assert error.value.line == 157  # the first "Omschrijving" (Analyseren's)
    message = str(error.value)
    assert message.startswith("line 157: competency 1 has no name")
    assert "; line 226: competency 3 has no name" in message


def test_a_matrix_level_column_without_indicators_is_refused_at_its_row():
    from tests.frameworks.corpus_check import corpus_text

    text = corpus_text("33_competentiematrix_tabel").replace("\t○ Denkt mee met de klant.\t", "\t\t")
    with pytest.raises(
        ParseError, match=r"^line 9: competency 'Klantgerichtheid': level 2 has no ○ indicators"
    ):
        parse_text(text)
