"""Every step of the review is declared once, in ``reviewcycle.steps``, and everything hangs off it:
an API route that reaches its service, a named view, an OpenAPI entry, a page form (or it is the
system's), a label and a refusal in Dutch. Forgetting a piece fails here instead of hiding a step."""

import datetime
from pathlib import Path

import pytest
import yaml
from django.urls import resolve, reverse
from django.utils import translation
from rest_framework import serializers
from rest_framework.test import APIClient

from reviewcycle import steps
from reviewcycle.apis.steps import StepView, step_view
from reviewcycle.forms import StepForm
from reviewcycle.models import Goal, Review
from reviewcycle.rules import Role
from reviewcycle.step_access import Status, step_status

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
EVERY_STEP = pytest.mark.parametrize("step", steps.STEPS, ids=lambda step: step.name)


def test_the_registry_holds_exactly_the_transitions_of_review():
    transitions = {transition.name for transition in Review().get_all_state_transitions()}
    assert [step.name for step in steps.STEPS] == list(steps.BY_NAME)  # no name twice
    assert set(steps.BY_NAME) == transitions


@EVERY_STEP
def test_every_step_has_a_service_an_input_and_a_named_view(step):
    assert callable(step.service)
    assert step.service.__name__ == f"review_{step.name}"
    assert issubclass(step.input, serializers.Serializer)
    view = step_view(step)
    assert issubclass(view, StepView)
    assert view.__name__ == step.view_name
    assert view.step is step


@EVERY_STEP
def test_every_step_has_an_api_route_to_its_view(step):
    url = reverse(f"api:review-{step.url_name}", kwargs={"pk": 7})
    assert url == f"/api/v1/reviews/7/{step.url_name}/"
    assert resolve(url).func.view_class is step_view(step)


@EVERY_STEP
def test_every_step_has_an_openapi_entry_with_its_operation_id(step):
    operation = SCHEMA["paths"][f"/api/v1/reviews/{{id}}/{step.url_name}/"]["post"]
    assert operation["operationId"] == f"reviews_{step.name}"
    if not step.input().fields:
        assert "requestBody" not in operation
        return
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    # A request component (COMPONENT_SPLIT_REQUEST): the serializer's name with "Request".
    assert body == f"#/components/schemas/{step.input.__name__}Request"


@EVERY_STEP
def test_every_step_has_a_page_form_unless_only_the_system_takes_it(step):
    if step.owner is None:
        assert step.form is None
        return
    assert issubclass(step.form, StepForm)
    assert reverse("reviewcycle:step", kwargs={"pk": 7, "step": step.url_name}) == (
        f"/reviews/7/steps/{step.url_name}/"
    )


@EVERY_STEP
def test_every_step_has_a_label_and_a_refusal_in_english_and_dutch(step):
    with translation.override("en"):
        english = (str(step.label), str(step.refused))
    with translation.override("nl"):
        dutch = (str(step.label), str(step.refused))
    assert all(english)
    assert all(dutch)
    assert dutch[0] != english[0], dutch
    assert dutch[1] != english[1], dutch


# Steps the system takes as well as their owner: appraisals start by themselves, leavers' reviews close.
SYSTEM_TOO = {"start_appraisal", "cancel"}


@EVERY_STEP
def test_the_owner_of_every_step_is_who_the_transition_lets_take_it(step, review, org):
    """The step's owner (and so its refusal) agrees with the permission on the model's transition."""
    people = {
        Role.EMPLOYEE: org.employee.user,
        Role.MANAGER: org.manager.user,
        Role.SECOND_REVIEWER: org.director.user,
        Role.HR: org.hr,
    }
    for transition in review.get_all_state_transitions():
        if transition.name != step.name:
            continue
        permitted = {role for role, user in people.items() if transition.has_perm(review, user)}
        assert permitted == ({step.owner} if step.owner else set()), transition.source
        assert transition.has_perm(review, None) == (step.owner is None or step.name in SYSTEM_TOO)


def _valid_input(step) -> dict:
    """A body the step's input serializer accepts: each required field with a plausible value."""
    samples = {
        serializers.DateField: "2026-01-14",
        serializers.IntegerField: 3,
        serializers.CharField: "Besproken met de medewerker.",
    }
    body = {}
    for name, field in step.input().fields.items():
        if not field.required:
            continue
        if isinstance(field, serializers.ChoiceField):
            body[name] = next(iter(field.choices))
        else:
            body[name] = next(value for kind, value in samples.items() if isinstance(field, kind))
    assert step.input(data=body).is_valid(), step.name
    return body


@EVERY_STEP
def test_a_post_to_every_route_reaches_the_step_service(step, review, org):
    """The employee, at planning, is told by the service what ``step_status`` says: not now, or not yours."""
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.employee.user)
    expected = step_status(review, step.name, org.employee.user)
    response = api.post(f"/api/v1/reviews/{review.pk}/{step.url_name}/", _valid_input(step), format="json")
    assert expected.status in (Status.NOT_NOW, Status.NOT_YOURS)
    assert response.status_code == (409 if expected.status == Status.NOT_NOW else 403), response.json()
    assert response.json()["detail"] == expected.refusal
    assert Review.objects.get(pk=review.pk).state == Review.State.PLANNING


def test_step_status_answers_allowed_not_now_not_yours_and_blocked_with_the_conditions(review, org):
    manager, employee = org.manager.user, org.employee.user

    blocked = step_status(review, "record_planning_talk", manager)
    assert blocked.status == Status.BLOCKED
    assert blocked.offered
    assert not blocked.allowed
    assert blocked.blocked_by == ("Record at least one result agreement (goal) first.",)
    assert blocked.fields == ("goals",)

    not_yours = step_status(review, "record_planning_talk", employee)
    assert not_yours.status == Status.NOT_YOURS
    assert not not_yours.offered
    assert not_yours.refusal == "Only the employee's manager can take this step."

    not_now = step_status(review, "sign_plan", employee)
    assert not_now.status == Status.NOT_NOW
    assert not_now.refusal == "This step is not possible now: the review is at “Planning talk”."

    Goal.objects.create(review=review, title="Wachttijd aan de balie omlaag", measure="Monitor", weight=None)
    assert step_status(review, "record_planning_talk", manager).allowed
    assert step_status(review, "cancel", None).allowed  # the system cancels a leaver's review
    assert step_status(review, "cancel", org.hr).allowed


def test_the_system_alone_closes_the_response_term(review, org):
    for user in (org.employee.user, org.manager.user, org.director.user, org.hr):
        assert step_status(review, "expire_response", user).status == Status.NOT_NOW
    Review.objects.filter(pk=review.pk).update(
        state=Review.State.EMPLOYEE_RESPONSE, response_due=datetime.date(2026, 1, 1)
    )
    review = Review.objects.select_related("cycle", "employee", "manager").get(pk=review.pk)
    assert step_status(review, "expire_response", None).allowed
    refused = step_status(review, "expire_response", org.hr)
    assert refused.status == Status.NOT_YOURS
    assert refused.refusal == "The system takes this step when the term has passed."


def test_no_code_of_ours_reads_django_fsm_internals():
    ours = [
        path
        for folder in ("config", "core", "frameworks", "people", "reviewcycle", "notifications", "reports")
        for path in (ROOT / folder).rglob("*.py")
    ]
    assert ours
    assert [str(path) for path in ours if "_django_fsm" in path.read_text(encoding="utf-8")] == []
