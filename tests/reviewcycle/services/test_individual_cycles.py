"""Cycles for individuals (issue 20): an open cycle on *Proeftijd en tijdelijk contract* is a standing
one; a new hire with a start date gets a review in it at once — by the people import, the admin or
provisioning — due on their own dates."""

import datetime

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from people.importers import export_rows, exportable_employees, import_people, template_rows, write_csv
from people.models import Employee
from people.services import employee_create
from reviewcycle.models import CycleEvent, CycleTemplate, Review
from reviewcycle.services import (
    cycle_add_missing,
    cycle_change_due_dates,
    cycle_create,
    cycle_open,
    goal_create,
    review_record_planning_talk,
    review_sign_plan,
)
from reviewcycle.services.individual import reviews_add_for_arrivals
from reviewcycle.shapes.services import current_template_version, cycle_templates_load_builtin
from reviewcycle.workflow import due_date_for
from tests.language import speaking
from tests.reviewcycle.fixtures import cycle_fields

pytestmark = pytest.mark.django_db

HEADER = [
    "Personeelsnummer",
    "Naam",
    "Organisatie-eenheid",
    "Leidinggevende",
    "Datum in dienst",
    "Einde contract",
]
START = datetime.date(2026, 2, 1)


@pytest.fixture
def probation(org):
    """The standing Proeftijd cycle of Burgerzaken (2026), open."""
    cycle_templates_load_builtin()
    cycle = cycle_create(
        actor=org.hr,
        scope=[org.team],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        template_version=current_template_version(
            CycleTemplate.objects.get(slug="proeftijd-en-tijdelijk-contract")
        ),
        **cycle_fields(name="Proeftijd 2026"),
    )
    cycle_open(cycle=cycle, actor=org.hr)
    return cycle


def import_file(org, *rows, header=HEADER):
    content = write_csv(header, [list(row) for row in rows])
    return import_people(content=content, filename="mensen.csv", actor=org.hr)


def hire(org, number="2001", unit="Gemeente Proef / Burgerzaken", start="2026-02-01", contract_end=""):
    return [number, f"Nieuwe {number}", unit, org.manager.employee_number, start, contract_end]


def test_an_imported_hire_with_a_temporary_contract_gets_a_probation_review(org, probation):
    report = import_file(org, hire(org, contract_end="2026-12-31"))
    assert report.ok, report.errors

    review = Review.objects.get(cycle=probation, employee__employee_number="2001")
    assert review.manager == org.manager
    assert review.start_talk_due == START + datetime.timedelta(days=28)  # 1 March
    # Two months (60 days) before the contract ends.
    assert review.evaluation_due == datetime.date(2026, 11, 1)
    assert review.due_date == review.start_talk_due  # the start talk comes first
    assert review.employee.contract_end_date == datetime.date(2026, 12, 31)
    event = probation.events.filter(action=CycleEvent.Kind.MISSING_ADDED).get()
    assert event.actor is None
    assert event.payload["created"] == 1


def test_without_a_contract_end_the_evaluation_falls_before_the_probation_period_ends(org, probation):
    assert import_file(org, hire(org)).ok
    review = Review.objects.get(cycle=probation, employee__employee_number="2001")
    # A permanent contract: probation of at most two months (BW 7:652), evaluated a week before it ends.
    assert review.evaluation_due == datetime.date(2026, 3, 25)


def test_the_evaluation_is_due_once_the_start_talk_is_done(org, probation, traveller):
    assert import_file(org, hire(org, contract_end="2026-12-31")).ok
    review = Review.objects.get(cycle=probation, employee__employee_number="2001")
    traveller.move_to(datetime.datetime(2026, 2, 20, 9, tzinfo=datetime.UTC))
    manager = org.manager.user
    goal_create(review=review, actor=manager, title="Inwerken in Burgerzaken", weight=None)
    review = review_record_planning_talk(review=review, actor=manager, talk_date=datetime.date(2026, 2, 20))
    assert review.due_date == datetime.date(2026, 3, 1)  # the employee signs the start talk's plan
    review = review_sign_plan(review=review, actor=review.employee.user, signature="seen")
    assert review.state == Review.State.IN_PROGRESS
    assert review.due_date == datetime.date(2026, 11, 1) == due_date_for(review)
    # Moving the cycle's own dates leaves the reviews for individuals on theirs.
    cycle_change_due_dates(cycle=probation, actor=org.hr, appraisal_due=datetime.date(2026, 9, 1))
    review.refresh_from_db()
    assert review.due_date == datetime.date(2026, 11, 1)


def test_nobody_outside_the_scope_nor_without_a_start_date_and_no_second_review(org, probation):
    before = Review.objects.filter(cycle=probation).count()
    report = import_file(
        org,
        hire(org, number="2002", unit="Gemeente Proef / Financiën"),
        hire(org, number="2003", start=""),
    )
    assert report.ok, report.errors
    assert Review.objects.filter(cycle=probation).count() == before

    assert import_file(org, hire(org)).ok
    assert import_file(org, hire(org)).ok  # the same file again: nobody new
    assert Review.objects.filter(cycle=probation, employee__employee_number="2001").count() == 1
    assert not reviews_add_for_arrivals(employees=[org.employee])  # reviewed there already at opening


