"""Reads for the inbox, failed deliveries and scheduled talks."""

from django.db.models import QuerySet

from notifications.models import Notification, ScheduledTalk
from reviewcycle.selectors import reviews_visible_to


def inbox_of(*, user) -> QuerySet[Notification]:
    """The user's in-app notifications, with their review joined."""
    return Notification.objects.filter(recipient=user, channel=Notification.Channel.IN_APP).select_related(
        "review"
    )


def unread_count(*, user) -> int:
    """How many in-app notifications the user has not read (0 when logged out)."""
    if not user.is_authenticated:
        return 0
    return inbox_of(user=user).filter(read_at__isnull=True).count()


def delivery_failures() -> QuerySet[Notification]:
    """E-mails given up on: HR sees them (admin, dashboard)."""
    return Notification.objects.filter(
        channel=Notification.Channel.EMAIL, failed_at__isnull=False
    ).select_related("recipient", "review")


def talks_visible_to(*, user) -> QuerySet[ScheduledTalk]:
    """Scheduled talks of the reviews the user may see (``reviews_visible_to``)."""
    return ScheduledTalk.objects.filter(review__in=reviews_visible_to(user=user).values("id")).select_related(
        "review__employee", "review__manager"
    )
