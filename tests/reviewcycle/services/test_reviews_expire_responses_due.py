"""reviews_expire_responses_due: a response whose term passed goes on unsigned, taken by the system.

The time-driven transitions are reviewcycle's own (service and task); notifications only sends.
"""

import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from reviewcycle.models import Review
from reviewcycle.services.timed import reviews_expire_responses_due
from reviewcycle.tasks import reviews_expire_responses_due_task
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def at(traveller, month, day):
    traveller.move_to(datetime.datetime(2026, month, day, 8, 0, tzinfo=datetime.UTC))


def test_responses_expire_by_themselves(review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    at(traveller, 11, 24)
    assert reviews_expire_responses_due() == 0
    at(traveller, 11, 25)
    assert reviews_expire_responses_due() == 1
    review = Review.objects.get(pk=review.pk)
    assert (review.state, review.signature) == ("second_review", "not_signed")
    assert review.events.last().actor is None
    assert reviews_expire_responses_due() == 0  # a second run: nothing left to expire


def test_the_task_lives_in_reviewcycle_and_expires_on_beat(review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    at(traveller, 11, 25)
    assert reviews_expire_responses_due_task() == 1
    assert Review.objects.get(pk=review.pk).state == "second_review"
    # Beat runs it hourly: installed after migrating, under reviewcycle's name.
    scheduled = PeriodicTask.objects.get(task="reviewcycle.tasks.reviews_expire_responses_due_task")
    assert (scheduled.enabled, scheduled.crontab.minute, scheduled.crontab.hour) == (True, "5", "*")


def test_the_notifications_sweep_no_longer_moves_reviews(review, org, traveller):
    from notifications.tasks import sweep_task

    review = advance(review, org, "employee_response", traveller)
    at(traveller, 11, 25)
    sweep_task()
    assert Review.objects.get(pk=review.pk).state == "employee_response"
