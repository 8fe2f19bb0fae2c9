"""Who decides an objection follows the regeling's route (``rules.may_decide_objection``): HR, the
second reviewer or the objection committee; everyone else is refused (403) with who may; the deciding
party is told it is their turn, finds the objection in their work list, and HR still sees it."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from notifications.models import Notification
from reviewcycle.models import Review
from reviewcycle.rules import Role, may_decide_objection
from reviewcycle.selectors import objection_register, reviews_visible_to
from reviewcycle.services import review_decide_objection, review_object
from reviewcycle.step_access import step_status
from reviewcycle.workflow import objection_decider, owner_role_of
from tests.reviewcycle.objections.regeling import own_regeling, review_at_response

pytestmark = pytest.mark.django_db

REASON = "Het onderwijs staat wel in het verslag."


def objected(org, traveller, **shape) -> Review:
    review = review_at_response(org, traveller, own_regeling(**shape))
    review.second_reviewer = org.director
    review.save(update_fields=["second_reviewer"])
    return review_object(review=review, actor=org.employee.user, grounds="Mijn onderwijs ontbreekt.")


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def decide(client, review, decision="rejected"):
    return client.post(
        f"/api/v1/reviews/{review.pk}/decide-objection/", {"decision": decision, "reason": REASON}
    )


@pytest.fixture
def committee(org):
    group = Group.objects.create(name="Bezwaarcommissie")
    org.other_manager.user.groups.add(group)
    return group


def test_the_second_reviewer_decides_where_the_regeling_says_so(org, traveller):
    review = objected(org, traveller, has_second_review=True, objection_route="second_reviewer")
    second, hr = org.director.user, org.hr
    assert owner_role_of(review) == Role.SECOND_REVIEWER
    assert objection_decider(review) == "Dora Directeur (second reviewer)"
    assert may_decide_objection(review, second)
    assert not may_decide_objection(review, hr)
    assert not step_status(review, "decide_objection", hr).offered
    refused = decide(api(hr), review)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the second reviewer can take this step."
    # It is the second reviewer's turn: told so, and in their queue; HR still sees it in the register.
    told = Notification.objects.filter(recipient=second, kind="your_turn", review=review)
    assert told.exists()
    assert not Notification.objects.filter(recipient=hr, kind="your_turn", review=review).exists()
    assert list(objection_register(user=second)) == [review]
    assert list(objection_register(user=hr)) == [review]
    decided = decide(api(second), review)
    assert decided.status_code == 200, decided.content
    assert decided.json()["state"] == "second_review"


def test_the_second_reviewer_upholds_and_the_manager_holds_the_talk_again(org, traveller):
    review = objected(org, traveller, has_second_review=True, objection_route="second_reviewer")
    review = review_decide_objection(review=review, actor=org.director.user, decision="upheld", reason=REASON)
    assert review.state == Review.State.APPRAISAL_TALK


def test_without_a_second_reviewer_named_hr_decides(org, traveller):
    review = review_at_response(
        org, traveller, own_regeling(has_second_review=True, objection_route="second_reviewer")
    )
    review.second_reviewer = None
    review.save(update_fields=["second_reviewer"])
    review = review_object(review=review, actor=org.employee.user, grounds="Oneens.")
    assert owner_role_of(review) == Role.HR
    review = review_decide_objection(review=review, actor=org.hr, decision="rejected", reason=REASON)
    assert review.state == Review.State.SECOND_REVIEW


def test_the_committee_decides_where_the_regeling_says_so(org, traveller, committee):
    review = objected(org, traveller, objection_route="committee", objection_committee=committee)
    member = org.other_manager.user
    assert owner_role_of(review) == Role.COMMITTEE
    assert objection_decider(review) == "Bezwaarcommissie"
    assert review in reviews_visible_to(user=member)  # the member reads what they decide
    assert review not in reviews_visible_to(user=org.other_employee.user)
    for outsider in (org.hr, org.director.user, org.manager.user):
        refused = decide(api(outsider), review)
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Only a member of the objection committee can take this step."
    with pytest.raises(PermissionDenied):
        review_decide_objection(review=review, actor=org.hr, decision="rejected", reason=REASON)
    assert Notification.objects.filter(recipient=member, kind="your_turn", review=review).exists()
    assert list(objection_register(user=member)) == [review]
    assert list(objection_register(user=org.hr)) == [review]  # HR's oversight
    decided = decide(api(member), review)
    assert decided.status_code == 200, decided.content
    assert decided.json()["state"] == "final"


def test_hr_decides_by_default(org, traveller):
    review = objected(org, traveller)
    assert owner_role_of(review) == Role.HR
    assert decide(api(org.director.user), review).json()["detail"] == (
        "Only HR for the employee's unit can take this step."
    )
    assert decide(api(org.hr), review).status_code == 200


def test_the_second_reviewers_queue_shows_the_objection_they_decide(org, traveller, client):
    review = objected(org, traveller, has_second_review=True, objection_route="second_reviewer")
    client.force_login(org.director.user)
    queue = client.get(reverse("reviewcycle:queue"), HTTP_ACCEPT_LANGUAGE="en")
    assert [row["review"] for row in queue.context["rows"]] == [review]
    assert client.get(reverse("reviewcycle:objections")).status_code == 200
    client.force_login(org.manager.user)
    assert client.get(reverse("reviewcycle:objections")).status_code == 403


@pytest.mark.parametrize(
    ("shape", "field", "message"),
    [
        (
            {"has_second_review": False, "objection_route": "second_reviewer"},
            "objection_route",
            "The second reviewer decides an objection only where there is one",
        ),
        ({"objection_route": "committee"}, "objection_committee", "Name the group"),
    ],
)
def test_a_route_that_cannot_work_is_refused_at_publish(shape, field, message):
    with pytest.raises(ValidationError) as refused:
        own_regeling(**shape)
    assert message in refused.value.message_dict[field][0]
