"""core.tabular, the one CSV/XLSX writer: text stays text, and the CSV escaping is exactly undone by the reader."""

import csv
import datetime
import decimal
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.tabular import FORMULA_TRIGGERS, escape_cell, unescape_cell, write_csv, write_xlsx

# Texts that start with a formula trigger or an apostrophe are the interesting ones: weight them.
texts = st.one_of(
    st.text(),
    st.builds(
        lambda head, tail: head + tail, st.sampled_from([*FORMULA_TRIGGERS, "'", "''", "'="]), st.text()
    ),
)

TABLE = [
    ("Eva de Vries", "Eva de Vries"),
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("http://evil.example","klik")', '\'=HYPERLINK("http://evil.example","klik")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\tTAB", "'\tTAB"),
    ("\rCR", "'\rCR"),
    ("'s-Hertogenbosch", "'s-Hertogenbosch"),  # an ordinary leading apostrophe is left alone
    ("'=1+1", "''=1+1"),  # a text that looks escaped gets one more, so reading it back is exact
    ("''", "'''"),
    ("'", "'"),
    ("", ""),
    ("a=b", "a=b"),
]


@pytest.mark.parametrize(("text", "escaped"), TABLE)
def test_escape_table(text, escaped):
    assert escape_cell(text) == escaped
    assert unescape_cell(escaped) == text


@given(texts)
def test_unescape_undoes_escape_for_every_text(text):
    assert unescape_cell(escape_cell(text)) == text


@given(texts)
def test_an_escaped_text_never_starts_a_formula(text):
    assert not escape_cell(text).startswith(FORMULA_TRIGGERS)


@given(texts, texts)
def test_escape_is_injective(first, second):
    if first != second:
        assert escape_cell(first) != escape_cell(second)


@given(st.lists(texts, min_size=1, max_size=5))
def test_a_csv_row_reads_back_exactly(values):
    content = write_csv(["kolom"] * len(values), [values])
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the accents
    _header, row = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    assert [unescape_cell(value) for value in row] == values
    assert not any(value.startswith(FORMULA_TRIGGERS) for value in row)


def test_csv_keeps_numbers_and_dates_as_data():
    content = write_csv(
        ["n", "d", "t", "b", "x", "none"],
        [[-3, decimal.Decimal("-1.5"), datetime.date(2026, 12, 9), True, "-3", None]],
    ).decode("utf-8-sig")
    assert content.splitlines()[1] == '"-3";"-1.5";"2026-12-09";"1";"\'-3";""'


@settings(deadline=None, max_examples=50)  # a workbook a case: slower than the CSV ones
@given(st.lists(texts, min_size=1, max_size=4))
def test_xlsx_text_is_a_string_cell_never_a_formula(values):
    # XLSX (XML) cannot hold C0 control characters other than TAB and LF (openpyxl refuses them), and XML
    # reads CR as LF; single-line texts refuse them all anyway.
    values = [value for value in values if not any(ord(char) < 32 and char not in "\t\n" for char in value)]
    sheet = load_workbook(io.BytesIO(write_xlsx(["kolom"] * len(values), [values]))).active
    cells = next(iter(sheet.iter_rows(min_row=2))) if values else []
    for cell, value in zip(cells, values, strict=True):
        assert cell.data_type == "s" or (value == "" and cell.value is None)
        assert (cell.value or "") == value  # stored as typed: the quote prefix is a style, not text


def test_xlsx_marks_formula_like_text_with_the_quote_prefix_and_keeps_types():
    workbook = load_workbook(
        io.BytesIO(write_xlsx(["a", "b", "c", "d"], [["=1+1", 7, datetime.date(2026, 12, 9), "gewoon"]]))
    )
    formula, number, day, plain = next(workbook.active.iter_rows(min_row=2))
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=1+1", "s", True)
    assert (number.value, number.data_type) == (7, "n")
    assert day.is_date
    assert (plain.value, plain.quotePrefix) == ("gewoon", False)
    assert b"<f>" not in write_xlsx(["a"], [["=1+1"]])  # no formula element anywhere


def test_a_control_character_a_worksheet_cannot_hold_is_shown_not_fatal():
    """openpyxl refuses \\x00-\\x08, \\x0b, \\x0c, \\x0e-\\x1f: one in someone's text made the export a 500."""
    import io as _io

    from openpyxl import load_workbook

    from core.tabular import write_xlsx

    data = write_xlsx(["Antwoord"], [["Goed\x07 gedaan\x1b"], ["=1+1\x00"], ["regel\nregel\ttab"]])
    values = [cell.value for (cell,) in load_workbook(_io.BytesIO(data)).active.iter_rows(min_row=2)]
    assert values == ["Goed\ufffd gedaan\ufffd", "=1+1\ufffd", "regel\nregel\ttab"]
