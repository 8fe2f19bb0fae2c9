"""Cycles: create, change, copy and delete drafts with their settings, who a cycle covers (and whom
another open cycle covers already), close. Opening is in ``opening``."""

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
from people.selectors import org_units_below
from reviewcycle import rules
from reviewcycle.models import (
    CYCLE_SETTINGS,
    CycleEvent,
    CycleOpening,
    CycleTemplateVersion,
    Review,
    ReviewCycle,
)
from reviewcycle.services.cycle_validation import FIRST_YEAR as FIRST_YEAR
from reviewcycle.services.cycle_validation import LAST_YEAR as LAST_YEAR
from reviewcycle.services.cycle_validation import validate_cycle
from reviewcycle.shapes.services import (
    default_template_version,
    template_cycle_defaults,
    template_fill_cycle,
)
from reviewcycle.signals import cycle_closed

MAX_NAMED = 10  # a refusal names this many people, then says how many more


def require_hr_for(actor, org_units: Iterable[OrgUnit]) -> None:
    """Only HR whose scope covers every one of ``org_units`` (or a superuser, or the system) may go on
    (``rules.cycle_scope_refusal``); ``PermissionDenied`` (403) saying why otherwise."""
    refusal = rules.cycle_scope_refusal(org_units, actor)
    if refusal is not None:
        raise PermissionDenied(refusal)


