"""Retention (AVG): reviews of closed cycles are erased once the term after the cycle's period has passed.

Erasure removes the whole review: its content, its audit trail and its access log (the audit
tables allow this one path, see migration 0004), and whatever other apps keep about it
(``reviews_erasing``). What remains is one line on the cycle's own log: how many were erased.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min
from django.utils import timezone

from reviewcycle.models import (
    CompetencyAssessment,
    CycleEvent,
    DevelopmentAction,
    Goal,
    GoalChange,
    ProgressTalk,
    Review,
    ReviewAccess,
    ReviewCycle,
    ReviewEvent,
)
from reviewcycle.signals import reviews_erasing

BATCH = 500


@dataclass(frozen=True)
class RetentionLine:
    cycle_id: int
    cycle: str
    period_end: datetime.date
    reviews: int


def retention_cutoff(*, today: datetime.date | None = None, years: int | None = None) -> datetime.date:
    """Cycles whose period ended before this date are past the term."""
    today = today or timezone.localdate()
    years = settings.RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def reviews_past_retention(*, today=None, years=None):
    return Review.objects.filter(
        cycle__state=ReviewCycle.State.CLOSED,
        cycle__period_end__lt=retention_cutoff(today=today, years=years),
    )


def retention_report(*, today=None, years=None) -> list[RetentionLine]:
    """What erasure would remove now, per cycle (the dry run shows this, changing nothing)."""
    rows = (
        reviews_past_retention(today=today, years=years)
        .values("cycle_id", "cycle__name", "cycle__period_end")
        .annotate(reviews=Count("id"), first=Min("id"))
        .order_by("cycle__period_end", "cycle_id")
    )
    return [
        RetentionLine(row["cycle_id"], row["cycle__name"], row["cycle__period_end"], row["reviews"])
        for row in rows
    ]


def retention_apply(*, actor=None, today=None, years=None) -> list[RetentionLine]:
    """Erase every review past the term, in batches (each one transaction); returns what was erased."""
    report = retention_report(today=today, years=years)
    for line in report:
        ids = list(
            reviews_past_retention(today=today, years=years)
            .filter(cycle_id=line.cycle_id)
            .values_list("id", flat=True)
        )
        for start in range(0, len(ids), BATCH):
            reviews_erase(review_ids=ids[start : start + BATCH])
        CycleEvent.objects.create(
            cycle_id=line.cycle_id,
            actor=actor,
            action="retention",
            payload={
                "erased_reviews": line.reviews,
                "cutoff": str(retention_cutoff(today=today, years=years)),
            },
        )
    return report


@transaction.atomic
def reviews_erase(*, review_ids: list[int]) -> int:
    if not review_ids:
        return 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL gesprekscyclus.erasing = 'on'")
    reviews_erasing.send(sender=Review, review_ids=review_ids)
    GoalChange.objects.filter(goal__review_id__in=review_ids).delete()
    Goal.objects.filter(review_id__in=review_ids).delete()
    CompetencyAssessment.objects.filter(review_id__in=review_ids).delete()  # their marks go with them
    DevelopmentAction.objects.filter(review_id__in=review_ids).delete()
    ProgressTalk.objects.filter(review_id__in=review_ids).delete()
    # The ORM refuses to delete audit rows (on purpose); this is the one sanctioned path.
    for model in (ReviewEvent, ReviewAccess):
        models_qs = model.objects.filter(review_id__in=review_ids)
        models_qs._raw_delete(models_qs.db)
    deleted, _ = Review.objects.filter(pk__in=review_ids).delete()
    return deleted
