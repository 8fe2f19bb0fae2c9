"""``people.importers.parse``: the header mapped, each row's cells parsed, a bad cell an issue."""

import datetime

import pytest

from people.importers.parse import Lookups, map_columns, parse_rows
from people.importers.read import ImportFileError

pytestmark = pytest.mark.django_db


def test_headers_match_in_either_language_in_any_case_and_with_underscores():
    header = ["EMPLOYEE_NUMBER", "  naam ", "Afdeling", "E-mail", "Personeelsnummer leidinggevende"]
    assert map_columns(header) == {"employee_number": 0, "name": 1, "org_unit": 2, "email": 3, "manager": 4}


def test_a_column_named_twice_is_refused_naming_it():
    with pytest.raises(ImportFileError, match="The column Name appears twice"):
        map_columns(["Personeelsnummer", "Naam", "Afdeling", "Name"])


def test_each_date_format_and_language_name_is_read_and_a_bad_date_names_the_file_s_column():
    header = ["Personeelsnummer", "Naam", "Afdeling", "Datum in dienst", "Uit dienst", "Taal"]
    rows = [
        (2, ["1", "Anne", "Gemeente", "2020-03-31", "31-03-2026", "Engels"]),
        (3, ["2", "Bert", "Gemeente", "31/03/2020", "31.03.2026", "NL"]),
        (4, ["3", "Cees", "Gemeente", "31 maart 2020", "", "english"]),
    ]
    parsed, issues, label = parse_rows(header, rows, Lookups(None))
    march_31 = datetime.date(2020, 3, 31), datetime.date(2026, 3, 31)
    assert [(row.start_date, row.end_date, row.language) for row in parsed[:2]] == [
        (*march_31, "en"),
        (*march_31, "nl"),
    ]
    assert parsed[2].language == "en"
    assert [(issue.row, issue.column) for issue in issues] == [(4, "Datum in dienst")]
    assert "'31 maart 2020' is not a date" in issues[0].message
    assert label["end_date"] == "Uit dienst"


def test_a_level_in_superscript_digits_is_an_issue_not_a_crash():
    """``"²".isdigit()`` is true and ``int("²")`` fails: the cell is refused like any other bad level."""
    header = ["Personeelsnummer", "Naam", "Afdeling", "Functieprofiel", "Niveau"]
    _parsed, issues, _label = parse_rows(header, [(2, ["1", "Anne", "Gemeente", "", "²"])], Lookups(None))

    assert [issue.column for issue in issues] == ["Niveau"]  # the file's own column name
