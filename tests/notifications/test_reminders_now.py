"""Reminders on demand: HR or the manager reminds whoever must act, once a day with the sweep's."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from notifications.models import Notification
from notifications.services import reminders_sweep, send_reminders_now
from reviewcycle.models import Review, ReviewEvent
from reviewcycle.selectors import review_history
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def at(traveller, month, day, hour=8):
    traveller.move_to(datetime.datetime(2026, month, day, hour, 0, tzinfo=datetime.UTC))


def reminders(user):
    return list(
        Notification.objects.filter(
            recipient=user, channel="in_app", kind__in=["reminder", "overdue", "escalation"]
        ).order_by("id")
    )


def test_hr_reminds_the_manager_once_and_the_history_says_so(review, org, traveller):
    at(traveller, 2, 20)
    assert send_reminders_now(reviews=[review], actor=org.hr) == 1
    (sent,) = reminders(org.manager.user)
    assert (sent.kind, sent.review_id) == ("reminder", review.pk)
    assert sent.subject == "Reminder: hold the planning talk and record the goals before 1 March 2026"
    assert (
        Notification.objects.filter(recipient=org.manager.user, channel="email", kind="reminder").count() == 1
    )
    # Again the same day: nothing new, and no second line in the history.
    assert send_reminders_now(reviews=[review], actor=org.hr) == 0
    assert len(reminders(org.manager.user)) == 1
    event = ReviewEvent.objects.get(review=review, transition="send_reminder")
    assert (event.actor, event.payload) == (org.hr, {"to": ["Max Manager"]})
    line = review_history(review=review)[-1]
    assert (line.what, line.who) == ("Reminder sent to Max Manager", "hans-hr")
    with translation.override("nl"):
        assert line.what == "Herinnering verstuurd aan Max Manager"


def test_the_sweep_on_the_same_day_sends_no_second_reminder(review, org, traveller):
    cor = Review.objects.get(cycle=review.cycle, employee=org.colleague)
    at(traveller, 3, 2, 7)
    assert send_reminders_now(reviews=[review], actor=org.hr) == 1
    assert reminders(org.manager.user)[0].kind == "overdue"
    at(traveller, 3, 2, 9)
    reminders_sweep()
    # Eva's review was reminded on demand this morning; Cor's only by the sweep.
    assert sorted(n.review_id for n in reminders(org.manager.user)) == sorted([review.pk, cor.pk])
    # The sweep's reminder stands for the on-demand one too, the same day.
    assert send_reminders_now(reviews=[cor], actor=org.hr) == 0
    # Another day is another reminder.
    at(traveller, 3, 3)
    assert send_reminders_now(reviews=[review, cor], actor=org.hr) == 2


def test_a_new_step_is_a_new_reminder_the_same_day(review, org, traveller):
    at(traveller, 2, 20)
    send_reminders_now(reviews=[review], actor=org.hr)
    review = advance(review, org, "plan_signoff", traveller)
    assert send_reminders_now(reviews=[review], actor=org.hr) == 1
    (sent,) = reminders(org.employee.user)
    assert sent.subject == "Reminder: sign the plan before 1 March 2026"


def test_the_manager_reminds_the_team_but_not_himself(review, org, traveller):
    cor = Review.objects.get(cycle=review.cycle, employee=org.colleague)
    review = advance(review, org, "plan_signoff", traveller)
    # Eva must sign (her turn), Cor's planning is the manager's own turn.
    assert send_reminders_now(reviews=[review, cor], actor=org.manager.user) == 1
    assert [n.review_id for n in reminders(org.employee.user)] == [review.pk]
    assert reminders(org.manager.user) == []


def test_hr_decides_an_objection_so_hr_of_the_unit_is_reminded(review, org, traveller):
    from reviewcycle.services import review_object

    review = advance(review, org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Oneens")
    assert send_reminders_now(reviews=[review], actor=org.manager.user) == 1
    assert [n.review_id for n in reminders(org.hr)] == [review.pk]


def test_only_hr_of_the_unit_and_the_manager_may_remind(review, org, traveller):
    for outsider in (org.other_manager.user, org.employee.user, org.hr_elsewhere):
        with pytest.raises(PermissionDenied):
            send_reminders_now(reviews=[review], actor=outsider)
    assert Notification.objects.filter(kind__in=["reminder", "overdue"]).count() == 0


def test_closed_reviews_are_skipped(review, org, traveller):
    from reviewcycle.services import review_cancel

    review_cancel(review=review, actor=org.hr, reason="Uit dienst")
    assert send_reminders_now(reviews=Review.objects.filter(pk=review.pk), actor=org.hr) == 0


def test_the_queries_do_not_grow_with_the_number_of_reviews(
    review, org, traveller, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviewcycle.services import cycle_add_missing
    from tests.factories import EmployeeFactory

    at(traveller, 3, 5)
    with CaptureQueriesContext(connection) as one:
        assert send_reminders_now(reviews=[review], actor=org.hr) == 1
    for number in range(12):
        EmployeeFactory(name=f"Extra {number}", org_unit=org.team, manager=org.manager)
    cycle_add_missing(cycle=review.cycle, actor=org.hr)
    overdue = Review.objects.filter(cycle=review.cycle, state="planning").exclude(pk=review.pk)
    assert overdue.count() > 12
    with django_assert_max_num_queries(len(one.captured_queries)):
        sent = send_reminders_now(reviews=overdue, actor=org.hr)
    assert sent == overdue.count()
