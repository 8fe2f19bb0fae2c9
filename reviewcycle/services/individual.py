"""Cycles for individuals: an open cycle on a regeling for the employment period (start and probation
talks) is a standing one; everyone in its scope who arrives with a start date gets a review in it at once."""

from collections.abc import Iterable

from django.db import transaction

from people.models import Employee
from reviewcycle.models import CycleTemplateVersion, Review, ReviewCycle
from reviewcycle.services.cycles import employees_to_review
from reviewcycle.services.opening import cycle_add_missing
from reviewcycle.workflow import due_date_for


@transaction.atomic
def reviews_add_for_arrivals(*, employees: Iterable[Employee]) -> dict[int, dict]:
    """Give each arriving employee with a start date a review in every open cycle for individuals
    (``CycleTemplateVersion.is_for_individuals``) whose scope and period cover them, unless they have
    one there already.

    ``employees``: the people just added (``people.signals.employees_provisioned``: the import, the admin,
    SCIM provisioning), saved with their manager. Goes through ``cycle_add_missing`` (the one way reviews
    are added to an open cycle, audited as a ``MISSING_ADDED`` cycle event) as the system (actor None):
    the arrival follows the personnel data, whoever recorded it. Each review is due on the employee's own
    dates (``individual_due_dates``: the start talk from the start date, the evaluation before the contract
    or the probation period ends). Someone without a manager gets none (the report names them, as when
    HR adds the missing). Returns cycle id → ``cycle_add_missing``'s report, for the cycles that had
    someone to add. Raises nothing of its own.
    """
    # Without a start date nobody arrives here; whether it lies in the period is ``starts_in_period`` (the
    # one rule, applied by ``employees_to_review``).
    ids = [employee.pk for employee in employees if employee.start_date is not None]
    if not ids:
        return {}
    reports = {}
    cycles = ReviewCycle.objects.filter(
        state=ReviewCycle.State.OPEN, template_version__period=CycleTemplateVersion.Period.EMPLOYMENT
    ).order_by("pk")
    for cycle in cycles:
        with_manager, without_manager = employees_to_review(cycle, skip_overlapping=True, only=ids)
        if with_manager or without_manager:
            reports[cycle.pk] = cycle_add_missing(cycle=cycle, actor=None, employee_ids=ids)
    return reports


# The states in which each of a review's own dates is still ahead: the start talk until its plan is signed,
# the evaluation until its talk is held (``deadlines.INDIVIDUAL_DEADLINES``).
START_TALK_AHEAD = (Review.State.PLANNING, Review.State.PLAN_SIGNOFF)
EVALUATION_AHEAD = (
    *START_TALK_AHEAD,
    Review.State.IN_PROGRESS,
    Review.State.SELF_ASSESSMENT,
    Review.State.SCORING,
    Review.State.APPRAISAL_TALK,
)


@transaction.atomic
def reviews_redate_for_employee(*, employee: Employee) -> list[Review]:
    """Move the own dates of ``employee``'s open reviews in cycles for individuals to their start date and
    contract end as they are now (``people.signals.employee_contract_dates_changed``: the import, SCIM, the admin).

    Each date moves only while its step is ahead (``START_TALK_AHEAD``, ``EVALUATION_AHEAD``): a talk
    that was held keeps the date it was due on, as the record of when it was due. The review's
    ``due_date`` is recomputed by the one rule (``deadlines.due_date_for``), so reminders and the
    dashboard follow. Without a start date nothing moves (the dates are counted from it). Returns the
    reviews that changed. Raises nothing of its own.
    """
    if employee.start_date is None:
        return []
    reviews = Review.objects.select_for_update(of=("self",)).select_related("cycle__template_version")
    changed = []
    for review in reviews.filter(
        employee=employee,
        state__in=EVALUATION_AHEAD,
        cycle__template_version__period=CycleTemplateVersion.Period.EMPLOYMENT,
    ).order_by("pk"):
        start_talk, evaluation = review.cycle.template_version.individual_due_dates(
            start_date=employee.start_date, contract_end_date=employee.contract_end_date
        )
        before = (review.start_talk_due, review.evaluation_due, review.due_date)
        if review.state in START_TALK_AHEAD:
            review.start_talk_due = start_talk
        review.evaluation_due = evaluation
        review.due_date = due_date_for(review)
        if (review.start_talk_due, review.evaluation_due, review.due_date) != before:
            review.save(update_fields=["start_talk_due", "evaluation_due", "due_date", "updated_at"])
            changed.append(review)
    return changed
