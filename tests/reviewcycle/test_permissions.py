"""Every transition × {employee, their manager, another manager, the second reviewer, HR,
another employee, anonymous} → allowed or refused, as the issue's table says."""

import datetime

import pytest
from rest_framework.test import APIClient

from reviewcycle.models import Review
from reviewcycle.services import review_object, review_record_progress_talk
from tests.reviewcycle.helpers import advance, fully_mark

pytestmark = pytest.mark.django_db

CALLERS = ["employee", "manager", "other_manager", "second_reviewer", "hr", "other_employee", "anonymous"]


def _after_term(review, org, traveller):
    traveller.move_to(datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC))
    return review


def _ready_for_appraisal(review, org, traveller):
    traveller.move_to(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC))
    review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 6, 1), notes="x"
    )
    traveller.move_to(datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC))
    return review


def _self_assessment_overdue(review, org, traveller):
    traveller.move_to(datetime.datetime(2026, 10, 2, 9, tzinfo=datetime.UTC))
    return review


def _scored(review, org, traveller):
    fully_mark(review, org.manager.user)
    return review


def _objected(review, org, traveller):
    return review_object(review=review, actor=org.employee.user, grounds="Oneens met het oordeel.")


def _finalised(review, org, traveller):
    from reviewcycle.services import review_finalise

    return review_finalise(review=review, actor=org.director.user)


def _rated_self(review, org, traveller):
    from reviewcycle.services import self_rating_save

    for item in [*review.assessments.all(), *review.goals.all()]:
        self_rating_save(review=review, actor=org.employee.user, target=item, rating=3)
    return review


# transition: (source state, extra preparation, payload, the one caller who may take it)
TABLE = {
    "record_planning_talk": ("plan_signoff", None, {"talk_date": "2026-01-12"}, "manager"),
    "reopen_plan": ("plan_signoff", None, {"reason": "Doelen herzien"}, "manager"),
    "sign_plan": ("plan_signoff", None, {"signature": "agreed"}, "employee"),
    "record_progress_talk": ("in_progress", None, {"talk_date": "2026-01-15", "notes": "Prima"}, "manager"),
    "start_appraisal": ("in_progress", _ready_for_appraisal, {}, "manager"),
    "submit_self_assessment": ("self_assessment", _rated_self, {}, "employee"),
    "skip_self_assessment": (
        "self_assessment",
        _self_assessment_overdue,
        {"reason": "Niet ingevuld"},
        "manager",
    ),
    "submit_scores": ("scoring", _scored, {}, "manager"),
    "record_appraisal_talk": (
        "appraisal_talk",
        None,
        {"talk_date": "2026-09-01", "summary": "Besproken"},
        "manager",
    ),
    "sign": ("employee_response", None, {"signature": "seen"}, "employee"),
    "object": ("employee_response", None, {"grounds": "Oneens"}, "employee"),
    "expire_response": ("employee_response", _after_term, {}, None),
    "return_to_manager": ("second_review", None, {"reason": "Toelichten"}, "second_reviewer"),
    "finalise": ("second_review", None, {}, "second_reviewer"),
    "decide_objection": (
        "employee_response",
        _objected,
        {"decision": "rejected", "reason": "Ongegrond: goed onderbouwd oordeel."},
        "hr",
    ),
    "reopen": ("second_review", _finalised, {"reason": "Correctie"}, "hr"),
    "cancel": ("in_progress", None, {"reason": "Uit dienst"}, "hr"),
    "exempt": ("scoring", None, {"reason": "Langdurig ziek"}, "hr"),
}