def test_a_contract_end_before_the_start_is_refused(org, probation):
    report = import_file(org, hire(org, contract_end="2026-01-01"))
    assert [(issue.column, issue.message) for issue in report.errors] == [
        ("Einde contract", "lies before the start date")
    ]


def test_someone_added_in_the_admin_or_by_the_service_gets_one_too(org, probation):
    employee_create(
        employee_number="3001",
        name="Door de dienst",
        org_unit=org.team,
        manager=org.manager,
        start_date=START,
    )
    assert Review.objects.filter(cycle=probation, employee__employee_number="3001").exists()

    request = RequestFactory().post("/")
    request.user = org.hr
    user = type(org.hr).objects.create(username="3002")
    added = Employee(
        user=user,
        employee_number="3002",
        name="In de admin",
        org_unit=org.team,
        manager=org.manager,
        start_date=START,
        contract_end_date=datetime.date(2027, 1, 31),
    )
    admin.site._registry[Employee].save_model(request, added, form=None, change=False)
    review = Review.objects.get(cycle=probation, employee=added)
    assert review.evaluation_due == datetime.date(2027, 1, 31) - datetime.timedelta(days=60)


def test_hr_sees_the_new_hire_with_the_due_date_on_the_cycle_pages(org, probation):
    before = Review.objects.filter(cycle=probation).count()
    assert import_file(org, hire(org, contract_end="2026-12-31")).ok
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    listed = client.get(f"/cycles/{probation.pk}/reviews/").content.decode()
    assert "Nieuwe 2001" in listed
    assert "1 maart 2026" in listed  # the start talk's due date
    dashboard = client.get(f"/reports/cycles/{probation.pk}/")
    assert dashboard.status_code == 200
    assert dashboard.context["data"]["total"] == Review.objects.filter(cycle=probation).count() == before + 1


def test_the_standing_cycle_and_the_yearly_cycle_do_not_overlap(org, cycle, probation):
    """A probation review is no second review for the same period: the yearly cycle (opened already
    over the whole organisation) and the standing one each give the new hire theirs."""
    assert import_file(org, hire(org)).ok
    assert cycle_add_missing(cycle=cycle, actor=org.hr)["created"] == 1
    assert set(Review.objects.filter(employee__employee_number="2001").values_list("cycle", flat=True)) == {
        cycle.pk,
        probation.pk,
    }


def test_the_contract_end_is_in_the_template_and_the_export_and_a_file_without_it_keeps_it(org, probation):
    assert "Einde contract" in template_rows("nl")[0]
    assert "Contract end" in template_rows("en")[0]
    assert import_file(org, hire(org, contract_end="2026-12-31")).ok
    header, rows = export_rows(exportable_employees().filter(employee_number="2001"), "nl")
    assert dict(zip(header, next(rows), strict=True))["Einde contract"] == "2026-12-31"
    assert import_file(org, hire(org)[:5], header=HEADER[:5]).ok  # no such column: it stays
    assert Employee.objects.get(employee_number="2001").contract_end_date == datetime.date(2026, 12, 31)


def test_a_later_import_with_another_contract_end_moves_the_evaluation_while_it_is_ahead(org, probation):
    assert import_file(org, hire(org, contract_end="2026-12-31")).ok
    review = Review.objects.get(cycle=probation, employee__employee_number="2001")
    assert review.evaluation_due == datetime.date(2026, 11, 1)
    report = import_file(org, hire(org, contract_end="2027-01-31"))
    assert report.ok, report.errors
    review.refresh_from_db()
    assert review.evaluation_due == datetime.date(2026, 12, 2)  # 60 days before the new end
    assert review.start_talk_due == datetime.date(2026, 3, 1)
    Review.objects.filter(pk=review.pk).update(state=Review.State.EMPLOYEE_RESPONSE)
    assert import_file(org, hire(org, contract_end="2027-06-30")).ok
    review.refresh_from_db()
    assert review.evaluation_due == datetime.date(2026, 12, 2)  # held: its due date is history


def test_a_contract_end_changed_in_the_admin_moves_the_evaluation_too(org, probation):
    """The admin is a way in like the import and provisioning: a changed contract end is announced."""
    assert import_file(org, hire(org, contract_end="2026-12-31")).ok
    employee = Employee.objects.get(employee_number="2001")
    employee.contract_end_date = datetime.date(2027, 1, 31)
    request = RequestFactory().post("/")
    request.user = org.hr

    class Form:
        changed_data = ["contract_end_date"]

    admin.site._registry[Employee].save_model(request, employee, form=Form(), change=True)
    review = Review.objects.get(cycle=probation, employee=employee)
    assert review.evaluation_due == datetime.date(2026, 12, 2)
