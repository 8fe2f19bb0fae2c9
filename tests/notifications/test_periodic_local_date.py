"""Periodic work is idempotent by the organisation's local date (issue 14, fault 11).

Europe/Amsterdam: 00:30 there is still the previous day in UTC (23:30 UTC in winter, 22:30 in
summer), so a key or a "today" taken from UTC puts two local days on one date.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from notifications.models import Notification, NotificationPreference
from notifications.services import reminders_sweep, send_digests
from notifications.tasks import send_digests_task, sweep_task
from reviewcycle.models import Review
from reviewcycle.services.timed import reviews_expire_responses_due, reviews_start_appraisal_due

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


def _pending(recipient, subject: str) -> Notification:
    return Notification.objects.create(
        recipient=recipient,
        kind=Notification.Kind.YOUR_TURN,
        channel=Notification.Channel.EMAIL,
        dedupe_key=f"test:{subject}",
        subject=subject,
        body="Tekst",
        next_attempt_at=timezone.now(),
    )


def _digests(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=Notification.Kind.DIGEST).order_by("id"))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (local(2026, 1, 15, 23, 30), local(2026, 1, 16, 0, 30)),  # winter: both are 15 January in UTC
        (local(2026, 7, 15, 23, 30), local(2026, 7, 16, 0, 30)),  # summer: both are 15 July in UTC
        (local(2026, 1, 16, 7, 0), local(2026, 1, 16, 7, 5)),  # a second run on the same morning
    ],
)
def test_a_second_digest_run_sends_what_is_new_and_never_repeats(
    org, traveller, mailoutbox, django_capture_on_commit_callbacks, before, after
):
    manager = org.manager.user
    Notification.objects.all().delete()
    NotificationPreference.objects.create(user=manager, email_mode="daily_digest")
    traveller.move_to(before)
    _pending(manager, "Eerste bericht")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    traveller.move_to(after)
    _pending(manager, "Tweede bericht")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests_task() == 1  # no IntegrityError
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests_task() == 0  # nothing new: nothing sent
    first, second = _digests(manager)
    assert "Eerste bericht" in first.body
    assert "Tweede bericht" not in first.body
    assert "Tweede bericht" in second.body
    assert "Eerste bericht" not in second.body  # never repeated
    assert first.dedupe_key.split(":")[2] == before.date().isoformat()  # the local date
    assert second.dedupe_key.split(":")[2] == after.date().isoformat()
    assert not Notification.objects.filter(
        recipient=manager, channel="email", sent_at=None, failed_at=None
    ).exists()
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (local(2026, 2, 21, 23, 30), local(2026, 2, 22, 0, 30)),  # winter: 21 February in UTC both times
        (local(2026, 6, 23, 23, 30), local(2026, 6, 24, 0, 30)),  # summer: 23 June in UTC both times
    ],
)
def test_the_sweep_counts_days_by_the_local_date_and_repeats_nothing(review, org, traveller, before, after):
    """Planning is due on 1 March: the 7-day reminder belongs to 22 February, local time."""
    due = after.date() + datetime.timedelta(days=7)
    Review.objects.filter(cycle=review.cycle).update(due_date=due)
    traveller.move_to(before)
    sweep_task()
    keys = set(Notification.objects.filter(kind="reminder").values_list("dedupe_key", flat=True))
    assert keys
    assert all(key.split(":")[4] == "14" for key in keys)  # 8 days left: the 14-day reminder
    traveller.move_to(after)
    first = sweep_task()
    assert first["created"] > 0
    seven = Notification.objects.filter(kind="reminder", dedupe_key__contains=f":{due.isoformat()}:7:")
    assert seven.filter(recipient=org.manager.user, review=review).count() == 2  # in the app and by e-mail
    again = sweep_task()  # a repeat the same night: nothing new, nothing raised
    assert again["created"] == 0
    assert reminders_sweep()["created"] == 0
    assert (reviews_expire_responses_due(), reviews_start_appraisal_due()) == (0, 0)


def test_a_digest_that_could_not_be_sent_is_retried_by_the_outbox_not_digested_again(
    org, traveller, settings, django_capture_on_commit_callbacks
):
    from notifications.services import enqueue_pending

    manager = org.manager.user
    Notification.objects.all().delete()
    NotificationPreference.objects.create(user=manager, email_mode="daily_digest")
    traveller.move_to(local(2026, 1, 16, 7, 0))
    _pending(manager, "Eerste bericht")
    settings.EMAIL_BACKEND = "tests.notifications.test_inbox_and_delivery.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    (digest,) = _digests(manager)
    digest.refresh_from_db()
    assert digest.attempts == 1
    assert digest.sent_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 0  # the digest is not put in a digest of its own
    traveller.move_to(local(2026, 1, 16, 7, 2))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert enqueue_pending() == 1  # the outbox retries it
