"""Every HR-only action is refused (403, saying why) to HR who holds another role on the review (its
manager or second reviewer), and allowed to a colleague in HR (issue 14 follow-up: HR who was the
manager could cancel the review and so end an objection against herself)."""

import pytest
from rest_framework.test import APIClient

from people.services import hr_grant
from reviewcycle.models import Review
from reviewcycle.selectors import available_transitions
from reviewcycle.services import review_finalise, review_object
from tests.factories import EmployeeFactory, UserFactory
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

REASON = {"reason": "Afgesproken met de medewerker."}


@pytest.fixture
def hans(org):
    """HR Hans also works here: an employee record of his own (the import may make him a manager)."""
    return EmployeeFactory(user=org.hr, name="Hans HR", org_unit=org.root, manager=org.director)


@pytest.fixture
def colleague(org):
    user = UserFactory(username="hanna-hr")
    hr_grant(user=user, org_units=[org.root], actor=None)
    return user


def at(review, org, traveller, state: str) -> Review:
    if state == "planning":
        return review
    if state == "objection":
        review = advance(review, org, "employee_response", traveller)
        return review_object(review=review, actor=org.employee.user, grounds="Dit klopt niet.")
    review = advance(review, org, "second_review", traveller)
    return review_finalise(review=review, actor=org.director.user)


# (action, URL tail, state the review must be in, body); ``{other}`` is a valid other person.
ACTIONS = [
    ("cancel", "cancel", "planning", REASON),
    ("exempt", "exempt", "planning", REASON),
    ("reopen", "reopen", "final", REASON),
    (
        "decide_objection",
        "decide-objection",
        "objection",
        {"decision": "rejected", "reason": "Ongegrond: goed onderbouwd oordeel."},
    ),
    ("reassign", "reassign", "planning", {"manager": "{other}"}),
    ("second_reviewer", "second-reviewer", "planning", {"second_reviewer": "{other}"}),
    ("rebaseline", "rebaseline", "planning", REASON),
]


def post(user, review, tail, body, other):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    data = {key: (other.pk if value == "{other}" else value) for key, value in body.items()}
    return api.post(f"/api/v1/reviews/{review.pk}/{tail}/", data, format="json")


@pytest.mark.parametrize("role", ["manager", "second_reviewer"])
@pytest.mark.parametrize(("action", "tail", "state", "body"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_hr_with_another_role_is_refused_and_a_colleague_is_not(
    review, org, traveller, hans, colleague, role, action, tail, state, body
):
    review = at(review, org, traveller, state)
    Review.objects.filter(pk=review.pk).update(**{role: hans})
    other = org.other_manager
    before = Review.objects.filter(pk=review.pk).values().get()

    refused = post(org.hr, review, tail, body, other)
    assert refused.status_code == 403, refused.content
    assert "another role" in refused.json()["detail"]
    assert Review.objects.filter(pk=review.pk).values().get() == before  # nothing changed

    allowed = post(colleague, review, tail, body, other)
    assert allowed.status_code in (200, 201, 202), allowed.content


@pytest.mark.parametrize("role", ["manager", "second_reviewer"])
def test_the_page_offers_hr_with_another_role_no_hr_action(review, org, hans, colleague, role, client):
    Review.objects.filter(pk=review.pk).update(**{role: hans})
    review = Review.objects.get(pk=review.pk)
    hr_steps = {"cancel", "exempt", "reopen", "decide_objection"}
    assert not hr_steps & {step["name"] for step in available_transitions(review=review, user=org.hr)}
    assert {"cancel", "exempt"} <= {
        step["name"] for step in available_transitions(review=review, user=colleague)
    }
    client.force_login(org.hr)
    page = client.get(f"/reviews/{review.pk}/")
    assert page.context["reassign_form"] is None
    assert page.context["second_reviewer_form"] is None
    client.force_login(colleague)
    page = client.get(f"/reviews/{review.pk}/")
    assert page.context["reassign_form"] is not None


def test_refused_in_dutch_with_what_to_do(review, org, hans):
    Review.objects.filter(pk=review.pk).update(manager=hans)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    api.force_authenticate(org.hr)
    refused = api.post(f"/api/v1/reviews/{review.pk}/cancel/", REASON, format="json")
    assert refused.status_code == 403
    assert "HR-collega" in refused.json()["detail"]


def test_hr_who_manages_a_leaver_still_records_the_leaving(review, org, hans):
    """The leaving follows the HR data: the system cancels the review HR may not cancel themselves."""
    from people.services import employee_leave

    Review.objects.filter(pk=review.pk).update(manager=hans)
    employee_leave(employee=org.employee, actor=org.hr)
    review = Review.objects.get(pk=review.pk)
    assert review.state == "cancelled"
    assert review.events.get(transition="cancel").actor is None
