"""Retention (AVG): reviews of closed cycles are erased once the term after the cycle's period has passed.

Only reviews that are final, cancelled or exempt are erased. A review still open in a cycle that was
closed by force (an objection, a talk never held) is reported and kept: HR finishes, cancels or
exempts it first.

Erasure removes the whole review: its content, its audit trail and its access log, and whatever
other apps keep about it (``reviews_erasing``). On PostgreSQL the audit rows go only through the
database function ``gesprekscyclus_erase_reviews`` (owned by the owner role, see migration 0005),
which refuses any review that is not done in a closed cycle. What remains is one line on the
cycle's own log: how many were erased and how many kept.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from reviewcycle.models import (
    ClosedRound,
    CompetencyAssessment,
    ConsequenceProposal,
    CycleEvent,
    DevelopmentAction,
    Goal,
    GoalChange,
    InformantRequest,
    ProgressTalk,
    Review,
    ReviewAccess,
    ReviewCycle,
    ReviewEvent,
    TalkAnswer,
)
from reviewcycle.signals import reviews_erasing

BATCH = 500


@dataclass(frozen=True)
class RetentionLine:
    """One closed cycle past the term: ``reviews`` to erase (done), ``kept`` still open, kept."""

    cycle_id: int
    cycle: str
    period_end: datetime.date
    reviews: int
    kept: int = 0


def retention_cutoff(*, today: datetime.date | None = None, years: int | None = None) -> datetime.date:
    """Cycles whose period ended before this date are past the term."""
    today = today or timezone.localdate()
    years = settings.RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def reviews_past_retention(*, today=None, years=None):
    """Reviews retention may erase now: done (final, cancelled, exempt) in a closed cycle past the term."""
    return _in_cycles_past_term(today=today, years=years).filter(state__in=Review.DONE_STATES)


def _in_cycles_past_term(*, today=None, years=None):
    return Review.objects.filter(
        cycle__state=ReviewCycle.State.CLOSED,
        cycle__period_end__lt=retention_cutoff(today=today, years=years),
    )


def retention_report(*, today=None, years=None) -> list[RetentionLine]:
    """What erasure would remove now (and keep), per cycle; the dry run shows this, changing nothing.

    ``today``: the local date (default: today); ``years``: the term (default ``RETENTION_YEARS``).
    """
    done = Q(state__in=Review.DONE_STATES)
    rows = (
        _in_cycles_past_term(today=today, years=years)
        .values("cycle_id", "cycle__name", "cycle__period_end")
        .annotate(reviews=Count("id", filter=done), kept=Count("id", filter=~done))
        .order_by("cycle__period_end", "cycle_id")
    )
    return [
        RetentionLine(
            row["cycle_id"], row["cycle__name"], row["cycle__period_end"], row["reviews"], row["kept"]
        )
        for row in rows
    ]


def retention_apply(*, actor=None, today=None, years=None) -> list[RetentionLine]:
    """Erase every done review past the term, in batches (each one transaction); returns what was erased and kept."""
    report = retention_report(today=today, years=years)
    for line in report:
        ids = list(
            reviews_past_retention(today=today, years=years)
            .filter(cycle_id=line.cycle_id)
            .values_list("id", flat=True)
        )
        for start in range(0, len(ids), BATCH):
            reviews_erase(review_ids=ids[start : start + BATCH])
        CycleEvent.record(
            cycle_id=line.cycle_id,
            actor=actor,
            kind=CycleEvent.Kind.RETENTION_APPLIED,
            payload={
                "erased_reviews": line.reviews,
                "kept_reviews": line.kept,
                "cutoff": str(retention_cutoff(today=today, years=years)),
            },
        )
    return report


@transaction.atomic
def reviews_erase(*, review_ids: list[int]) -> int:
    """Erase these reviews whole; each must be final, cancelled or exempt in a closed cycle.

    Raises ``ValueError`` (a programming error, never a user's) when one is not, changing nothing.
    Returns how many reviews were erased.
    """
    if not review_ids:
        return 0
    not_erasable = (
        Review.objects.filter(pk__in=review_ids)
        .exclude(state__in=Review.DONE_STATES, cycle__state=ReviewCycle.State.CLOSED)
        .values_list("id", flat=True)
    )
    if not_erasable:
        raise ValueError(f"reviews {sorted(not_erasable)} are not done in a closed cycle: not erased")
    reviews_erasing.send(sender=Review, review_ids=review_ids)
    GoalChange.objects.filter(goal__review_id__in=review_ids).delete()
    Goal.objects.filter(review_id__in=review_ids).delete()
    # Informants' requests with their answers, marks and answers to the informant form.
    InformantRequest.objects.filter(review_id__in=review_ids).delete()
    CompetencyAssessment.objects.filter(review_id__in=review_ids).delete()  # their marks go with them
    DevelopmentAction.objects.filter(review_id__in=review_ids).delete()
    ProgressTalk.objects.filter(review_id__in=review_ids).delete()
    TalkAnswer.objects.filter(review_id__in=review_ids).delete()  # preparations and reports of its talks
    ConsequenceProposal.objects.filter(review_id__in=review_ids).delete()  # their items go with them
    # Kept rounds are written once (the ORM refuses to delete them) and point at the events erased next.
    rounds = ClosedRound.objects.filter(review_id__in=review_ids)
    rounds._raw_delete(rounds.db)
    if connection.vendor == "postgresql":
        # The audit rows and the reviews themselves: the one path the database allows (migration 0005).
        with connection.cursor() as cursor:
            cursor.execute("SELECT gesprekscyclus_erase_reviews(%s::bigint[])", [list(review_ids)])
            return cursor.fetchone()[0]
    # The ORM refuses to delete audit rows (on purpose); on SQLite this is the one sanctioned path.
    for model in (ReviewEvent, ReviewAccess):
        models_qs = model.objects.filter(review_id__in=review_ids)
        models_qs._raw_delete(models_qs.db)
    deleted, _ = Review.objects.filter(pk__in=review_ids).delete()
    return deleted
