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


def test_a_manager_who_leaves_in_the_same_file_is_refused_only_where_a_row_newly_names_them():
    rows = hundred_rows()
    run(rows)
    rows[1][7] = PAST  # number 2 leaves; 6, 10, 14, … keep 2 as their manager: accepted
    rows[6][4] = "2"  # 7 moves from 5 to the leaver: refused, naming the row
    report = import_people(content=csv_bytes(rows), filename="m.csv")
    assert [(issue.row, issue.column) for issue in report.errors] == [(8, "Leidinggevende")]
    assert "has left" in report.errors[0].message
    assert "2" in report.errors[0].message
    assert Employee.objects.get(employee_number="2").active  # nothing was applied
    rows[6][4] = "5"
    assert run(rows).ok
    assert not Employee.objects.get(employee_number="2").active


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


def export_again(**options):
    from people.importers import export_rows, exportable_employees, write_csv

    header, rows = export_rows(exportable_employees(), "nl")
    return import_people(content=write_csv(header, rows), filename="export.csv", **options)


def test_leaving_through_the_admin_action_survives_a_re_import_of_the_export(admin_client):
    run(hundred_rows())
    twelve = Employee.objects.get(employee_number="12")
    response = admin_client.post(
        "/admin/people/employee/", {"action": "mark_left", "_selected_action": [twelve.pk]}
    )
    assert response.status_code == 302
    report = export_again()
    assert report.ok, report.errors
    assert not report.updated
    assert report.unchanged == 100
    twelve.refresh_from_db()
    assert not twelve.active
    assert not twelve.user.is_active


def test_leaving_through_the_active_box_records_the_day_and_survives_a_re_import():
    from django.utils import timezone

    from people.services import employee_leave

    run(hundred_rows())
    Employee.objects.filter(employee_number="12").update(active=False)  # the admin's box, no end date
    employee_leave(employee=Employee.objects.get(employee_number="12"), actor=None)
    assert Employee.objects.get(employee_number="12").end_date == timezone.localdate()
    assert export_again().ok
    assert not Employee.objects.get(employee_number="12").active


def test_the_import_never_switches_a_departed_employee_back_on_but_lists_them():
    from people.services import employee_leave

    rows = hundred_rows()
    run(rows)
    employee_leave(employee=Employee.objects.get(employee_number="12"), actor=None)
    report = run(rows)  # the old file: no end date for 12
    assert report.ok, report.errors
    assert report.not_reactivated == ["12"]
    assert "12" not in report.updated
    twelve = Employee.objects.select_related("user").get(employee_number="12")
    assert not twelve.active
    assert twelve.end_date is not None
    assert not twelve.user.is_active


def test_after_a_manager_left_the_unchanged_export_is_accepted():
    from people.services import employee_leave

    run(hundred_rows())
    employee_leave(employee=Employee.objects.get(employee_number="2"), actor=None)
    report = export_again()
    assert report.ok, report.errors
    assert not report.updated
    assert Employee.objects.get(employee_number="8").manager.employee_number == "2"


def test_a_row_that_changes_a_manager_to_one_who_left_is_refused():
    from people.services import employee_leave

    rows = hundred_rows()
    run(rows)
    employee_leave(employee=Employee.objects.get(employee_number="2"), actor=None)
    rows[6][4] = "2"  # 7 reported to 3, now names the leaver
    report = run(rows)
    assert [(issue.row, issue.column) for issue in report.errors] == [(8, "Leidinggevende")]
    assert "has left" in report.errors[0].message


def test_hr_cannot_make_themselves_manager_through_the_import():
    rows = hundred_rows()
    run(rows)
    hr = get_user_model().objects.get(username="3")  # HR who is also employee 3, manager of 9, 13, …
    rows[6][4] = "3"  # 7 moves from 5 to the importing HR user
    rows.append(
        ["101", "Nieuw", "m101@proef.nl", rows[5][3], "3", "Dienstverlener B", "2024-01-01", "", "nl"]
    )
    report = import_people(content=csv_bytes(rows), filename="m.csv", actor=hr)
    assert [(issue.row, issue.column) for issue in report.errors] == [
        (8, "Leidinggevende"),
        (102, "Leidinggevende"),
    ]
    assert all("another HR adviser" in issue.message for issue in report.errors)
    assert Employee.objects.get(employee_number="7").manager.employee_number == "5"
    rows[6][4] = "5"
    rows.pop()
    assert import_people(content=csv_bytes(rows), filename="m.csv", actor=hr).ok  # 9 keeps 3: fine
    other_hr = get_user_model().objects.get(username="4")
    rows[6][4] = "3"
    assert import_people(content=csv_bytes(rows), filename="m.csv", actor=other_hr).ok
