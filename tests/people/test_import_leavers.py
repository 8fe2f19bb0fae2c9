"""The people import and leavers (issue 14, fault 1): leaving goes through the one service, and a
departed manager is refused, naming the row."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from people.models import Employee
from tests.people.test_import import csv_bytes, hundred_rows, import_people, run

pytestmark = pytest.mark.django_db

PAST = "2021-06-30"  # after every row's start date, before today


@pytest.fixture(autouse=True)
def frameworks(db):
    from frameworks.services import frameworks_load_builtin

    frameworks_load_builtin()


def number_row(rows, number: str) -> int:
    """The spreadsheet row of an employee number (the header is row 1)."""
    return next(index for index, row in enumerate(rows) if row[0] == number) + 2


def test_a_leaver_in_the_import_loses_their_account_and_tokens():
    rows = hundred_rows()
    run(rows)
    user = get_user_model().objects.get(username="12")
    Token.objects.create(user=user)
    rows[11][7] = PAST
    assert run(rows).leavers == ["12"]
    user.refresh_from_db()
    assert not user.is_active
    assert not Token.objects.filter(user=user).exists()


def test_people_missing_from_a_full_export_lose_their_account_too():
    run(hundred_rows())
    report = run(hundred_rows()[:-1], deactivate_missing=True)
    assert report.deactivated == ["100"]
    assert not get_user_model().objects.get(username="100").is_active
    assert get_user_model().objects.get(username="99").is_active


def test_a_manager_who_leaves_in_the_same_file_is_refused_for_their_reports_naming_each_row():
    rows = hundred_rows()
    run(rows)
    rows[1][7] = PAST  # number 2 leaves; 6, 10, 14, … still name 2 as their manager
    report = import_people(content=csv_bytes(rows), filename="m.csv")
    refused = [issue for issue in report.errors if "has left" in issue.message]
    reports_of_2 = [row for row in rows if row[4] == "2" and not row[7]]
    assert sorted(issue.row for issue in refused) == sorted(number_row(rows, row[0]) for row in reports_of_2)
    assert all(issue.column == "Leidinggevende" and "2" in issue.message for issue in refused)
    assert Employee.objects.get(employee_number="2").active  # nothing was applied


def test_a_manager_who_left_before_is_refused_for_a_new_report():
    rows = hundred_rows()
    run(rows)
    for row in rows:  # 2 leaves properly: their reports move to 3 in the same file
        if row[4] == "2":
            row[4] = "3"
    rows[1][7] = PAST
    assert run(rows).ok
    rows.append(
        ["101", "Nieuw", "m101@proef.nl", rows[5][3], "2", "Dienstverlener B", "2024-01-01", "", "nl"]
    )
    report = run(rows)
    assert [(issue.row, issue.column) for issue in report.errors] == [(len(rows) + 1, "Leidinggevende")]
    assert "has left" in report.errors[0].message
    assert not Employee.objects.filter(employee_number="101").exists()


def test_a_leaver_may_keep_a_departed_manager_in_the_file():
    rows = hundred_rows()
    run(rows)
    rows[1][7] = PAST
    for row in rows:
        if row[4] == "2":
            row[7] = PAST  # 2 leaves with their whole team
    assert run(rows).ok
