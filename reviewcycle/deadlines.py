"""When the next step of a review is due: the one deadline rule per state.

Reminders, the dashboard, the lists and the API read it (through ``Review.due_date``, written at every
step: ``due_date_for``); a moved cycle date moves the reviews' due dates (``due_dates_from_cycle``).
``workflow`` re-exports these names.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from reviewcycle.conditions import signed_since_objection
from reviewcycle.models import Review

State = Review.State


@dataclass(frozen=True)
class CycleDate:
    """Due on one of the cycle's phase dates."""

    field: str

    def for_review(self, review: Review) -> date:
        return getattr(review.cycle, self.field)


@dataclass(frozen=True)
class ReviewDate:
    """Due on a date kept on the review itself."""

    field: str

    def for_review(self, review: Review) -> date | None:
        return getattr(review, self.field)


@dataclass(frozen=True)
class DaysInState:
    """Due a number of days (a cycle setting) after the review entered the state."""

    days_field: str

    def for_review(self, review: Review) -> date:
        entered = timezone.localtime(review.state_changed_at).date()
        return entered + timedelta(days=getattr(review.cycle, self.days_field))


@dataclass(frozen=True)
class SecondReviewDays:
    """The second reviewer's days (a cycle setting) count from when they can finalise: from entering
    second review, or, when the employee signed "voor gezien" and may object until the response term
    ends, from the end of that term (``conditions.OBJECTION_AFTER_SIGNING``: finalising waits for it)."""

    days_field: str

    def for_review(self, review: Review) -> date:
        entered = timezone.localtime(review.state_changed_at).date()
        start = entered
        if (
            review.signature == Review.Signature.SEEN
            and review.response_due
            and signed_since_objection(review)
        ):
            start = max(entered, review.response_due)
        return start + timedelta(days=getattr(review.cycle, self.days_field))


# The deadline of each open state. In progress, the progress talks are due first; once
# enough are held, starting the appraisal is due in time for the self-assessment.
DEADLINES = {
    State.PLANNING: CycleDate("planning_due"),
    State.PLAN_SIGNOFF: CycleDate("planning_due"),
    State.SELF_ASSESSMENT: CycleDate("self_assessment_due"),
    State.SCORING: CycleDate("scoring_due"),
    State.APPRAISAL_TALK: CycleDate("appraisal_due"),
    State.EMPLOYEE_RESPONSE: ReviewDate("response_due"),
    State.SECOND_REVIEW: SecondReviewDays("second_review_days"),
    State.OBJECTION: DaysInState("objection_decision_days"),
}


# A review of a cycle for individuals (a regeling on the employment period: start and probation) is due
# on its own dates (``Review.start_talk_due``, ``Review.evaluation_due``, set when it is added:
# ``services.individual``) instead of the cycle's; the later steps follow ``DEADLINES``.
INDIVIDUAL_DEADLINES = {
    State.PLANNING: ReviewDate("start_talk_due"),
    State.PLAN_SIGNOFF: ReviewDate("start_talk_due"),
    State.IN_PROGRESS: ReviewDate("evaluation_due"),
    State.SELF_ASSESSMENT: ReviewDate("evaluation_due"),
    State.SCORING: ReviewDate("evaluation_due"),
    State.APPRAISAL_TALK: ReviewDate("evaluation_due"),
}
# The reviews whose deadlines are the cycle's dates (not a review of a cycle for individuals).
ON_CYCLE_DATES = Q(start_talk_due__isnull=True, evaluation_due__isnull=True)


def is_individual(review: Review) -> bool:
    """Whether the review runs on its own dates (``INDIVIDUAL_DEADLINES``)."""
    return review.start_talk_due is not None or review.evaluation_due is not None


def due_date_for(review: Review) -> date | None:
    """The date the next step of this review is due (None once it is done): the one rule reminders, the
    dashboard, the lists and the API read (through ``Review.due_date``, written at every step)."""
    if is_individual(review) and review.state in INDIVIDUAL_DEADLINES:
        return INDIVIDUAL_DEADLINES[review.state].for_review(review)
    if review.state == State.IN_PROGRESS:
        enough = review.progress_talk_count >= review.cycle.min_progress_talks
        return review.cycle.self_assessment_due if enough else review.cycle.progress_due
    rule = DEADLINES.get(review.state)
    return rule.for_review(review) if rule else None


def due_dates_from_cycle(cycle) -> list[tuple[Q, date]]:
    """``due_date_for`` for every review of ``cycle`` whose deadline is one of the cycle's dates, as
    (filter, date) pairs for a bulk update: the same rules (``DEADLINES``' ``CycleDate`` entries and the
    in-progress rule), so a moved cycle date moves those reviews' due dates (and their reminders)."""
    pairs = [
        (Q(state=state), getattr(cycle, rule.field))
        for state, rule in DEADLINES.items()
        if isinstance(rule, CycleDate)
    ]
    enough = Q(progress_talk_count__gte=cycle.min_progress_talks)
    pairs.append((Q(state=State.IN_PROGRESS) & enough, cycle.self_assessment_due))
    pairs.append((Q(state=State.IN_PROGRESS) & ~enough, cycle.progress_due))
    return [(condition & ON_CYCLE_DATES, day) for condition, day in pairs]


def cycle_date_states() -> dict[str, str]:
    """State → cycle date field, for the states whose deadline is a cycle date (bulk recomputation)."""
    return {state: rule.field for state, rule in DEADLINES.items() if isinstance(rule, CycleDate)}
