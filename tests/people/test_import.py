"""Bulk import of org units and employees: validation first, upsert, movers and leavers."""

import datetime
import io
import re

import pytest
from openpyxl import Workbook

from frameworks.services import frameworks_load_builtin
from people.importers import ImportFileError, export_rows, exportable_employees, import_people, write_csv
from people.models import Employee, OrgUnit
from reviewcycle.models import Review

pytestmark = pytest.mark.django_db

HEADER = [
    "Personeelsnummer",
    "Naam",
    "E-mailadres",
    "Organisatie-eenheid",
    "Leidinggevende",
    "Rolcel",
    "Datum in dienst",
    "Datum uit dienst",
    "Taal",
]
ROOT = "Gemeente Proef"


def csv_bytes(rows, header=HEADER) -> bytes:
    return write_csv(header, rows)


def person(
    number, manager="", unit="Dienstverlening / Burgerzaken", cell="Dienstverlener B", end="", name=None
):
    return [
        str(number),
        name or f"Medewerker {number}",
        f"m{number}@proef.nl",
        f"{ROOT} / {unit}",
        str(manager),
        cell,
        "2020-01-01",
        end,
        "nl",
    ]


def hundred_rows():
    rows = [person(1, cell="Directeur A", unit="Directie")]
    rows += [person(n, manager=1, cell="Leidinggevende B") for n in range(2, 6)]
    rows += [person(n, manager=2 + n % 4) for n in range(6, 101)]
    return rows


@pytest.fixture(autouse=True)
def frameworks(db):
    frameworks_load_builtin()


def run(rows, **options):
    return import_people(content=csv_bytes(rows), filename="medewerkers.csv", **options)


def test_a_hundred_rows_create_employees_units_and_managers():
    # Managers appear later in the file than their reports.
    rows = hundred_rows()
    report = run(list(reversed(rows)))
    assert report.ok, report.errors
    assert len(report.created) == 100
    assert Employee.objects.count() == 100
    assert sorted(report.units_created) == [
        ROOT,
        f"{ROOT} / Dienstverlening",
        f"{ROOT} / Dienstverlening / Burgerzaken",
        f"{ROOT} / Directie",
    ]
    assert OrgUnit.objects.get(name="Burgerzaken").parent.name == "Dienstverlening"
    employee = Employee.objects.get(employee_number="7")
    assert (employee.manager.employee_number, employee.role_type.name) == ("5", "Dienstverlener B")
    assert employee.user.username == "7"
    assert not employee.user.has_usable_password()


def test_three_bad_rows_among_a_hundred_are_reported_exactly_and_nothing_changes():
    rows = hundred_rows()
    rows[10][5] = "Dienstverlener Z"  # row 12: unknown role cell
    rows[40][4] = "999"  # row 42: unknown manager
    rows[70][6] = "31-02-2026"  # row 72: no such date
    report = run(rows)
    assert [(issue.row, issue.column) for issue in report.errors] == [
        (12, "Rolcel"),
        (42, "Leidinggevende"),
        (72, "Datum in dienst"),
    ]
    assert "unknown role-type cell 'Dienstverlener Z'" in report.errors[0].message
    assert "no employee with number 999" in report.errors[1].message
    assert "'31-02-2026' is not a date" in report.errors[2].message
    assert Employee.objects.count() == 0
    assert OrgUnit.objects.count() == 0


def test_reimporting_the_same_file_changes_nothing():
    rows = hundred_rows()
    run(rows)
    stamps = dict(Employee.objects.values_list("employee_number", "updated_at"))
    report = run(rows)
    assert report.ok
    assert (report.created, report.updated, report.unchanged, report.units_created) == ([], {}, 100, [])
    assert dict(Employee.objects.values_list("employee_number", "updated_at")) == stamps


