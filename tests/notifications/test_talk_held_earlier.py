"""A talk recorded earlier than its planned moment leaves the invitees' agendas: the planned talk is
closed and cancelled in their calendars (an iCalendar CANCEL saying when it took place); one planned
on the day it was held is marked held without a cancellation."""

import datetime

import icalendar
import pytest

from notifications.models import Notification, ScheduledTalk
from notifications.selectors import talks_ahead
from notifications.services import talk_cancel, talk_schedule
from reviewcycle.services import goal_create, review_record_planning_talk, review_record_progress_talk
from tests.reviewcycle.helpers import PLANNING_TALK, advance

pytestmark = pytest.mark.django_db


def when(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=datetime.UTC)


def plan(review, org, kind, starts_at):
    return talk_schedule(review=review, actor=org.manager.user, kind=kind, starts_at=starts_at)


def invitations(user, talk):
    rows = Notification.objects.filter(
        recipient=user, kind="invitation", channel="email", dedupe_key__startswith=f"talk:{talk.uid}:"
    ).order_by("id")
    return [(row, icalendar.Calendar.from_ical(row.attachment)) for row in rows]


def event_of(calendar):
    return next(component for component in calendar.walk() if component.name == "VEVENT")


def record_planning_talk(review, org, talk_date):
    goal_create(review=review, actor=org.manager.user, title="Wachttijd balie onder 10 minuten", weight=100)
    return review_record_planning_talk(review=review, actor=org.manager.user, talk_date=talk_date)


def test_a_talk_held_earlier_is_cancelled_in_both_calendars(review, org, traveller):
    talk = plan(review, org, "planning", when(1, 20))
    review = advance(review, org, "plan_signoff", traveller)  # recorded as held on 12 January

    talk.refresh_from_db()
    assert talk.cancelled_at is not None
    assert talk.held_on == PLANNING_TALK
    assert talks_ahead(review=review) == []
    for user in (org.employee.user, org.manager.user):
        (_, invitation), (row, cancellation) = invitations(user, talk)
        assert cancellation["method"] == "CANCEL"
        event, original = event_of(cancellation), event_of(invitation)
        assert str(event["uid"]) == str(original["uid"])
        assert int(event["sequence"]) > int(original["sequence"])
        assert str(event["status"]) == "CANCELLED"
        assert "took place earlier, on 12 January 2026" in str(event["description"])
        assert "took place earlier, on 12 January 2026" in row.body
        assert row.subject.startswith("Cancelled: planning talk")


def test_the_cancellation_speaks_dutch_to_a_dutch_reader(review, org, traveller):
    org.employee.preferred_language = "nl"
    org.employee.save()
    talk = plan(review, org, "planning", when(1, 20))
    advance(review, org, "plan_signoff", traveller)

    _, (row, cancellation) = invitations(org.employee.user, talk)
    assert "12 januari 2026" in str(event_of(cancellation)["description"])
    assert "eerder plaats, op 12 januari 2026" in row.body


def test_a_talk_held_on_its_planned_day_is_marked_held_without_a_cancellation(review, org, traveller):
    talk = plan(review, org, "planning", when(1, 15, 13))
    traveller.move_to(when(1, 15, 15))
    review = record_planning_talk(review, org, datetime.date(2026, 1, 15))

    talk.refresh_from_db()
    assert (talk.held_on, talk.cancelled_at) == (datetime.date(2026, 1, 15), None)
    assert len(invitations(org.employee.user, talk)) == 1
    assert len(invitations(org.manager.user, talk)) == 1
    assert talks_ahead(review=review) == []


def test_only_the_next_progress_talk_is_closed(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    first = plan(review, org, "progress", when(6, 10))
    second = plan(review, org, "progress", when(10, 5))
    traveller.move_to(when(6, 9, 15))
    review = review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 6, 9), notes="Eerder gehouden."
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.cancelled_at is not None
    assert first.held_on == datetime.date(2026, 6, 9)
    assert (second.cancelled_at, second.held_on) == (None, None)
    assert len(invitations(org.employee.user, second)) == 1
    assert talks_ahead(review=review) == [second]


def test_talks_of_another_kind_and_cancelled_talks_are_left_alone(review, org, traveller):
    progress = plan(review, org, "progress", when(6, 10))
    dropped = talk_cancel(talk=plan(review, org, "planning", when(1, 21)), actor=org.manager.user)
    advance(review, org, "plan_signoff", traveller)

    progress.refresh_from_db()
    dropped.refresh_from_db()
    assert (progress.cancelled_at, progress.held_on) == (None, None)
    assert dropped.held_on is None
    assert len(invitations(org.employee.user, dropped)) == 2  # the invitation and the manager's cancel


def test_a_held_talk_cannot_be_moved_or_cancelled_again(review, org, traveller):
    from django.core.exceptions import ValidationError

    from notifications.services import talk_reschedule

    talk = plan(review, org, "planning", when(1, 15, 13))
    traveller.move_to(when(1, 15, 15))
    record_planning_talk(review, org, datetime.date(2026, 1, 15))
    with pytest.raises(ValidationError):
        talk_reschedule(talk=talk, actor=org.manager.user, starts_at=when(1, 22))
    talk_cancel(talk=talk, actor=org.manager.user)
    assert ScheduledTalk.objects.get(pk=talk.pk).cancelled_at is None
    assert len(invitations(org.manager.user, talk)) == 1


def test_talks_recorded_before_held_on_existed_get_it_from_the_recording(review, org, traveller):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("notifications.migrations.0009_talk_held_on")
    review = advance(review, org, "in_progress", traveller)
    first = plan(review, org, "progress", when(6, 10))
    second = plan(review, org, "progress", when(10, 5))
    traveller.move_to(when(6, 9, 15))
    review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 6, 9), notes="Eerder gehouden."
    )
    ScheduledTalk.objects.filter(pk=first.pk).update(held_on=None, cancelled_at=None)  # as before the field

    migration.held_on_from_recorded_talks(apps, None)
    assert ScheduledTalk.objects.get(pk=first.pk).held_on == datetime.date(2026, 6, 9)
    assert ScheduledTalk.objects.get(pk=second.pk).held_on is None
