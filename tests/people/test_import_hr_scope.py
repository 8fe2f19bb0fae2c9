"""The people import's *HR voor / HR for* column: who is HR for which units, granted and revoked through
the audited ``hr_grant``/``hr_revoke`` (the column left out: HR scopes stay as they are)."""

import datetime

import pytest

from frameworks.services import frameworks_load_builtin
from people.importers import export_rows, exportable_employees, import_people, template_rows, write_csv
from people.models import Employee, HRScope, OrgUnit, PeopleEvent
from people.selectors import is_hr
from people.services import hr_grant

pytestmark = pytest.mark.django_db

HEADER = ["Personeelsnummer", "Naam", "Organisatie-eenheid", "Rolcel", "Datum uit dienst", "HR voor"]
ROOT = "Gemeente Proef"


def person(number, unit="Burgerzaken", hr="", end=""):
    return [str(number), f"Medewerker {number}", f"{ROOT} / {unit}", "Dienstverlener B", end, hr]


def run(rows, header=HEADER, **options):
    return import_people(content=write_csv(header, rows), filename="medewerkers.csv", **options)


def scopes(number) -> set[str]:
    user = Employee.objects.get(employee_number=number).user
    return set(HRScope.objects.filter(user=user).values_list("org_unit__name", flat=True))


@pytest.fixture(autouse=True)
def frameworks(db):
    frameworks_load_builtin()


def test_the_column_grants_hr_for_the_units_it_names_audited():
    report = run(
        [person(1), person(2, hr=f"{ROOT} / Burgerzaken; {ROOT} / Financiën"), person(3, "Financiën")]
    )

    assert report.ok, report.errors
    assert scopes("2") == {"Burgerzaken", "Financiën"}
    assert scopes("1") == set()
    hr = Employee.objects.get(employee_number="2").user
    assert is_hr(user=hr)
    granted = PeopleEvent.objects.filter(user=hr, kind=PeopleEvent.Kind.HR_SCOPE_GRANTED)
    assert sorted(granted.values_list("org_unit__name", flat=True)) == ["Burgerzaken", "Financiën"]


def test_an_empty_cell_revokes_and_a_changed_one_moves_the_scope_and_the_row_counts_as_updated():
    run([person(1, hr=ROOT), person(2, hr=f"{ROOT} / Burgerzaken")])

    report = run([person(1), person(2, hr=f"{ROOT} / Financiën"), person(3, "Financiën")], actor=None)

    assert report.ok, report.errors
    assert scopes("1") == set()
    assert scopes("2") == {"Financiën"}  # a unit this file creates
    assert report.updated == {"1": ["hr_scope"], "2": ["hr_scope"]}
    revoked = PeopleEvent.objects.filter(kind=PeopleEvent.Kind.HR_SCOPE_REVOKED)
    assert sorted(revoked.values_list("org_unit__name", flat=True)) == ["Burgerzaken", ROOT]


def test_without_the_column_hr_scopes_stay_as_they_are():
    run([person(1, hr=ROOT)])

    report = run([person(1)[:5]], header=HEADER[:5])

    assert report.ok, report.errors
    assert scopes("1") == {ROOT}
    assert not report.updated


def test_the_same_file_again_changes_nothing():
    rows = [person(1, hr=ROOT), person(2)]
    run(rows)
    events = PeopleEvent.objects.count()

    report = run(rows)

    assert report.ok, report.errors
    assert report.unchanged == 2
    assert PeopleEvent.objects.count() == events


def test_an_unknown_unit_a_leaver_and_the_importers_own_scope_are_errors_and_nothing_changes():
    run([person(1, hr=ROOT), person(2)])
    importer = Employee.objects.get(employee_number="1").user
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()

    report = run(
        [
            person(1),  # the importer would take away their own HR rights
            person(2, hr=f"{ROOT} / Nergens"),
            person(3, hr=ROOT, end=yesterday),
        ],
        actor=importer,
    )

    assert [(issue.row, issue.column) for issue in report.errors] == [
        (2, "HR voor"),
        (3, "HR voor"),
        (4, "HR voor"),
    ]
    assert "your own HR scope" in report.errors[0].message
    assert "'Gemeente Proef / Nergens'" in report.errors[1].message
    assert "has left" in report.errors[2].message
    assert scopes("1") == {ROOT}
    assert not Employee.objects.filter(employee_number="3").exists()


def test_a_dry_run_grants_nothing():
    report = run([person(1, hr=ROOT)], dry_run=True)
    assert report.ok, report.errors
    assert not HRScope.objects.exists()
    assert not PeopleEvent.objects.exists()


def test_export_and_template_have_the_column_and_the_export_round_trips():
    run([person(1, hr=f"{ROOT} / Burgerzaken; {ROOT} / Financiën"), person(2, "Financiën")])
    hr_grant(
        user=Employee.objects.get(employee_number="2").user,
        org_units=[OrgUnit.objects.get(name=ROOT)],
        actor=None,
    )

    header, rows = export_rows(exportable_employees(), "en")
    rows = list(rows)
    assert header[-1] == "HR for"
    assert rows[0][-1] == f"{ROOT} / Burgerzaken; {ROOT} / Financiën"
    assert rows[1][-1] == ROOT
    assert template_rows("nl")[0][-1] == "HR voor"

    report = import_people(content=write_csv(header, rows), filename="export.csv")
    assert report.ok, report.errors
    assert report.unchanged == 2
