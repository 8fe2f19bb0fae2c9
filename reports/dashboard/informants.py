"""Informants' input in the cycle: how many were asked and how many answered. Totals over the reviews
counted only, never per review or per day: a count cannot point at one person's answer."""

from django.db.models import Count, Q

from reports.dashboard.base import DashboardReviews, percent
from reviewcycle.models import InformantRequest

Status = InformantRequest.Status


def informant_counts(*, scope: DashboardReviews) -> dict:
    """``{"reviews": reviews with a request, "requests": requests not withdrawn, "answered", "open",
    "expired", "withdrawn", "percent_answered": of the requests}``. One query."""
    counts = InformantRequest.objects.filter(review__in=scope.reviews.values("pk")).aggregate(
        reviews=Count("review", distinct=True, filter=~Q(status=Status.WITHDRAWN)),
        requests=Count("id", filter=~Q(status=Status.WITHDRAWN)),
        answered=Count("id", filter=Q(status=Status.ANSWERED)),
        open=Count("id", filter=Q(status=Status.REQUESTED)),
        expired=Count("id", filter=Q(status=Status.EXPIRED)),
        withdrawn=Count("id", filter=Q(status=Status.WITHDRAWN)),
    )
    return {**counts, "percent_answered": percent(counts["answered"], counts["requests"])}