@transaction.atomic
def cycle_create(
    *,
    actor: User | None,
    name: str,
    scope: list[OrgUnit],
    framework_version: FrameworkVersion,
    rating_scale: RatingScale | None = None,
    copied_from: ReviewCycle | None = None,
    template_version: CycleTemplateVersion | None = None,
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
    (400, by field) for a bad setting, an empty scope, a unit no longer in use or an unpublished framework
    version.
    ``copied_from``: the cycle this one copies (``cycle_copy``), named in the audit event. ``template_version``:
    the regeling it runs on (None: the default, *Gemeentelijk*). The regeling fills what is left out (due
    dates from its offsets, progress talks, response term, weights, rating scale), and a setting for a part
    its shape lacks is ignored: ``shapes.services.template_fill_cycle``, the one rule.
    """
    _check_scope_and_version(actor, scope, framework_version)
    template_version = template_version or default_template_version()
    fields = template_fill_cycle(version=template_version, settings={**fields, "rating_scale": rating_scale})
    cycle = ReviewCycle(
        name=name,
        framework_version=framework_version,
        template_version=template_version,
        **fields,
    )
    validate_cycle(cycle)
    cycle.reminder_offsets = cycle.reminder_days
    cycle.save()
    cycle.scope.set(scope)
    payload = {"scope": [u.pk for u in scope]}
    if copied_from is not None:
        payload["copied_from"] = copied_from.pk
    CycleEvent.record(cycle=cycle, actor=actor, kind=CycleEvent.Kind.CREATED, payload=payload)
    return cycle


def _check_scope_and_version(actor, scope, framework_version, *, added=None) -> None:
    """``added``: the units new to the scope (all of it by default); a unit no longer in use may stay in a
    draft that had it, but is not added."""
    require_hr_for(actor, scope)
    if not scope:
        raise ValidationError({"scope": _("Choose at least one organisation unit.")})
    retired = sorted(unit.name for unit in (scope if added is None else added) if not unit.active)
    if retired:
        raise ValidationError(
            {
                "scope": _("No longer in use, so not in a new cycle: %(units)s.")
                % {"units": ", ".join(retired)}
            }
        )
    if framework_version.status != FrameworkVersion.Status.PUBLISHED:
        raise ValidationError({"framework_version": _("A cycle needs a published framework version.")})


def _locked_draft(cycle: ReviewCycle, actor, refusal: str) -> ReviewCycle:
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    require_hr_for(actor, cycle.scope.all())
    under_way = cycle.openings.filter(status__in=[CycleOpening.Status.PENDING, CycleOpening.Status.RUNNING])
    if cycle.state != ReviewCycle.State.DRAFT or under_way.exists():
        raise TransitionNotAllowed(refusal)
    return cycle


@transaction.atomic
def cycle_update(*, cycle: ReviewCycle, actor: User | None, **fields) -> ReviewCycle:
    """Change a draft cycle's settings (any of ``CYCLE_SETTINGS``, as for ``cycle_create``; ``scope``
    a list of units); the changed settings are named in a "Cycle changed" audit event.

    Raises ``PermissionDenied`` (403) for anyone but HR of every unit in the old and the new scope,
    ``TransitionNotAllowed`` (409) once the cycle is open (or being opened), and ``ValidationError``
    (400, by field) for a bad setting, as ``cycle_create`` does.
    """
    cycle = _locked_draft(cycle, actor, _("Only a draft cycle can be changed."))
    unknown = set(fields) - set(CYCLE_SETTINGS)
    if unknown:
        raise ValueError(f"not a cycle setting: {sorted(unknown)}")
    before = list(cycle.scope.all())
    scope = list(fields.pop("scope", before))
    _check_scope_and_version(
        actor,
        scope,
        fields.get("framework_version", cycle.framework_version),
        added=[unit for unit in scope if unit not in before],
    )
    fields, cycle.settings_from_regeling = _on_regeling(cycle, fields)
    changed = sorted(name for name, value in fields.items() if getattr(cycle, name) != value)
    for name, value in fields.items():
        setattr(cycle, name, value)
    validate_cycle(cycle)
    cycle.reminder_offsets = cycle.reminder_days
    cycle.save()
    if {unit.pk for unit in scope} != set(cycle.scope.values_list("pk", flat=True)):
        changed.append("scope")
        cycle.scope.set(scope)
    payload = {"changed": changed}
    if cycle.settings_from_regeling:
        payload["from_regeling"] = cycle.settings_from_regeling
    CycleEvent.record(cycle=cycle, actor=actor, kind=CycleEvent.Kind.CHANGED, payload=payload)
    return cycle


def _on_regeling(cycle: ReviewCycle, fields: dict) -> tuple[dict, list[str]]:
    """The settings of draft ``cycle`` after the change ``fields`` (settings by name), completed by its
    regeling (``template_fill_cycle``), and the names of those its regeling set anew. On another regeling,
    a setting HR never changed from the old regeling's value (and does not change now) takes the new
    regeling's value; one HR changed stays."""
    current = {name: getattr(cycle, name) for name in CYCLE_SETTINGS if name != "scope"}
    given = {name: value for name, value in fields.items() if current.get(name) != value}
    old, new = cycle.template_version, fields.get("template_version") or cycle.template_version
    if new != old:
        untouched = {
            name
            for name, value in template_cycle_defaults(version=old, period_start=cycle.period_start).items()
            if current.get(name) == value and name not in given
        }
        current = {name: value for name, value in current.items() if name not in untouched}
    filled = template_fill_cycle(version=new, settings={**current, **given, "template_version": new})
    from_regeling = sorted(
        name
        for name, value in filled.items()
        if name not in given and name in CYCLE_SETTINGS and getattr(cycle, name) != value
    )
    return {**fields, **{name: filled[name] for name in filled if name in CYCLE_SETTINGS}}, from_regeling


@transaction.atomic
def cycle_delete(*, cycle: ReviewCycle, actor: User | None) -> None:
    """Delete a draft cycle: it disappears from every list; its audit trail stays (state "deleted").

    Raises ``PermissionDenied`` (403) for anyone but HR of every unit in scope and
    ``TransitionNotAllowed`` (409) once the cycle is open or being opened.
    """
    cycle = _locked_draft(cycle, actor, _("Only a draft cycle can be deleted; this one is open or closed."))
    cycle.delete_draft()
    cycle.save()
    CycleEvent.record(cycle=cycle, actor=actor, kind=CycleEvent.Kind.DELETED, payload={"name": cycle.name})


