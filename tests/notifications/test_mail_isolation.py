"""One bad row never stops the other mail (issue 14, fault 3): headers are built on one line, and
delivery isolates each message (a row that cannot be sent fails with its reason, the rest go out)."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from notifications.models import Notification
from notifications.services import deliver
from notifications.tasks import deliver_notifications_task

pytestmark = pytest.mark.django_db


def _pending(recipient, subject: str, key: str) -> Notification:
    """An outbox row written straight to the table, as an old row from before the validation."""
    return Notification.objects.create(
        recipient=recipient,
        kind=Notification.Kind.YOUR_TURN,
        channel=Notification.Channel.EMAIL,
        dedupe_key=key,
        subject=subject,
        body="Tekst",
        next_attempt_at=timezone.now(),
    )


def test_a_poisoned_batch_delivers_every_other_mail_and_does_not_block_the_next(org, mailoutbox):
    Notification.objects.all().delete()
    first = _pending(org.employee.user, "Jouw beurt", "first")
    poisoned_subject = _pending(org.manager.user, "Gesprek\r\nBcc: evil@example.com", "subject")
    # An address with a line break, stored before any validation: it cannot be sent at all.
    get_user_model().objects.filter(pk=org.colleague.user.pk).update(email="cor@example.com\nBcc: x@y.nl")
    bad_address = _pending(get_user_model().objects.get(pk=org.colleague.user.pk), "Hallo", "address")
    last = _pending(org.director.user, "Jouw beurt ook", "last")

    outcome = deliver_notifications_task([first.pk, poisoned_subject.pk, bad_address.pk, last.pk])

    assert outcome == {"sent": 3, "failed": 1}
    sent = {message.to[0]: message for message in mailoutbox}
    assert set(sent) == {org.employee.user.email, org.manager.user.email, org.director.user.email}
    # The subject came out on one line: no injected header.
    message = sent[org.manager.user.email].message()
    assert message["Subject"] == "Gesprek Bcc: evil@example.com"
    assert message["Bcc"] is None
    for row in (first, poisoned_subject, last):
        row.refresh_from_db()
        assert row.sent_at is not None
        assert row.failed_at is None
    bad_address.refresh_from_db()
    # Failed for good at once (retrying cannot help), with its reason for the admin.
    assert bad_address.failed_at is not None
    assert bad_address.sent_at is None
    assert bad_address.attempts == 1
    assert bad_address.last_error

    # A later batch is not blocked: the failed row is skipped, new mail goes out.
    later = _pending(org.employee.user, "Nog een bericht", "later")
    mailoutbox.clear()
    assert deliver_notifications_task([bad_address.pk, later.pk]) == {"skipped": 1, "sent": 1}
    assert [message.subject for message in mailoutbox] == ["Nog een bericht"]


def test_every_header_is_built_on_one_line(org, mailoutbox):
    """Subject, recipient and the calendar part's name: nothing from a row reaches a header with a break."""
    Notification.objects.all().delete()
    # (PostgreSQL cannot store NUL at all; the validators refuse it before it gets there.)
    row = _pending(org.employee.user, "\x1bEva\u2028de\x85Vries\ttalk\n", "escape")
    assert deliver(row.pk) == "sent"
    (message,) = mailoutbox
    assert message.subject == "Eva de Vries talk"
    raw = message.message().as_bytes()
    assert b"\x1b" not in raw