def test_duplicate_numbers_and_emails_are_errors():
    rows = [person(1), person(2, manager=1), person(2), person(4)]
    rows[3][2] = rows[0][2]
    report = run(rows)
    assert sorted((issue.row, issue.column, issue.message) for issue in report.errors) == [
        (2, "E-mailadres", "duplicate email m1@proef.nl in the file"),
        (3, "E-mailadres", "duplicate email m2@proef.nl in the file"),
        (4, "E-mailadres", "duplicate email m2@proef.nl in the file"),
        (4, "Personeelsnummer", "duplicate: 2 is also on row 3"),
        (5, "E-mailadres", "duplicate email m1@proef.nl in the file"),
    ]
    assert Employee.objects.count() == 0


def test_a_manager_circle_is_an_error_naming_the_chain():
    report = run([person(1, manager=3), person(2, manager=1), person(3, manager=2), person(4, manager=1)])
    assert [(issue.row, issue.message) for issue in report.errors] == [
        (2, "the managers would form a circle: 1 → 3 → 2 → 1")
    ]


def test_a_circle_through_people_already_known_is_an_error():
    run([person(1), person(2, manager=1)])
    report = run([person(1, manager=2)])
    assert [issue.message for issue in report.errors] == ["the managers would form a circle: 1 → 2 → 1"]
    assert Employee.objects.get(employee_number="1").manager is None


