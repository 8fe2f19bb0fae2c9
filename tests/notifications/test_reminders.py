"""Reminders before due dates, an overdue reminder, escalations — each exactly once."""

import datetime

import pytest

from notifications.models import Notification
from notifications.services import reminders_sweep
from reviewcycle.models import ReviewCycle
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def at(traveller, day):
    traveller.move_to(datetime.datetime(2026, *day, 8, 0, tzinfo=datetime.UTC))


def reminders_for(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind, channel="in_app").order_by("id"))


def test_reminders_at_14_7_and_1_days_before_each_once(review, org, traveller):
    # Planning is due on 1 March; the manager must act.
    at(traveller, (2, 10))
    reminders_sweep()
    assert reminders_for(org.manager.user, "reminder") == []
    at(traveller, (2, 15))
    reminders_sweep()
    reminders_sweep()
    sent = reminders_for(org.manager.user, "reminder")
    # Two reviews of his reports are due (Eva's and Cor's): one reminder each, not two.
    assert [n.review.employee.name for n in sent] == ["Cor Collega", "Eva Employee"]
    assert sent[0].subject == "Reminder: hold the planning talk and record the goals before 1 March 2026"
    at(traveller, (2, 22))
    reminders_sweep()
    at(traveller, (2, 28))
    reminders_sweep()
    assert len(reminders_for(org.manager.user, "reminder")) == 6
    eva = [n for n in reminders_for(org.manager.user, "reminder") if n.review_id == review.pk]
    assert [n.dedupe_key.split(":")[4] for n in eva] == ["14", "7", "1"]


def test_each_reminder_names_its_own_employee_in_the_recipients_language(review, org, traveller):
    # The sweep makes the text of a step once per language and date: the names must still differ.
    at(traveller, (2, 15))
    reminders_sweep()
    bodies = {n.review.employee.name: n.body for n in reminders_for(org.manager.user, "reminder")}
    assert bodies["Eva Employee"].startswith("In the review of Eva Employee (Gesprekscyclus 2026)")
    assert bodies["Cor Collega"].startswith("In the review of Cor Collega (Gesprekscyclus 2026)")
    org.manager.preferred_language = "nl"
    org.manager.save()
    at(traveller, (2, 22))
    reminders_sweep()
    dutch = [n for n in reminders_for(org.manager.user, "reminder") if n.dedupe_key.split(":")[4] == "7"]
    assert sorted(n.body.split(" (")[0] for n in dutch) == [
        "In de gesprekscyclus van Cor Collega",
        "In de gesprekscyclus van Eva Employee",
    ]
    # The e-mail rows carry the same text, queued for delivery.
    mail = Notification.objects.get(dedupe_key=dutch[0].dedupe_key.replace(":app", ":mail"))
    assert (mail.body, mail.sent_at, mail.next_attempt_at is not None) == (dutch[0].body, None, True)


def test_a_sweep_that_starts_late_sends_only_the_nearest_reminder(review, org, traveller):
    at(traveller, (2, 27))
    reminders_sweep()
    eva = [n for n in reminders_for(org.manager.user, "reminder") if n.review_id == review.pk]
    assert [n.dedupe_key.split(":")[4] for n in eva] == ["7"]


def test_overdue_then_escalation_to_second_reviewer_then_hr(review, org, traveller):
    at(traveller, (3, 2))
    reminders_sweep()
    assert len(reminders_for(org.manager.user, "overdue")) == 2
    assert reminders_for(org.director.user, "escalation") == []
    at(traveller, (3, 8))
    reminders_sweep()
    escalations = reminders_for(org.director.user, "escalation")
    # Dora is second reviewer of Max's reports and of Olaf's (Otto): all three are a week overdue.
    assert {n.review.employee.name for n in escalations} == {"Eva Employee", "Cor Collega", "Otto Ander"}
    assert "Max Manager has not yet done what was due on 1 March 2026" in escalations[0].body
    assert reminders_for(org.hr, "escalation") == []
    at(traveller, (3, 15))
    reminders_sweep()
    reminders_sweep()
    assert len(reminders_for(org.hr, "escalation")) == 5  # every review in scope is 14 days overdue
    assert len(reminders_for(org.manager.user, "overdue")) == 2  # and nothing twice


def test_hr_changes_the_policy_per_cycle(review, org, traveller, cycle):
    # The sweep reads the cycle's own settings.
    ReviewCycle.objects.filter(pk=cycle.pk).update(
        reminder_offsets=[3], escalate_to_second_reviewer_after_days=1
    )
    at(traveller, (2, 15))
    reminders_sweep()
    assert reminders_for(org.manager.user, "reminder") == []
    at(traveller, (2, 26))
    reminders_sweep()
    assert len(reminders_for(org.manager.user, "reminder")) == 2
    at(traveller, (3, 2))
    reminders_sweep()
    assert len(reminders_for(org.director.user, "escalation")) == 3


def test_reminders_follow_the_state_not_the_old_due_date(review, org, traveller):
    review = advance(review, org, "plan_signoff", traveller)  # now the employee must sign by 1 March
    at(traveller, (2, 15))
    reminders_sweep()
    assert reminders_for(org.employee.user, "reminder")[0].subject == (
        "Reminder: sign the plan before 1 March 2026"
    )
    assert reminders_for(org.employee.user, "reminder")[0].body.startswith("In your review")