def employees_to_review(
    cycle: ReviewCycle, *, skip_overlapping: bool = False, only: Iterable[int] | None = None
) -> tuple[list[Employee], list[Employee]]:
    """Who gets a review when the cycle opens (or later, ``cycle_add_missing``), and who does not for
    want of a manager: employees in scope without a review in it yet, but for those HR excluded.
    ``skip_overlapping``: nor those another open cycle covers for the same time
    (``overlapping_employees``; opening refuses them instead, adding the missing skips them).
    ``only``: employee ids to consider (None: everyone in scope)."""
    existing = Review.objects.filter(cycle=cycle).values("employee_id")
    employees = employees_in_scope(cycle).exclude(pk__in=existing).exclude(pk__in=cycle.excluded.values("pk"))
    if only is not None:
        employees = employees.filter(pk__in=list(only))
    if skip_overlapping:
        employees = employees.exclude(pk__in=overlapping_employees(cycle).values("pk"))
    # A manager who has left counts as none: HR names a new one first (the review would lie with nobody).
    with_manager = [e for e in employees if e.manager_id is not None and e.manager.active]
    without_manager = [e for e in employees if e.manager_id is None or not e.manager.active]
    return with_manager, without_manager


def overlapping_employees(cycle: ReviewCycle):
    """Employees in the cycle's scope (but for those excluded) who have a review in another open cycle
    whose period overlaps this one's, by name: opening would give them two reviews for the same time.
    A cycle for individuals (start and probation, ``CycleTemplateVersion.is_for_individuals``) overlaps
    only another such cycle: a probation review is no second yearly review."""
    elsewhere = (
        Review.objects.filter(
            cycle__state=ReviewCycle.State.OPEN,
            cycle__period_start__lte=cycle.period_end,
            cycle__period_end__gte=cycle.period_start,
        )
        .exclude(cycle=cycle)
        .exclude(state__in=[Review.State.CANCELLED, Review.State.EXEMPT])
    )
    individual = Q(cycle__template_version__period=CycleTemplateVersion.Period.EMPLOYMENT)
    version = cycle.template_version
    if version is not None and version.is_for_individuals:
        elsewhere = elsewhere.filter(individual)
    else:
        elsewhere = elsewhere.exclude(individual)
    return (
        employees_in_scope(cycle)
        .exclude(pk__in=cycle.excluded.values("pk"))
        .filter(pk__in=elsewhere.values("employee_id"))
        .order_by("name", "pk")
    )


def named_people(names: list[str]) -> str:
    """The first ``MAX_NAMED`` names, then how many more ("A, B en 3 anderen")."""
    shown, more = names[:MAX_NAMED], len(names) - MAX_NAMED
    if more <= 0:
        return ", ".join(shown)
    return ngettext("%(names)s and %(count)s other", "%(names)s and %(count)s others", more) % {
        "names": ", ".join(shown),
        "count": more,
    }


def lock_with_overlapping(cycle: ReviewCycle) -> ReviewCycle:
    """``cycle`` locked for opening, together with every other cycle whose period overlaps it, in id
    order (so two openings never deadlock). Two HR people opening overlapping cycles at once then open
    them one after the other, and the second one's ``refuse_overlap`` sees the first open. Returns
    ``cycle`` as locked; call inside the opening's transaction."""
    period = ReviewCycle.objects.values("period_start", "period_end").get(pk=cycle.pk)
    locked = {
        locked.pk: locked
        # NO KEY UPDATE: it excludes every other opening, change or closing (they lock as FOR UPDATE),
        # but not the rows that refer to these cycles (new reviews, events) for as long as opening takes.
        for locked in ReviewCycle.objects.select_for_update(no_key=True)
        .filter(
            Q(pk=cycle.pk) | Q(period_start__lte=period["period_end"], period_end__gte=period["period_start"])
        )
        .order_by("pk")
    }
    return locked[cycle.pk]