def test_english_headers_and_xlsx_work_too():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Employee number", "Name", "Email", "Org unit", "Manager", "Role-type cell", "Start date"])
    sheet.append(
        [
            "A1",
            "Anne",
            "anne@proef.nl",
            f"{ROOT} / Bedrijfsvoering",
            "",
            "Adviseur A",
            datetime.datetime(2021, 5, 1),
        ]
    )
    sheet.append(
        ["A2", "Bert", "bert@proef.nl", f"{ROOT} / Bedrijfsvoering", "A1", "Specialist B", "01-06-2022"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_people(content=buffer.getvalue(), filename="staff.xlsx")
    assert report.ok, report.errors
    bert = Employee.objects.get(employee_number="A2")
    assert (bert.manager.name, bert.start_date) == ("Anne", datetime.date(2022, 6, 1))


def test_unknown_or_missing_columns_are_refused():
    with pytest.raises(ImportFileError, match="Required columns are missing: Org unit / Organisatie-eenheid"):
        import_people(content=csv_bytes([["1", "x"]], header=["Personeelsnummer", "Naam"]), filename="x.csv")
    with pytest.raises(ImportFileError, match="Unknown columns: Salaris"):
        import_people(
            content=csv_bytes([[*person(1), "3000"]], header=[*HEADER, "Salaris"]), filename="x.csv"
        )
    with pytest.raises(ImportFileError, match=r"Upload a \.csv or \.xlsx file"):
        import_people(content=b"%PDF", filename="x.pdf")


def test_dry_run_reports_and_changes_nothing():
    report = run(hundred_rows(), dry_run=True)
    assert report.ok
    assert len(report.created) == 100
    assert report.dry_run
    assert Employee.objects.count() == 0
    assert OrgUnit.objects.count() == 0


def test_missing_people_become_inactive_only_when_asked():
    run(hundred_rows())
    fewer = hundred_rows()[:-2]
    assert run(fewer).deactivated == []
    assert Employee.objects.filter(active=False).count() == 0
    report = run(fewer, deactivate_missing=True)
    assert report.deactivated == ["100", "99"]
    assert set(Employee.objects.filter(active=False).values_list("employee_number", flat=True)) == {
        "99",
        "100",
    }


# --- movers and leavers against running reviews -----------------------------------------------------


@pytest.fixture
def running(traveller):
    from frameworks.models import Framework, RatingScale
    from frameworks.selectors import current_version
    from people.services import hr_grant
    from reviewcycle.services import cycle_create, cycle_open
    from tests.factories import UserFactory
    from tests.reviewcycle.fixtures import cycle_fields

    rows = hundred_rows()
    run(rows)
    hr = UserFactory(username="hr-proef")
    hr_grant(user=hr, org_units=[OrgUnit.objects.get(name=ROOT)], actor=None)
    cycle = cycle_create(
        actor=hr,
        scope=[OrgUnit.objects.get(name=ROOT)],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(),
    )
    cycle_open(cycle=cycle, actor=hr)
    return rows, hr


def test_a_manager_change_moves_the_open_review_with_an_audit_event(running):
    rows, hr = running
    review = Review.objects.get(employee__employee_number="10")
    assert review.manager.employee_number == "4"
    rows[9][4] = "3"
    report = import_people(content=csv_bytes(rows), filename="m.csv", actor=hr)
    assert report.movers == ["10"]
    review.refresh_from_db()
    assert review.manager.employee_number == "3"
    event = review.events.last()
    assert (event.transition, event.actor) == ("reassign_manager", hr)
    assert (
        Employee.objects.get(pk=event.old_value["manager"]).employee_number,
        Employee.objects.get(pk=event.new_value["manager"]).employee_number,
    ) == ("4", "3")


def test_a_role_change_keeps_the_snapshot_and_flags_the_review(running):
    rows, hr = running
    review = Review.objects.get(employee__employee_number="11")
    levels = list(review.assessments.values_list("expected_level", flat=True))
    rows[10][5] = "Adviseur A"
    assert import_people(content=csv_bytes(rows), filename="m.csv", actor=hr).role_changes == ["11"]
    review.refresh_from_db()
    assert review.needs_rebaseline
    assert list(review.assessments.values_list("expected_level", flat=True)) == levels


def test_a_leaver_s_open_review_is_cancelled_and_a_final_one_untouched(running):
    rows, _hr = running
    open_review = Review.objects.get(employee__employee_number="12")
    final_review = Review.objects.get(employee__employee_number="13")
    # Make the second one final, the way it would be: through its own (older) cycle's end.
    Review.objects.filter(pk=final_review.pk).update(state="final")
    rows[11][7] = "2026-01-10"
    rows[12][7] = "2026-01-10"
    report = import_people(content=csv_bytes(rows), filename="m.csv")
    assert sorted(report.leavers) == ["12", "13"]
    open_review.refresh_from_db()
    final_review.refresh_from_db()
    assert (open_review.state, open_review.closure_reason) == ("cancelled", "uit dienst")
    assert open_review.events.last().actor is None
    assert final_review.state == "final"
    assert not Employee.objects.get(employee_number="12").active
    assert Review.objects.filter(pk__in=[open_review.pk, final_review.pk]).count() == 2


def test_export_has_the_import_columns_and_round_trips():
    run(hundred_rows())
    header, rows = export_rows(exportable_employees(), "nl")
    assert header[:3] == ["Personeelsnummer", "Naam", "E-mailadres"]
    report = import_people(content=write_csv(header, rows), filename="export.csv")
    assert report.ok
    assert report.unchanged == 100
    assert not report.updated


def test_every_row_counts_once_as_created_updated_or_unchanged():
    rows = hundred_rows()[:5]
    run(rows)
    for row in rows[1:]:  # 2–5 move from 1 to … each other; 1 stays as it is
        row[4] = "" if row[0] == "2" else "2"
    rows.append(person(6, manager=2))
    report = run(rows)
    assert report.ok, report.errors
    assert (len(report.created), len(report.updated), report.unchanged) == (1, 4, 1)
    assert len(report.created) + len(report.updated) + report.unchanged == report.rows == 6
    assert "6 rows: 1 was created, 4 updated, 0 deactivated, 1 unchanged" in report.summary()


def test_a_count_of_one_in_the_dutch_summary_takes_the_singular():
    from django.utils import translation

    with translation.override("nl"):
        summary = run([person(1, cell="Directeur A", unit="Directie")]).summary()
    assert summary.startswith("1 rij: 1 is aangemaakt, 0 bijgewerkt"), summary
    assert re.search(r"; (1 nieuwe organisatie-eenheid|\d+ nieuwe organisatie-eenheden)\.$", summary), summary
