"""Time-driven transitions: what happens to reviews because a date passed, with nobody acting.

Run hourly by beat (``reviewcycle.tasks``); each review moves in its own transaction, so one that
someone changes at the same moment is simply left for them.
"""

from datetime import date

from django.utils import timezone
from django_fsm import TransitionNotAllowed

from reviewcycle.models import Review, ReviewCycle
from reviewcycle.services.transitions import review_expire_response, review_start_appraisal, unmet_conditions


def reviews_expire_responses_due(*, today: date | None = None) -> int:
    """Close the employee's response where its term has passed (``response_due`` before ``today``).

    ``today``: a date, the organisation's local date by default. The review goes on unsigned, taken
    by the system (no actor). Returns how many expired. Raises nothing for a review that was signed
    or objected to at the same moment (``TransitionNotAllowed`` is skipped): it is not counted.
    """
    today = today or timezone.localdate()
    expired = 0
    for review in Review.objects.filter(state=Review.State.EMPLOYEE_RESPONSE, response_due__lt=today):
        try:
            review_expire_response(review=review)
        except TransitionNotAllowed:
            continue  # someone signed or objected at the same moment
        expired += 1
    return expired


def reviews_start_appraisal_due(*, today: date | None = None) -> int:
    """Start the appraisal of reviews in progress where their cycle asks for it.

    That is: an open cycle with ``auto_start_appraisal`` whose ``progress_due`` is ``today`` or
    earlier (``today``: a date, the organisation's local date by default), and only where the
    step's conditions hold (progress talks held, the minimum period passed). Taken by the system
    (no actor). Returns how many started; a review whose conditions do not hold, or that someone
    moved at the same moment (``TransitionNotAllowed``), is skipped.
    """
    today = today or timezone.localdate()
    cycles = ReviewCycle.objects.filter(
        auto_start_appraisal=True, state=ReviewCycle.State.OPEN, progress_due__lte=today
    )
    started = 0
    candidates = Review.objects.filter(cycle__in=cycles, state=Review.State.IN_PROGRESS).select_related(
        "cycle"
    )
    for review in candidates:
        if unmet_conditions(review, "start_appraisal"):
            continue
        try:
            review_start_appraisal(review=review, actor=None)
        except TransitionNotAllowed:
            continue
        started += 1
    return started
