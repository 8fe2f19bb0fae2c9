"""Cycles: create, open (one review per employee in scope, in bulk), close."""

import itertools
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from frameworks.models import FrameworkVersion, RatingScale
from frameworks.selectors import expected_profiles_for
from people.models import Employee, OrgUnit
from people.selectors import hr_org_units, is_hr, org_units_below
from reviewcycle.models import (
    CompetencyAssessment,
    CycleEvent,
    IndicatorMark,
    Review,
    ReviewCycle,
    ReviewEvent,
)
from reviewcycle.signals import cycle_opened
from reviewcycle.workflow import due_date_for

BATCH_SIZE = 2000


def require_hr_for(actor, org_units: Iterable[OrgUnit]) -> None:
    """Only HR whose scope covers every one of ``org_units`` (or a superuser, or the system) may go on."""
    if actor is None or actor.is_superuser:
        return
    if not is_hr(user=actor):
        raise PermissionDenied(_("Only HR can run review cycles."))
    allowed = set(hr_org_units(user=actor).values_list("id", flat=True))
    outside = [unit.name for unit in org_units if unit.pk not in allowed]
    if outside:
        raise PermissionDenied(
            _("These units are outside your HR scope: %(units)s.") % {"units": ", ".join(outside)}
        )


@transaction.atomic
def cycle_create(
    *,
    actor,
    name: str,
    scope: list[OrgUnit],
    framework_version: FrameworkVersion,
    rating_scale: RatingScale,
    **fields,
) -> ReviewCycle:
    require_hr_for(actor, scope)
    if not scope:
        raise ValidationError({"scope": _("Choose at least one organisation unit.")})
    if framework_version.status != FrameworkVersion.Status.PUBLISHED:
        raise ValidationError({"framework_version": _("A cycle needs a published framework version.")})
    cycle = ReviewCycle(name=name, framework_version=framework_version, rating_scale=rating_scale, **fields)
    _validate_cycle(cycle)
    cycle.save()
    cycle.scope.set(scope)
    CycleEvent.objects.create(
        cycle=cycle, actor=actor, action="create", payload={"scope": [u.pk for u in scope]}
    )
    return cycle


def _validate_cycle(cycle: ReviewCycle) -> None:
    errors = {}
    if cycle.period_end <= cycle.period_start:
        errors["period_end"] = _("The period must end after it starts.")
    dates = [
        ("planning_due", cycle.planning_due),
        ("progress_due", cycle.progress_due),
        ("self_assessment_due", cycle.self_assessment_due),
        ("scoring_due", cycle.scoring_due),
        ("appraisal_due", cycle.appraisal_due),
    ]
    for (_earlier, first), (later, second) in itertools.pairwise(dates):
        if first and second and second < first:
            errors[later] = _(
                "The phase dates must follow each other: planning, progress, self-assessment, "
                "scoring, appraisal."
            )
    if cycle.goal_weight + cycle.competency_weight != 100:
        errors["competency_weight"] = _("The weights of goals and competencies must add up to 100.")
    if errors:
        raise ValidationError(errors)
    cycle.full_clean(exclude=["scope", "state"], validate_constraints=False)


def employees_in_scope(cycle: ReviewCycle):
    units = org_units_below(org_units=list(cycle.scope.all()))
    return (
        Employee.objects.filter(org_unit__in=units, active=True)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=cycle.period_end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=cycle.period_start))
        .select_related("manager__manager", "role_type", "job_profile", "org_unit")
    )


@transaction.atomic
def cycle_open(*, cycle: ReviewCycle, actor) -> dict:
    """Open the cycle: one review per active employee in scope, with everything snapshotted, in bulk.

    Employees without a manager get no review (reported); HR assigns one and opens again
    with ``cycle_add_missing``.
    """
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.DRAFT:
        raise TransitionNotAllowed(_("This cycle is already open or closed."))
    cycle.open()
    cycle.save()
    report = _create_reviews(cycle, actor)
    CycleEvent.objects.create(cycle=cycle, actor=actor, action="open", payload=report)
    cycle_opened.send(sender=ReviewCycle, cycle=cycle, actor=actor, reviews_created=report["created"])
    return report


