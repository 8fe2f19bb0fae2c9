"""Planned talks that took place leave the agenda: recorded (their step) or over (their time passed)."""

import datetime

import pytest
from django.test import Client

from notifications.selectors import talks_ahead
from notifications.services import talk_cancel, talk_schedule
from reviewcycle.services import review_record_progress_talk
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def when(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=datetime.UTC)


def plan(review, org, kind, starts_at):
    return talk_schedule(review=review, actor=org.manager.user, kind=kind, starts_at=starts_at)


def test_a_recorded_planning_talk_leaves_the_agenda(review, org, traveller):
    planning = plan(review, org, "planning", when(1, 20))
    progress = plan(review, org, "progress", when(6, 10))
    assert talks_ahead(review=review) == [planning, progress]
    # Held a day early and recorded: the planning talk is no longer planned, the progress talk is.
    review = advance(review, org, "plan_signoff", traveller)
    assert talks_ahead(review=review) == [progress]


def test_a_talk_whose_time_has_passed_leaves_the_agenda(review, org, traveller):
    planning = plan(review, org, "planning", when(1, 20))
    traveller.move_to(when(1, 20, 10) + datetime.timedelta(minutes=30))
    assert talks_ahead(review=review) == [planning]  # under way
    traveller.move_to(when(1, 20, 12))
    assert talks_ahead(review=review) == []


def test_cancelled_talks_are_not_on_the_agenda(review, org, traveller):
    talk_cancel(talk=plan(review, org, "planning", when(1, 20)), actor=org.manager.user)
    assert talks_ahead(review=review) == []


def test_one_recorded_progress_talk_takes_one_planned_progress_talk(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    first = plan(review, org, "progress", when(6, 10))
    second = plan(review, org, "progress", when(10, 5))
    traveller.move_to(when(6, 9, 15))
    review = review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 6, 9), notes="Eerder gehouden."
    )
    assert first not in talks_ahead(review=review)
    assert talks_ahead(review=review) == [second]


def test_the_review_page_lists_only_the_talks_ahead(review, org, traveller):
    plan(review, org, "planning", when(1, 20))
    plan(review, org, "progress", when(6, 10))
    review = advance(review, org, "plan_signoff", traveller)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(org.manager.user)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    agenda = page.split('id="talks"', 1)[1].split("</section>", 1)[0]
    assert "Progress talk" in agenda
    assert "Planning talk:" not in agenda