def client_for(caller: str, org) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    user = {
        "employee": org.employee.user,
        "manager": org.manager.user,
        "other_manager": org.other_manager.user,
        "second_reviewer": org.director.user,
        "hr": org.hr,
        "other_employee": org.colleague.user,
        "anonymous": None,
    }[caller]
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("transition", list(TABLE))
def test_each_transition_is_open_to_exactly_the_callers_the_table_names(transition, review, org, traveller):
    source, prepare, payload, allowed = TABLE[transition]
    review = advance(
        review,
        org,
        source if source != "plan_signoff" or transition != "record_planning_talk" else "planning",
        traveller,
    )
    if transition == "record_planning_talk":
        from reviewcycle.services import goal_create

        goal_create(review=review, actor=org.manager.user, title="Een doel")
    if prepare:
        review = prepare(Review.objects.get(pk=review.pk), org, traveller)
    state_before = Review.objects.get(pk=review.pk).state
    url = f"/api/v1/reviews/{review.pk}/{transition.replace('_', '-')}/"
    outcomes = {}
    for caller in [c for c in CALLERS if c != allowed]:
        response = client_for(caller, org).post(url, payload, format="json")
        outcomes[caller] = response.status_code
        assert Review.objects.get(pk=review.pk).state == state_before, (caller, response.content)
    expected_refusals = {
        "anonymous": 401,
        # Not their review at all: it does not exist for them.
        "other_employee": 404,
        "other_manager": 404,
    }
    for caller, code in outcomes.items():
        assert code == expected_refusals.get(caller, 403), (transition, caller, code)
    if allowed:
        response = client_for(allowed, org).post(url, payload, format="json")
        assert response.status_code == 200, (transition, allowed, response.content)
        assert Review.objects.get(pk=review.pk).events.last().transition == transition


def test_a_manager_who_is_also_an_employee_acts_only_as_employee_on_their_own_review(cycle, org):
    own = Review.objects.get(cycle=cycle, employee=org.manager)
    client = client_for("manager", org)
    body = client.get(f"/api/v1/reviews/{own.pk}/").json()
    assert body["roles"] == ["employee"]
    assert body["available_transitions"] == []
    response = client.post(f"/api/v1/reviews/{own.pk}/goals/", {"title": "Eigen doel"}, format="json")
    assert response.status_code == 201  # proposing a goal, as the employee
    response = client.post(f"/api/v1/reviews/{own.pk}/record-planning-talk/", {"talk_date": "2026-01-12"})
    assert response.status_code == 403


def test_hr_of_another_unit_cannot_see_or_act(review, org):
    client = APIClient()
    client.force_authenticate(org.hr_elsewhere)
    assert client.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert client.post(f"/api/v1/reviews/{review.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert client.get("/api/v1/reviews/").json()["count"] == 0


def test_central_hr_sees_every_organisation_they_hold_and_none_added_later(cycle, org):
    """HR of every top-level unit skips the walk down the unit tree; a new organisation ends that."""
    from people.models import OrgUnit
    from people.services import hr_grant
    from tests.factories import UserFactory

    central = UserFactory(username="centrale-hr")
    hr_grant(user=central, org_units=OrgUnit.objects.filter(parent=None), actor=None)
    client = APIClient()
    client.force_authenticate(central)
    everything = Review.objects.filter(cycle=cycle).count()
    assert client.get("/api/v1/reviews/").json()["count"] == everything
    review = Review.objects.get(cycle=cycle, employee=org.employee)
    assert "hr" in client.get(f"/api/v1/reviews/{review.pk}/").json()["roles"]

    # Another organisation joins the installation: its reviews are not central HR's until granted.
    from tests.factories import EmployeeFactory, OrgUnitFactory

    newcomer_unit = OrgUnitFactory(name="Nieuwe gemeente", kind="organisation")
    boss = EmployeeFactory(org_unit=newcomer_unit)
    stranger = EmployeeFactory(org_unit=newcomer_unit, manager=boss)
    foreign = Review.objects.create(
        cycle=cycle,
        employee=stranger,
        manager=boss,
        org_unit=newcomer_unit,
        role_label="x",
        state=Review.State.PLANNING,
    )
    fresh = APIClient()
    fresh.force_authenticate(type(central).objects.get(pk=central.pk))  # a new request's user
    assert fresh.get(f"/api/v1/reviews/{foreign.pk}/").status_code == 404
    assert fresh.get("/api/v1/reviews/").json()["count"] == everything
    assert fresh.post(f"/api/v1/reviews/{foreign.pk}/cancel/", {"reason": "x"}).status_code == 404


def test_the_state_label_is_the_translated_name_of_the_state(review):
    from django.utils import translation

    with translation.override("nl"):
        assert review.get_state_display() == "Planningsgesprek"
    assert review.get_state_display() == "Planning talk"
    # A corrupted row is shown as it is, not as a crash.
    assert Review(state="no-such-state").get_state_display() == "no-such-state"
