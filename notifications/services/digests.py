"""The daily digest: one e-mail per digest user with everything pending for them."""

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext

from notifications import messages
from notifications.models import Notification, NotificationPreference
from notifications.services.delivery import RequestClosedError, deliver
from reviewcycle.informants.selectors import is_open


@transaction.atomic
def send_digests(*, now: datetime | None = None) -> int:
    """One e-mail per digest user with everything pending for them since their last digest.

    Idempotent, and safe to run again on the same day: a digest's key is the organisation's
    local date (``settings.TIME_ZONE``) and the last message it carries, so a second run sends
    only what arrived since, never repeats what was sent, and never raises on a repeat. The
    pending rows are locked while they are gathered, so two runs at once never share a row.
    Returns the number of digests made.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            channel=Notification.Channel.EMAIL,
            sent_at__isnull=True,
            failed_at__isnull=True,
            recipient__notification_preference__email_mode=NotificationPreference.EmailMode.DAILY_DIGEST,
        )
        .exclude(kind__in=[Notification.Kind.DIGEST, *Notification.IMMEDIATE_KINDS])
        .select_related("recipient__employee", "informant_request")
        .order_by("recipient_id", "created_at", "id")
    )
    by_user = defaultdict(list)
    closed = []
    for notification in pending:
        request = notification.informant_request
        if request is not None and not is_open(request, today):
            closed.append(notification.pk)  # a request for input no longer open: not sent
            continue
        by_user[notification.recipient].append(notification)
    if closed:
        Notification.objects.filter(pk__in=closed).update(
            failed_at=now, last_error=str(RequestClosedError.__doc__), updated_at=now
        )
    digest_ids = []
    for user, items in by_user.items():
        with translation.override(messages.language_of(user)):
            subject = ngettext(
                "Your daily overview: %(count)s message",
                "Your daily overview: %(count)s messages",
                len(items),
            ) % {"count": len(items)}
        body = "\n\n".join(f"• {item.subject}\n  {item.body}\n  {item.link}" for item in items)
        last = max(item.pk for item in items)
        digest, _created = Notification.objects.get_or_create(
            dedupe_key=f"digest:{user.pk}:{today.isoformat()}:{last}",
            defaults={
                "recipient": user,
                "kind": Notification.Kind.DIGEST,
                "channel": Notification.Channel.EMAIL,
                "subject": subject,
                "body": body,
                "next_attempt_at": now,
            },
        )
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            sent_at=now, digested_in=digest
        )
        digest_ids.append(digest.pk)
    if digest_ids:
        transaction.on_commit(lambda: _deliver_digests(digest_ids))
    return len(digest_ids)


def _deliver_digests(digest_ids: list[int]) -> None:
    for notification_id in digest_ids:
        deliver(notification_id)
