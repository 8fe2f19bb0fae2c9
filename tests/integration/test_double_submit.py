"""Double submits on PostgreSQL: 20 identical posts at once give one goal, one talk, two invitations
(issue 14, hardening). Each post is a real request through the API in its own thread and connection."""

import datetime
import threading

import pytest
from django.db import connections
from rest_framework.test import APIClient

from notifications.models import Notification, ScheduledTalk
from reviewcycle.models import DevelopmentAction, Goal, ReviewEvent

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 20


def _post_at_once(user, path: str, body: dict) -> list:
    barrier = threading.Barrier(ATTEMPTS)
    answers = []

    def post():
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait(timeout=30)
            response = client.post(path, body, format="json")
            answers.append((response.status_code, response.json().get("id")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return answers


def test_twenty_identical_goal_posts_make_one_goal(postgresql, review, org):
    answers = _post_at_once(
        org.manager.user, f"/api/v1/reviews/{review.pk}/goals/", {"title": "Wachttijd onder 10 minuten"}
    )
    assert len(answers) == ATTEMPTS
    (goal,) = Goal.objects.filter(review=review)
    assert answers == [(201, goal.pk)] * ATTEMPTS  # every post answers with the one goal
    assert ReviewEvent.objects.filter(review=review, transition="add_goal").count() == 1


def test_twenty_identical_development_action_posts_make_one_action(postgresql, review, org):
    answers = _post_at_once(
        org.employee.user,
        f"/api/v1/reviews/{review.pk}/development-actions/",
        {"description": "Training klantgericht schrijven", "due_date": "2026-06-30"},
    )
    assert len(answers) == ATTEMPTS
    (action,) = DevelopmentAction.objects.filter(review=review)
    assert answers == [(201, action.pk)] * ATTEMPTS
    assert ReviewEvent.objects.filter(review=review, transition="save_development_action").count() == 1


def test_twenty_identical_talk_posts_make_one_talk_and_two_invitations(postgresql, review, org):
    starts = datetime.datetime(2026, 1, 20, 10, 0, tzinfo=datetime.UTC)
    answers = _post_at_once(
        org.manager.user,
        f"/api/v1/reviews/{review.pk}/talks/",
        {"kind": "planning", "starts_at": starts.isoformat(), "location": "Kamer 2.14"},
    )
    (talk,) = ScheduledTalk.objects.filter(review=review)
    assert answers == [(201, talk.pk)] * ATTEMPTS
    invitations = Notification.objects.filter(kind="invitation", channel="email")
    assert sorted(invitations.values_list("recipient_id", flat=True)) == sorted(
        [org.employee.user.pk, org.manager.user.pk]
    )
