"""``base.gather_items``: the elements of a list (any marker, none, a table) as items, with a warning
for every line whose place was not certain."""

from frameworks.importers.base import gather_items
from frameworks.importers.readers.text import read_text


def gathered(text: str) -> tuple[list[str], list[int]]:
    warnings = []
    items = gather_items(read_text(text).content(), warnings)
    return items, [warning.line for warning in warnings]


def test_a_number_alone_on_its_line_starts_the_item_on_the_next():
    assert gathered("1. Analyseren\n2.\nSchrijven van notities\n3. Afstemmen") == (
        ["Analyseren", "Schrijven van notities", "Afstemmen"],
        [],
    )


def test_lower_case_lines_without_glyphs_are_each_an_item_whatever_word_they_end_on():
    assert gathered("komt afspraken na\nmeldt het als taken niet klaar zijn\ngeeft fouten toe") == (
        ["komt afspraken na", "meldt het als taken niet klaar zijn", "geeft fouten toe"],
        [1],
    )


def test_a_bullet_broken_mid_sentence_is_joined_in_a_capitalised_list():
    assert gathered(
        "• Wat waren de redenen dat je juist die\n• beslissing hebt genomen?\n• Wat leerde je?"
    ) == (
        ["Wat waren de redenen dat je juist die beslissing hebt genomen?", "Wat leerde je?"],
        [],
    )


def test_a_plain_line_after_a_complete_item_continues_it_with_a_warning():
    items, lines = gathered("• Geeft advies.\nOok aan het bestuur.\n• Schrijft notities")
    assert items == ["Geeft advies. Ook aan het bestuur.", "Schrijft notities"]
    assert lines == [2]


def test_a_wrapped_line_continues_its_item_without_a_warning():
    assert gathered("• Geeft advies aan de\n  directie en het bestuur.") == (
        ["Geeft advies aan de directie en het bestuur."],
        [],
    )
