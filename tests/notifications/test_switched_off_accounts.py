"""Nothing is written or sent to an account that is switched off (a leaver), whatever made the message."""

import datetime

import pytest

from notifications.models import Notification
from notifications.services import deliver, reminders_sweep
from reviewcycle.services import goal_create, review_record_planning_talk
from tests.reviewcycle.helpers import PLANNING_TALK

pytestmark = pytest.mark.django_db


def switch_off(user) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


def test_the_sweep_writes_no_reminder_to_a_switched_off_account(review, org, traveller):
    switch_off(org.manager.user)
    traveller.move_to(datetime.datetime(2026, 2, 15, 8, 0, tzinfo=datetime.UTC))
    reminders_sweep()
    assert not Notification.objects.filter(recipient=org.manager.user, kind="reminder").exists()


def test_a_step_notifies_nobody_whose_account_is_switched_off(review, org):
    goal_create(review=review, actor=org.manager.user, title="Wachttijd")
    switch_off(org.employee.user)
    before = Notification.objects.filter(recipient=org.employee.user).count()
    review_record_planning_talk(review=review, actor=org.manager.user, talk_date=PLANNING_TALK)
    assert Notification.objects.filter(recipient=org.employee.user).count() == before
    # The same step does notify an active account (the employee's turn to sign the plan).
    assert Notification.objects.filter(recipient=org.manager.user).exists()


def test_mail_written_before_the_account_was_switched_off_is_not_sent(review, org, mailoutbox):
    pending = Notification.objects.filter(recipient=org.manager.user, channel="email", sent_at=None).first()
    assert pending is not None
    switch_off(org.manager.user)
    assert deliver(pending.pk) == "failed"
    pending.refresh_from_db()
    assert pending.failed_at is not None
    assert "switched off" in pending.last_error
    assert mailoutbox == []
