"""The outbox and the inbox: create notifications in the caller's transaction, queue delivery, mark read."""

import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import single_line
from notifications import messages
from notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


BATCH_SIZE = 500


def _email_mode(user) -> str:
    preference = getattr(user, "notification_preference", None)
    try:
        return preference.email_mode if preference is not None else NotificationPreference.EmailMode.IMMEDIATE
    except NotificationPreference.DoesNotExist:
        return NotificationPreference.EmailMode.IMMEDIATE


def _row_values(
    *,
    recipient,
    review_id: int | None,
    kind: str,
    key: str,
    text: messages.Text,
    now,
    due_date=None,
    attachment: str = "",
    link: str = "",
    email: bool = True,
    informant_request_id: int | None = None,
) -> list[dict]:
    """The in-app row, and the e-mail row when the recipient has an address and wants e-mail; nothing
    for an account that is switched off (someone who left: ``people.services.employees_leave``)."""
    if not recipient.is_active:
        return []
    common = {
        "recipient_id": recipient.pk,
        "review_id": review_id,
        "kind": kind,
        "subject": single_line(text.subject)[:300],
        "body": text.body,
        "link": link or (messages.review_link(review_id) if review_id is not None else ""),
        "due_date": due_date,
        # A request for input: its mail is not sent once the request is no longer open (delivery).
        "informant_request_id": informant_request_id,
    }
    rows = [
        {
            **common,
            "channel": Notification.Channel.IN_APP,
            "dedupe_key": f"{key}:app"[:200],
            "attachment": "",
            "sent_at": now,
            "next_attempt_at": None,
        }
    ]
    wants_email = _email_mode(recipient) != NotificationPreference.EmailMode.NONE
    if email and recipient.email and wants_email:
        rows.append(
            {
                **common,
                "channel": Notification.Channel.EMAIL,
                "dedupe_key": f"{key}:mail"[:200],
                "attachment": attachment,
                "sent_at": None,
                "next_attempt_at": now,
            }
        )
    return rows


def _rows(*, recipient, review=None, review_id: int | None = None, **options) -> list[Notification]:
    review_id = review.pk if review is not None else review_id
    return [
        Notification(**values)
        for values in _row_values(recipient=recipient, review_id=review_id, now=timezone.now(), **options)
    ]


def notify(*, recipients: Iterable, review, kind: str, key: str, text_for, **options) -> int:
    """Create the notifications now (inside the caller's transaction); deliver e-mail after commit."""
    rows = []
    for recipient in {user.pk: user for user in recipients if user is not None}.values():
        rows += _rows(
            recipient=recipient,
            review=review,
            kind=kind,
            key=f"{key}:{recipient.pk}",
            text=text_for(recipient),
            **options,
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.channel == Notification.Channel.EMAIL for row in rows):
        queue_outbox()
    return len(rows)


def queue_outbox() -> None:
    """After commit, hand the pending e-mails to the worker. Queuing twice is harmless: delivery is idempotent."""
    transaction.on_commit(enqueue_pending)


def enqueue_pending(now=None) -> int:
    """Queue delivery of every pending e-mail that is due, in batches. A broker that is down is logged,
    not raised: the rows stay pending and the next flush (beat, every minute) delivers them."""
    from notifications.tasks import deliver_notifications_task

    now = now or timezone.now()
    digest_users = NotificationPreference.objects.filter(
        email_mode=NotificationPreference.EmailMode.DAILY_DIGEST
    ).values("user_id")
    ids = list(
        Notification.objects.filter(
            channel=Notification.Channel.EMAIL,
            sent_at__isnull=True,
            failed_at__isnull=True,
            next_attempt_at__lte=now,
        )
        # A digest user's messages wait for their digest; the digest itself is retried like any e-mail,
        # and what cannot wait (a password reset) goes at once.
        .exclude(
            Q(recipient_id__in=digest_users)
            & ~Q(kind__in=[Notification.Kind.DIGEST, *Notification.IMMEDIATE_KINDS])
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    queued = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        try:
            deliver_notifications_task.apply_async(args=[batch], retry=False)
        except Exception as error:  # noqa: BLE001 - any broker failure: keep the rows, log, try again later
            logger.warning("Broker unavailable, %s notifications stay pending: %s", len(ids) - start, error)
            return queued
        queued += len(batch)
    return queued


def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of the user's notifications read (once: reading again changes nothing).

    ``PermissionDenied`` (403) for someone else's notification.
    """
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This is not your notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark all the user's unread in-app notifications read; returns how many were unread."""
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())


def notifications_mark_handled(*, review, recipient_ids: Iterable[int] | None = None) -> int:
    """Mark done everything that asked someone to take the step ``review`` was at
    (``Notification.ACTION_KINDS``): the step is taken, by whoever. ``recipient_ids``: only theirs
    (the review moved to someone else). Returns how many were open."""
    rows = Notification.objects.filter(
        review=review, kind__in=Notification.ACTION_KINDS, handled_at__isnull=True
    )
    if recipient_ids is not None:
        rows = rows.filter(recipient_id__in=list(recipient_ids))
    now = timezone.now()
    return rows.update(handled_at=now, updated_at=now)


def preference_set(*, user, email_mode: str) -> NotificationPreference:
    """Set how the user gets e-mail: ``email_mode`` one of ``NotificationPreference.EmailMode``.

    ``ValidationError`` on ``email_mode`` (400) for any other value.
    """
    if email_mode not in NotificationPreference.EmailMode.values:
        raise ValidationError({"email_mode": _("Unknown choice.")})
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_mode": email_mode}
    )
    return preference
