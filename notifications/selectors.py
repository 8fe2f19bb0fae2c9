"""Reads for the inbox, failed deliveries and scheduled talks."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from notifications.models import Notification, ScheduledTalk
from people.selectors import hr_org_units, is_hr
from reviewcycle.models import Review
from reviewcycle.selectors import reviews_visible_to
from reviewcycle.workflow import PHASE_OF_STATE, overdue_q

# The talk held in each phase of the review; after the appraisal phase, an appraisal talk too.
TALK_OF_PHASE = {"planning": ScheduledTalk.Kind.PLANNING, "progress": ScheduledTalk.Kind.PROGRESS}


def talk_kind_due(*, review: Review) -> str:
    """The kind of talk a manager plans now (the talk form's default): the planning talk while planning,
    a progress talk in progress, else the appraisal talk."""
    return TALK_OF_PHASE.get(PHASE_OF_STATE[review.state], ScheduledTalk.Kind.APPRAISAL)


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


def talks_ahead(*, review: Review, now=None) -> list[ScheduledTalk]:
    """The talks of ``review`` still on the agenda, soonest first: not cancelled, not recorded as held
    (``held_on``, set by ``talk_mark_held`` when the manager records the talk) and not over (``ends_at``
    after ``now``, an aware datetime, by default now).

    Reads the review's talks as prefetched (``review_detail``), else one query.
    """
    now = now or timezone.now()
    return sorted(
        (
            talk
            for talk in review.scheduled_talks.all()
            if talk.cancelled_at is None and talk.held_on is None and talk.ends_at > now
        ),
        key=lambda talk: (talk.starts_at, talk.pk),
    )


def reviews_to_remind(
    *,
    user,
    team: bool = False,
    cycle_id: int | None = None,
    ids: list[int] | None = None,
    overdue: bool = False,
) -> QuerySet[Review]:
    """Open reviews ``user`` follows up and may remind on (``rules.can_send_reminder``): as their manager,
    and as HR for the employee's unit unless ``team`` (only the user's own reports). Narrowed to one
    cycle (``cycle_id``), to chosen reviews (``ids``) and to the overdue ones (``overdue``)."""
    follows = Q(manager__user=user)
    if not team and is_hr(user=user):
        follows |= Q(employee__org_unit__in=hr_org_units(user=user))
    reviews = (
        reviews_visible_to(user=user)
        .filter(follows, state__in=Review.OPEN_STATES)
        .exclude(employee__user=user)
    )
    if cycle_id is not None:
        reviews = reviews.filter(cycle_id=cycle_id)
    if ids is not None:
        reviews = reviews.filter(pk__in=ids)
    if overdue:
        reviews = reviews.filter(overdue_q())
    return reviews
