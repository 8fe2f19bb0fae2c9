"""The daily digest: one e-mail per digest user with everything pending for them."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import messages
from notifications.models import Notification, NotificationPreference
from notifications.services.delivery import deliver


@transaction.atomic
def send_digests(*, now=None) -> int:
    """One e-mail per digest user with everything pending for them since the last digest."""
    now = now or timezone.now()
    pending = (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            channel=Notification.Channel.EMAIL,
            sent_at__isnull=True,
            failed_at__isnull=True,
            recipient__notification_preference__email_mode=NotificationPreference.EmailMode.DAILY_DIGEST,
        )
        .select_related("recipient__employee")
        .order_by("recipient_id", "created_at")
    )
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.recipient].append(notification)
    for user, items in by_user.items():
        with translation.override(messages.language_of(user)):
            subject = _("Your daily overview: %(count)s messages") % {"count": len(items)}
        body = "\n\n".join(f"• {item.subject}\n  {item.body}\n  {item.link}" for item in items)
        digest = Notification.objects.create(
            recipient=user,
            kind=Notification.Kind.DIGEST,
            channel=Notification.Channel.EMAIL,
            dedupe_key=f"digest:{user.pk}:{now:%Y-%m-%d}",
            subject=subject,
            body=body,
            next_attempt_at=now,
        )
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            sent_at=now, digested_in=digest
        )
    if by_user:
        transaction.on_commit(lambda: _deliver_digests(now))
    return len(by_user)


def _deliver_digests(now) -> None:
    for notification_id in Notification.objects.filter(
        kind=Notification.Kind.DIGEST, sent_at__isnull=True, created_at__gte=now
    ).values_list("id", flat=True):
        deliver(notification_id)