@transaction.atomic
def cycle_add_missing(*, cycle: ReviewCycle, actor) -> dict:
    """For an open cycle: reviews for employees in scope who have none yet (new hires, a manager assigned since)."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.OPEN:
        raise TransitionNotAllowed(_("Reviews can only be added to an open cycle."))
    report = _create_reviews(cycle, actor)
    CycleEvent.objects.create(cycle=cycle, actor=actor, action="add_missing", payload=report)
    return report


def _create_reviews(cycle: ReviewCycle, actor) -> dict:
    existing = set(Review.objects.filter(cycle=cycle).values_list("employee_id", flat=True))
    employees = [employee for employee in employees_in_scope(cycle) if employee.pk not in existing]
    without_manager = [employee for employee in employees if employee.manager_id is None]
    employees = [employee for employee in employees if employee.manager_id is not None]
    profiles = expected_profiles_for(employees=employees, framework_version=cycle.framework_version)
    now = timezone.now()

    reviews = []
    for employee in employees:
        manager = employee.manager
        review = Review(
            cycle=cycle,
            employee=employee,
            manager=manager,
            second_reviewer=manager.manager if manager.manager_id != employee.pk else None,
            org_unit=employee.org_unit,
            role_label=_role_label(employee),
            state_changed_at=now,
        )
        review.cycle = cycle
        review.due_date = due_date_for(review)
        reviews.append(review)
    Review.objects.bulk_create(reviews, batch_size=BATCH_SIZE)

    assessments, indicator_rows = [], []
    for review in reviews:
        for order, expected in enumerate(profiles[review.employee_id]):
            assessment = CompetencyAssessment(
                review=review,
                competency=expected.competency,
                name=expected.competency.name,
                definition=expected.competency.definition,
                expected_level=expected.expected_level,
                level_summary=expected.level_summary,
                order=order,
            )
            assessments.append(assessment)
            indicator_rows.append((assessment, expected))
    CompetencyAssessment.objects.bulk_create(assessments, batch_size=BATCH_SIZE)
    IndicatorMark.objects.bulk_create(
        [
            IndicatorMark(assessment=assessment, text=indicator.text, is_next_level=is_next, order=order)
            for assessment, expected in indicator_rows
            for is_next, indicators in ((False, expected.indicators), (True, expected.next_level_indicators))
            for order, indicator in enumerate(indicators)
        ],
        batch_size=BATCH_SIZE * 5,
    )
    ReviewEvent.objects.bulk_create(
        [
            ReviewEvent(
                review=review,
                actor=actor,
                transition="open",
                to_state=review.state,
                created_at=now,
                payload={
                    "manager": review.manager_id,
                    "second_reviewer": review.second_reviewer_id,
                    "role": review.role_label,
                },
            )
            for review in reviews
        ],
        batch_size=BATCH_SIZE,
    )
    return {
        "created": len(reviews),
        "without_manager": [employee.employee_number for employee in without_manager],
        "without_expected_profile": [
            r.employee.employee_number for r in reviews if not profiles[r.employee_id]
        ],
        "without_second_reviewer": [r.employee.employee_number for r in reviews if r.second_reviewer is None],
    }


def _role_label(employee: Employee) -> str:
    if employee.role_type_id:
        return employee.role_type.name
    if employee.job_profile_id:
        level = f", {employee.job_profile_level}" if employee.job_profile_level else ""
        return f"{employee.job_profile.title}{level}"
    return ""


@transaction.atomic
def cycle_close(*, cycle: ReviewCycle, actor, force_reason: str = "") -> ReviewCycle:
    """Close the cycle once every review is final, cancelled or exempt — or force it, with a reason."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.OPEN:
        raise TransitionNotAllowed(_("Only an open cycle can be closed."))
    still_open = Review.objects.filter(cycle=cycle, state__in=Review.OPEN_STATES).count()
    force_reason = (force_reason or "").strip()
    if still_open and not force_reason:
        raise TransitionNotAllowed(
            _("%(count)s reviews are not final, cancelled or exempt yet; close anyway only with a reason.")
            % {"count": still_open}
        )
    cycle.close(force_reason=force_reason if still_open else "")
    cycle.save()
    CycleEvent.objects.create(
        cycle=cycle, actor=actor, action="close", payload={"open_reviews": still_open, "reason": force_reason}
    )
    return cycle
