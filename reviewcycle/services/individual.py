"""Cycles for individuals: an open cycle on a regeling for the employment period (start and probation
talks) is a standing one; everyone in its scope who arrives with a start date gets a review in it at once."""

from collections.abc import Iterable

from django.db import transaction

from people.models import Employee
from reviewcycle.models import CycleTemplateVersion, ReviewCycle
from reviewcycle.services.cycles import employees_to_review
from reviewcycle.services.opening import cycle_add_missing


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
