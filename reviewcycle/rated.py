"""Whether a review counts as rated, and whether the manager's scores are released to the employee.

One definition for calibration, the exports, the lists' rating column and filter, the record and the
dashboard (``is_rated``; ``rated()`` is the same as a query). ``rules.can_see_manager_scores`` builds
on ``manager_scores_released``.
"""

from django.db.models import Q


def manager_scores_released(review) -> bool:
    """The manager's scores are the employee's to see: submitted, and not being scored again: neither back
    in scoring (an upheld objection, a return by the second reviewer, a reopening by HR) nor cancelled or
    exempted while there (the redraft was never submitted)."""
    if review.scores_submitted_at is None or review.state == review.State.SCORING:
        return False
    if review.state in (review.State.CANCELLED, review.State.EXEMPT):
        return _closed_from(review) != review.State.SCORING
    return True


def is_rated(review) -> bool:
    """The review counts as rated: the manager submitted an overall rating and is not scoring it again (a
    return, an upheld objection or a reopening sends it back to scoring), and it was neither cancelled nor
    exempted. The one definition for calibration, the exports, the lists' rating column and filter
    (``rated()`` is the same as a query)."""
    return (
        review.scores_submitted_at is not None
        and review.overall_rating_id is not None
        and review.state not in unrated_states()
    )


def unrated_states() -> tuple:
    """The states in which a submitted rating does not count (``is_rated``, ``rated``)."""
    from reviewcycle.models import Review

    return (Review.State.SCORING, Review.State.CANCELLED, Review.State.EXEMPT)


def rated(through: str = "") -> Q:
    """``is_rated`` as a filter on reviews, or (``through``, e.g. "review__") on rows that point at one."""
    return Q(
        **{f"{through}scores_submitted_at__isnull": False, f"{through}overall_rating__isnull": False}
    ) & ~Q(**{f"{through}state__in": list(unrated_states())})


def _closed_from(review) -> str:
    """The state a cancelled or exempted review was closed from (its events: prefetched by the detail)."""
    closing = [
        event
        for event in review.events.all()
        if event.to_state == review.state and event.from_state != review.state
    ]
    return closing[-1].from_state if closing else ""
