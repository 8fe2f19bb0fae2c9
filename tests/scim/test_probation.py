"""Start and probation reviews from SCIM provisioning (issue 20): the start date and the end of a temporary
contract in the product's own extension schema, advertised in /Schemas and /ResourceTypes; a User
created with a start date gets the probation review, its evaluation due 60 days before the contract ends;
a later contractEndDate moves the evaluation while it is still ahead."""

import datetime

import pytest

from people.models import Employee
from reviewcycle.models import Review
from reviewcycle.services import goal_create, review_record_planning_talk, review_sign_plan
from tests.reviewcycle.services.test_individual_cycles import probation  # noqa: F401 (a fixture)
from tests.scim.conftest import ENTERPRISE, USER_SCHEMA, entra_user, patch

pytestmark = pytest.mark.django_db

EXTENSION = "urn:ietf:params:scim:schemas:extension:gesprekscyclus:2.0:User"


def hire(org, number="3001", **dates) -> dict:
    user = entra_user(number, manager=str(org.manager.pk), department="Gemeente Proef / Burgerzaken")
    if dates:
        user["schemas"] = [USER_SCHEMA, ENTERPRISE, EXTENSION]
        user[EXTENSION] = dates
    return user


def test_the_extension_is_advertised(scim):
    schemas = scim("GET", "Schemas").body
    ours = next(item for item in schemas["Resources"] if item["id"] == EXTENSION)
    assert {(a["name"], a["type"]) for a in ours["attributes"]} == {
        ("startDate", "dateTime"),
        ("contractEndDate", "dateTime"),
    }
    assert scim("GET", f"Schemas/{EXTENSION}").status_code == 200
    user_type = scim("GET", "ResourceTypes/User").body
    assert {"schema": EXTENSION, "required": False} in user_type["schemaExtensions"]
    assert {"schema": ENTERPRISE, "required": True} in user_type["schemaExtensions"]


def test_a_user_created_with_a_start_date_gets_the_probation_review(scim, org, probation):  # noqa: F811
    response = scim("POST", "Users", hire(org, startDate="2026-02-01", contractEndDate="2026-12-31"))
    assert response.status_code == 201, response.body
    assert response.body[EXTENSION] == {
        "startDate": "2026-02-01T00:00:00",
        "contractEndDate": "2026-12-31T00:00:00",
    }
    employee = Employee.objects.get(employee_number="3001")
    assert (employee.start_date, employee.contract_end_date) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 12, 31),
    )
    review = Review.objects.get(cycle=probation, employee=employee)
    assert review.manager == org.manager
    assert review.start_talk_due == datetime.date(2026, 3, 1)  # four weeks after the start
    assert review.evaluation_due == datetime.date(2026, 11, 1)  # 60 days before the contract ends
    assert review.due_date == review.start_talk_due


def test_a_date_with_a_time_is_the_day_written_and_a_bad_one_is_refused(scim, org, probation):  # noqa: F811
    response = scim("POST", "Users", hire(org, startDate="2026-02-01T00:00:00+01:00"))
    assert response.status_code == 201, response.body
    assert Employee.objects.get(employee_number="3001").start_date == datetime.date(2026, 2, 1)
    bad = scim("POST", "Users", hire(org, "3002", startDate="2026-03-01", contractEndDate="2026-02-01"))
    assert bad.status_code == 400
    assert f"{EXTENSION}:contractEndDate" in bad.body["detail"]
    assert not Employee.objects.filter(employee_number="3002").exists()


def test_a_user_without_the_extension_gets_no_review_and_keeps_the_dates_hr_gave(scim, org, probation):  # noqa: F811
    created = scim("POST", "Users", hire(org))
    assert created.status_code == 201
    assert not Review.objects.filter(cycle=probation, employee__employee_number="3001").exists()
    Employee.objects.filter(employee_number="3001").update(
        start_date=datetime.date(2026, 2, 1), contract_end_date=datetime.date(2026, 12, 31)
    )
    replaced = scim("PUT", f"Users/{created.body['id']}", {**hire(org), "displayName": "Anders"})
    assert replaced.status_code == 200, replaced.body
    employee = Employee.objects.get(employee_number="3001")
    assert employee.name == "Anders"
    assert employee.contract_end_date == datetime.date(2026, 12, 31)  # not given: kept


def test_a_patched_contract_end_moves_the_evaluation_while_it_is_ahead(scim, org, probation, traveller):  # noqa: F811
    created = scim("POST", "Users", hire(org, startDate="2026-02-01", contractEndDate="2026-12-31"))
    user_id = created.body["id"]
    response = scim(
        "PATCH",
        f"Users/{user_id}",
        patch({"op": "replace", "path": f"{EXTENSION}:contractEndDate", "value": "2027-01-31"}),
    )
    assert response.status_code == 200, response.body
    review = Review.objects.get(cycle=probation, employee__employee_number="3001")
    assert review.evaluation_due == datetime.date(2026, 12, 2)  # 60 days before 31 January
    assert review.start_talk_due == datetime.date(2026, 3, 1)  # the start date did not change
    assert review.due_date == review.start_talk_due  # still the start talk's turn

    # The start talk held and its plan signed: the evaluation is the next step, and moves with the contract.
    traveller.move_to(datetime.datetime(2026, 2, 20, 9, tzinfo=datetime.UTC))
    manager = org.manager.user
    goal_create(review=review, actor=manager, title="Inwerken", weight=None)
    review = review_record_planning_talk(review=review, actor=manager, talk_date=datetime.date(2026, 2, 20))
    review = review_sign_plan(review=review, actor=review.employee.user, signature="seen")
    assert review.due_date == datetime.date(2026, 12, 2)
    scim(
        "PATCH",
        f"Users/{user_id}",
        patch({"op": "replace", "path": f"{EXTENSION}:contractEndDate", "value": "2026-10-31"}),
    )
    review.refresh_from_db()
    assert review.evaluation_due == review.due_date == datetime.date(2026, 9, 1)
    # A start date moved after the start talk was held leaves that talk's date alone.
    scim(
        "PATCH",
        f"Users/{user_id}",
        patch({"op": "replace", "path": f"{EXTENSION}:startDate", "value": "2026-02-15"}),
    )
    review.refresh_from_db()
    assert review.start_talk_due == datetime.date(2026, 3, 1)
    assert Employee.objects.get(employee_number="3001").start_date == datetime.date(2026, 2, 15)


def test_a_finished_evaluation_stays_as_it_was(scim, org, probation):  # noqa: F811
    created = scim("POST", "Users", hire(org, startDate="2026-02-01", contractEndDate="2026-12-31"))
    review = Review.objects.get(cycle=probation, employee__employee_number="3001")
    Review.objects.filter(pk=review.pk).update(state=Review.State.EMPLOYEE_RESPONSE)
    scim(
        "PATCH",
        f"Users/{created.body['id']}",
        patch({"op": "replace", "path": f"{EXTENSION}:contractEndDate", "value": "2027-06-30"}),
    )
    review.refresh_from_db()
    assert review.evaluation_due == datetime.date(2026, 11, 1)  # the talk was held: history, not moved
