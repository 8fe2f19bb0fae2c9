"""The burn-down: how many reviews were not yet done on each day of the cycle."""

import datetime

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from reports.dashboard.base import DashboardReviews
from reviewcycle.models import Review, ReviewEvent

DONE = Review.DONE_STATES  # final, cancelled or exempt: no work left on the review


def burndown(*, scope: DashboardReviews, total: int, today: datetime.date) -> list[dict]:
    """Reviews not yet done (not final, cancelled or exempt) per day, from the day the cycle opened
    until ``today`` or the end of the cycle's period, whichever comes first.

    ``total``: the number of reviews counted now. Counted back from the audit events: a review entering
    a done state is one fewer that day, one leaving it (HR reopens a final review) one more.
    Returns ``[{"date": date, "not_done": int}]``, one point a day. One query.
    """
    cycle = scope.cycle
    done_moves = (
        ReviewEvent.objects.filter(review__in=scope.reviews.values("id"))
        .filter(Q(to_state__in=DONE) | Q(from_state__in=DONE))
        .exclude(Q(to_state__in=DONE) & Q(from_state__in=DONE))
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(
            net=Sum(
                Case(When(to_state__in=DONE, then=Value(1)), default=Value(-1), output_field=IntegerField())
            )
        )
        .order_by("day")
    )
    start = timezone.localtime(cycle.opened_at).date() if cycle.opened_at else today
    net_by_day = dict(done_moves)
    remaining = total - sum(net for moved, net in net_by_day.items() if moved < start)
    last = min(today, cycle.period_end)  # the series never runs past the cycle's period, whatever "today" is
    points, day = [], start
    while day <= last:
        remaining -= net_by_day.get(day, 0)
        points.append({"date": day, "not_done": remaining})
        day += datetime.timedelta(days=1)
    return points
