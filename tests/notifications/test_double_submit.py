"""Goal creation and talk scheduling are idempotent against double submits; no talk on a closed review
(issue 14, hardening). The concurrent version, 20 requests at once on PostgreSQL, is in
tests/integration/test_double_submit.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from notifications.models import Notification, ScheduledTalk
from notifications.services import talk_reschedule, talk_schedule
from reviewcycle.models import Goal, Review
from reviewcycle.services import goal_create, goal_update

pytestmark = pytest.mark.django_db

STARTS = datetime.datetime(2026, 1, 20, 10, 0, tzinfo=datetime.UTC)


def test_posting_the_same_goal_twice_gives_one_goal(review, org):
    manager = APIClient()
    manager.force_authenticate(org.manager.user)
    body = {"title": "Wachttijd onder 10 minuten", "weight": 50}
    first = manager.post(f"/api/v1/reviews/{review.pk}/goals/", body, format="json")
    second = manager.post(f"/api/v1/reviews/{review.pk}/goals/", body, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Goal.objects.filter(review=review).count() == 1
    # The same title with other content is a clear refusal, next to the title.
    other = manager.post(
        f"/api/v1/reviews/{review.pk}/goals/",
        {"title": "wachttijd ONDER 10 minuten", "weight": 20},
        format="json",
    )
    assert other.status_code == 400
    assert "al een resultaatafspraak met deze titel" in str(other.json())  # the API speaks Dutch by default


def test_the_database_refuses_a_second_active_goal_of_one_title(review, org):
    goal_create(review=review, actor=org.manager.user, title="Klanttevredenheid")
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(review=review, title="klanttevredenheid")
    second = goal_create(review=review, actor=org.manager.user, title="Andere titel")
    with pytest.raises(ValidationError, match="already has a goal"):
        goal_update(goal=second, actor=org.manager.user, title="Klanttevredenheid")
    # A withdrawn goal does not count: its title may be used again.
    first = Goal.objects.get(review=review, title="Klanttevredenheid")
    goal_update(goal=first, actor=org.manager.user, withdrawn=True)
    goal_update(goal=second, actor=org.manager.user, title="Klanttevredenheid")


def test_scheduling_the_same_talk_twice_gives_one_talk_and_two_invitations(review, org):
    manager = APIClient()
    manager.force_authenticate(org.manager.user)
    body = {"kind": "planning", "starts_at": STARTS.isoformat(), "location": "Kamer 2.14"}
    first = manager.post(f"/api/v1/reviews/{review.pk}/talks/", body, format="json")
    second = manager.post(f"/api/v1/reviews/{review.pk}/talks/", body, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert ScheduledTalk.objects.filter(review=review).count() == 1
    assert Notification.objects.filter(kind="invitation", channel="email").count() == 2
    moved = manager.post(
        f"/api/v1/reviews/{review.pk}/talks/", {**body, "location": "Kamer 3.01"}, format="json"
    )
    assert moved.status_code == 400
    assert "staat al op dit tijdstip gepland" in str(moved.json())
    # Another kind at the same moment, or the same kind at another moment, is another talk.
    talk = talk_schedule(
        review=review, actor=org.manager.user, kind="planning", starts_at=STARTS + datetime.timedelta(days=1)
    )
    with translation.override("en"), pytest.raises(ValidationError, match="already planned at this time"):
        talk_reschedule(talk=talk, actor=org.manager.user, starts_at=STARTS)


@pytest.mark.parametrize("state", ["final", "cancelled", "exempt"])
def test_no_talk_is_planned_on_a_closed_review(review, org, client, state):
    talk = talk_schedule(review=review, actor=org.manager.user, kind="planning", starts_at=STARTS)
    Review.objects.filter(pk=review.pk).update(state=state)
    with pytest.raises(TransitionNotAllowed):
        talk_schedule(review=review, actor=org.manager.user, kind="appraisal", starts_at=STARTS)
    with pytest.raises(TransitionNotAllowed):
        talk_reschedule(talk=talk, actor=org.manager.user, starts_at=STARTS + datetime.timedelta(days=2))
    manager = APIClient()
    manager.force_authenticate(org.manager.user)
    answer = manager.post(
        f"/api/v1/reviews/{review.pk}/talks/",
        {"kind": "appraisal", "starts_at": STARTS.isoformat()},
        format="json",
    )
    assert answer.status_code == 409
    client.force_login(org.manager.user)
    page = client.post(
        f"/reviews/{review.pk}/talks/",
        {"talk-kind": "appraisal", "talk-starts_at": "2026-01-20T11:00", "talk-duration_minutes": "60"},
        follow=True,
    )
    assert page.status_code == 200
    assert ScheduledTalk.objects.filter(review=review).count() == 1
