"""Informants' input in the cycle: how many were asked and how many answered. Totals over the reviews
counted only, never per review or per day, and an anonymous group's requests only once the group is
shown on the review (``reviewcycle.informants.counts``): a count cannot point at one person's answer."""

from reports.dashboard.base import DashboardReviews
from reviewcycle.informants.counts import informant_request_counts


def informant_counts(*, scope: DashboardReviews) -> dict:
    """``informant_request_counts`` over the dashboard's reviews. Two queries."""
    return informant_request_counts(reviews=scope.reviews)
