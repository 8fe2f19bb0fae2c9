"""``people.importers.check.check_rows``: the rows together and against the database."""

import pytest

from people.importers.base import Issue, Row, existing_employees
from people.importers.check import check_rows
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LABEL = {"employee_number": "Personeelsnummer", "name": "Naam", "org_unit": "Afdeling", "email": "E-mail"}


def row(number: int, employee_number: str, email: str = "") -> Row:
    return Row(number=number, employee_number=employee_number, name="X", email=email, org_path=("Gemeente",))


def test_clean_rows_have_no_issues():
    rows = [row(2, "1", "a@proef.nl"), row(3, "2", "b@proef.nl")]
    assert check_rows(rows, existing_employees(), LABEL, actor=None, deactivate_missing=False) == []


def test_a_user_account_that_is_no_employee_blocks_a_new_number():
    """A login named like a new employee number would become that employee's account: refused."""
    UserFactory(username="5001")
    issues = check_rows([row(2, "5001")], existing_employees(), LABEL, actor=None, deactivate_missing=False)
    assert issues == [Issue(2, "Personeelsnummer", "a user account 5001 exists that is no employee")]


def test_issues_name_the_file_s_columns():
    rows = [row(2, "1", "a@proef.nl"), row(3, "1", "a@proef.nl")]
    issues = check_rows(rows, existing_employees(), LABEL, actor=None, deactivate_missing=False)
    assert sorted((issue.row, issue.column) for issue in issues) == [
        (2, "E-mail"),
        (3, "E-mail"),
        (3, "Personeelsnummer"),
    ]