def refuse_overlap(cycle: ReviewCycle) -> None:
    """``TransitionNotAllowed`` (409) naming the people another open cycle covers for the same time,
    unless HR excluded them; nothing when there are none."""
    names = list(overlapping_employees(cycle).values_list("name", flat=True))
    if names:
        raise TransitionNotAllowed(
            ngettext(
                "%(count)s person already has a review in another open cycle for the same period: "
                "%(names)s. Exclude them to open this cycle.",
                "%(count)s people already have a review in another open cycle for the same period: "
                "%(names)s. Exclude them to open this cycle.",
                len(names),
            )
            % {"count": len(names), "names": named_people(names)}
        )


def cycle_exclude(*, cycle: ReviewCycle, actor: User | None, employees: Iterable[Employee]) -> None:
    """Exclude ``employees`` from a draft cycle: they get no review in it (audited, by employee number).

    Raises ``ValidationError`` (400, field ``exclude``) for anyone not in the cycle's scope. Called by
    ``cycle_open_start`` while the cycle is locked; nothing happens for an empty list.
    """
    employees = list(employees)
    if not employees:
        return
    in_scope = set(
        employees_in_scope(cycle).filter(pk__in=[e.pk for e in employees]).values_list("pk", flat=True)
    )
    outside = [e.name for e in employees if e.pk not in in_scope]
    if outside:
        raise ValidationError(
            {"exclude": _("Not in this cycle's scope: %(names)s.") % {"names": named_people(outside)}}
        )
    cycle.excluded.add(*employees)
    CycleEvent.record(
        cycle=cycle,
        actor=actor,
        kind=CycleEvent.Kind.EXCLUDED,
        payload={"employees": sorted(e.employee_number for e in employees)},
    )


def employees_in_scope(cycle: ReviewCycle, *, whoever_starts: bool = False):
    """Active employees of the cycle's units (and the units below them) employed at some time in its period;
    on a cycle for individuals (start and probation talks) only those who start in it (``starts_in_period``).
    ``whoever_starts``: without that last rule (to count whom it leaves out)."""
    units = org_units_below(org_units=list(cycle.scope.all()))
    employees = (
        Employee.objects.filter(org_unit__in=units, active=True)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=cycle.period_end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=cycle.period_start))
        .select_related("manager__manager", "role_type", "job_profile", "org_unit")
    )
    if not whoever_starts and is_for_individuals(cycle):
        employees = employees.filter(starts_in_period(cycle))
    return employees


def is_for_individuals(cycle: ReviewCycle) -> bool:
    """Whether ``cycle`` runs on a regeling counted from each employee's start date (Proeftijd)."""
    version = cycle.template_version if cycle.template_version_id else None
    return version is not None and version.is_for_individuals


def starts_in_period(cycle: ReviewCycle) -> Q:
    """Who a cycle for individuals (``CycleTemplateVersion.is_for_individuals``: start and probation talks)
    is for: employees whose start date lies in its period. The one rule, at opening, when HR adds the
    missing and when an employee arrives (``services.individual``): long-serving staff get no probation
    review, nor does anyone without a start date (their talks are counted from it)."""
    return Q(start_date__gte=cycle.period_start, start_date__lte=cycle.period_end)


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
            ngettext(
                "%(count)s review is not final, cancelled or exempt yet; close anyway only with a reason.",
                "%(count)s reviews are not final, cancelled or exempt yet; close anyway only with a reason.",
                still_open,
            )
            % {"count": still_open}
        )
    cycle.close(force_reason=force_reason if still_open else "")
    cycle.save()
    payload = {"open_reviews": still_open, "reason": force_reason}
    CycleEvent.record(cycle=cycle, actor=actor, kind=CycleEvent.Kind.CLOSED, payload=payload)
    cycle_closed.send(sender=ReviewCycle, cycle=cycle, actor=actor)
    return cycle
