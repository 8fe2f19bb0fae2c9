"""Cycles: create with their settings, who a cycle covers, close. Opening is in ``opening``."""

import itertools
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm import TransitionNotAllowed

from frameworks.models import FrameworkVersion, RatingScale
from people.models import Employee, OrgUnit
from people.selectors import hr_org_units, is_hr, org_units_below
from reviewcycle.models import CycleEvent, Review, ReviewCycle


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
    actor: User | None,
    name: str,
    scope: list[OrgUnit],
    framework_version: FrameworkVersion,
    rating_scale: RatingScale,
    **fields,
) -> ReviewCycle:
    """A draft cycle with every setting HR gives (``reviewcycle.models.CYCLE_SETTINGS``), the same for
    the page and the API.

    ``fields``: the other settings by name — due dates (``date``), terms in days, the weights of goals
    and competencies (percent, adding up to 100), ``reminder_offsets`` (a list of days 0–90 before
    each due date; stored most first, each once), ``overdue_reminder_after_days``,
    ``escalate_to_second_reviewer_after_days``, ``escalate_to_hr_after_days`` (days after the due
    date) and ``auto_start_appraisal`` (bool); a setting left out takes its default. Raises
    ``PermissionDenied`` (403) for anyone but HR of every unit in ``scope`` and ``ValidationError``
    (400, by field) for a bad setting, an empty scope or an unpublished framework version.
    """
    require_hr_for(actor, scope)
    if not scope:
        raise ValidationError({"scope": _("Choose at least one organisation unit.")})
    if framework_version.status != FrameworkVersion.Status.PUBLISHED:
        raise ValidationError({"framework_version": _("A cycle needs a published framework version.")})
    cycle = ReviewCycle(name=name, framework_version=framework_version, rating_scale=rating_scale, **fields)
    _validate_cycle(cycle)
    cycle.reminder_offsets = cycle.reminder_days
    cycle.save()
    cycle.scope.set(scope)
    CycleEvent.record(
        cycle=cycle, actor=actor, kind=CycleEvent.Kind.CREATED, payload={"scope": [u.pk for u in scope]}
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
    """Active employees of the cycle's units (and the units below them) employed at some time in its period."""
    units = org_units_below(org_units=list(cycle.scope.all()))
    return (
        Employee.objects.filter(org_unit__in=units, active=True)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=cycle.period_end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=cycle.period_start))
        .select_related("manager__manager", "role_type", "job_profile", "org_unit")
    )


@transaction.atomic
def cycle_close(*, cycle: ReviewCycle, actor, force_reason: str = "") -> ReviewCycle:
    """Close the cycle once every review is final, cancelled or exempt — or force it, with a reason.

    ``force_reason``: free text, required while reviews are still open. Raises ``PermissionDenied``
    (403) for anyone but HR of every unit in scope, and ``TransitionNotAllowed`` (409) when the cycle
    is not open, when reviews are open and no reason is given, and always while an objection is
    undecided: an employee's objection is decided, never closed away (retention would keep it anyway).
    """
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.OPEN:
        raise TransitionNotAllowed(_("Only an open cycle can be closed."))
    objections = Review.objects.filter(cycle=cycle, state=Review.State.OBJECTION).count()
    if objections:
        raise TransitionNotAllowed(
            ngettext(
                "%(count)s objection is not decided yet; decide it before you close the cycle.",
                "%(count)s objections are not decided yet; decide them before you close the cycle.",
                objections,
            )
            % {"count": objections}
        )
    still_open = Review.objects.filter(cycle=cycle, state__in=Review.OPEN_STATES).count()
    force_reason = (force_reason or "").strip()
    if still_open and not force_reason:
        raise TransitionNotAllowed(
            _("%(count)s reviews are not final, cancelled or exempt yet; close anyway only with a reason.")
            % {"count": still_open}
        )
    cycle.close(force_reason=force_reason if still_open else "")
    cycle.save()
    payload = {"open_reviews": still_open, "reason": force_reason}
    CycleEvent.record(cycle=cycle, actor=actor, kind=CycleEvent.Kind.CLOSED, payload=payload)
    return cycle
