"""Regelingen (cycle templates): loading the built-in ones, publishing a version, and what a new
cycle takes from one."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import months_later
from frameworks.models import RatingScale
from frameworks.services import DEFAULT_RATING_SCALE_SLUG, rating_scales_load_builtin
from reviewcycle.models import (
    DUE_DATE_FIELDS,
    CycleTemplate,
    CycleTemplateEvent,
    CycleTemplateVersion,
    TemplateConsequence,
    TemplateConsequenceDefault,
)
from reviewcycle.shapes.builtin import BUILTIN_TEMPLATES, GEMEENTELIJK
from reviewcycle.shapes.rules import phases_on_path, shape_problems
from reviewcycle.talk_forms.services import talk_forms_load_builtin


def current_template_version(template: CycleTemplate) -> CycleTemplateVersion | None:
    """``template``'s newest published version (what a new cycle uses), or None when none is published."""
    return template.versions.filter(status=CycleTemplateVersion.Status.PUBLISHED).order_by("-number").first()


@transaction.atomic
def cycle_templates_load_builtin(*, with_forms: bool = True) -> list[CycleTemplateVersion]:
    """Create and publish version 1 of each built-in regeling (``shapes.builtin``) not there yet, and the
    rating scales they use. Idempotent: a regeling already there (by slug) is left as it is. Audited: one
    ``BUILTIN_LOADED`` event per version, by the system. Unless ``with_forms`` is False (the caller loads
    them itself, to report them), version 1 of each also gets its built-in talk forms when it has none
    (``talk_forms.services.talk_forms_load_builtin``)."""
    rating_scales_load_builtin()
    loaded = []
    for definition in BUILTIN_TEMPLATES:
        template, created = CycleTemplate.objects.get_or_create(
            slug=definition["slug"],
            defaults={"name": definition["name"], "description": definition["description"], "builtin": True},
        )
        if not created:
            continue
        shape = dict(definition["shape"])
        scale = shape.pop("rating_scale")
        version = CycleTemplateVersion.objects.create(
            template=template,
            number=1,
            status=CycleTemplateVersion.Status.PUBLISHED,
            published_at=timezone.now(),
            rating_scale=RatingScale.objects.get(slug=scale) if scale else None,
            **shape,
        )
        template_consequences_add(version=version, consequences=definition.get("consequences"))
        CycleTemplateEvent.record(
            version=version,
            actor=None,
            kind=CycleTemplateEvent.Kind.BUILTIN_LOADED,
            payload={"slug": template.slug},
        )
        loaded.append(version)
    if with_forms:
        talk_forms_load_builtin(just_loaded=frozenset(version.pk for version in loaded))
    return loaded


def template_consequences_add(*, version: CycleTemplateVersion, consequences: dict | None) -> None:
    """Give ``version`` (a draft, or a built-in one as it is loaded) the consequences of the appraisal in
    ``consequences``: ``{"allowed": [kind, …], "defaults": {rating value: [kind, …]}}`` (kinds of
    ``ConsequenceKind``). Nothing is checked here: publishing checks them (``shapes.rules``)."""
    if not consequences:
        return
    TemplateConsequence.objects.bulk_create(
        TemplateConsequence(version=version, kind=kind) for kind in consequences["allowed"]
    )
    TemplateConsequenceDefault.objects.bulk_create(
        TemplateConsequenceDefault(version=version, rating_value=int(value), kind=kind)
        for value, kinds in consequences["defaults"].items()
        for kind in kinds
    )


def default_template_version() -> CycleTemplateVersion:
    """The regeling a cycle runs on when none is chosen: *Gemeentelijk*'s current version (today's shape),
    loaded first when the built-in regelingen are not there yet."""
    template = CycleTemplate.objects.filter(slug=GEMEENTELIJK).first()
    if template is None:
        cycle_templates_load_builtin()
        template = CycleTemplate.objects.get(slug=GEMEENTELIJK)
    return current_template_version(template)


@transaction.atomic
def cycle_template_version_publish(
    *, version: CycleTemplateVersion, actor: AbstractBaseUser | None
) -> CycleTemplateVersion:
    """Publish a draft ``version``: it never changes again, and new cycles may run on it.

    Raises ``ValidationError`` (400), by field, with every reason the shape cannot finish
    (``shapes.rules.shape_problems``), or for a version that is already published. Audited: one
    ``VERSION_PUBLISHED`` event with ``actor`` (None: the system).
    """
    version = CycleTemplateVersion.objects.select_for_update().select_related("template").get(pk=version.pk)
    if not version.is_editable:
        raise ValidationError(
            _("Version %(number)s of %(template)s is published and can no longer change; start a new draft.")
            % {"number": version.number, "template": version.template.name},
            code="published_is_immutable",
        )
    require_publishable(version)
    version.status = CycleTemplateVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at", "updated_at"])
    CycleTemplateEvent.record(
        version=version,
        actor=actor,
        kind=CycleTemplateEvent.Kind.VERSION_PUBLISHED,
        payload={"template": version.template.slug, "number": version.number},
    )
    return version


def require_publishable(version: CycleTemplateVersion) -> None:
    """``ValidationError`` (400), by field, with every reason ``version``'s shape cannot be published
    (``shapes.rules.shape_problems``); nothing when it can. Publish applies it; the page shows it."""
    problems = shape_problems(version)
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(problem.message)
        raise ValidationError(errors)


def template_due_dates(*, version: CycleTemplateVersion, period_start: date) -> dict[str, date]:
    """Every phase's due date (``DUE_DATE_FIELDS`` → date) of a cycle on ``version`` starting on
    ``period_start``: each phase on the shape's path ``due_offsets`` months after the start; a phase the
    shape does not have takes the date of the phase before it (the cycle keeps all five in order, and
    nothing is ever due on it). Only for shapes counted from a period (not ``employment``)."""
    dates: dict[str, date] = {}
    on_path = phases_on_path(version)
    previous = period_start
    offsets = version.due_offsets if isinstance(version.due_offsets, dict) else {}
    for field in DUE_DATE_FIELDS:
        if field in on_path and field in offsets:
            previous = months_later(period_start, offsets[field])
        dates[field] = previous
    return dates


def template_cycle_settings(version: CycleTemplateVersion) -> dict:
    """The settings a new cycle on ``version`` takes unless HR gives its own: the progress talks required,
    the response term, on a regeling with scores the weights of goals and competencies, and on a regeling
    for individuals (start and probation) no minimum review period. (That the
    version is published is checked with the cycle's other settings: ``services.cycle_validation.validate_cycle``.)"""
    inherited = ["min_progress_talks", "response_term_days"]
    if version.has_scores:
        inherited += ["goal_weight", "competency_weight"]
    settings = {setting: getattr(version, setting) for setting in inherited}
    if version.is_for_individuals:
        # The evaluation is due by the employee's own dates (a probation of a month or two, a contract's
        # end): the yearly cycle's minimum review period would put it after them.
        settings["min_review_period_days"] = 0
    return settings


def cycle_settings_unused(version: CycleTemplateVersion) -> set[str]:
    """The cycle settings (``CYCLE_SETTINGS`` names) a cycle on ``version`` never reads, because its shape
    lacks the part they belong to: due dates of phases not on its path (on a regeling from the start date,
    all of them: each review is due on the employee's own dates), the rating scale and weights without
    scores, the second reviewer's days without one, the days to decide an objection without an objection,
    the minimum review period on a regeling for individuals. The one rule for what a cycle on a shape needs: the cycle page hides these, and ``template_fill_cycle``
    fills them (whatever was given) from the regeling."""
    on_path = set() if version.is_for_individuals else set(phases_on_path(version))
    unused = {field for field in DUE_DATE_FIELDS if field not in on_path}
    if not version.has_scores:
        unused |= {"rating_scale", "goal_weight", "competency_weight"}
    if not version.has_second_review:
        unused.add("second_review_days")
    if version.objection_route == CycleTemplateVersion.ObjectionRoute.NONE:
        unused.add("objection_decision_days")
    if version.is_for_individuals:
        unused.add("min_review_period_days")  # each review is due by the employee's own dates
    return unused


def template_cycle_defaults(*, version: CycleTemplateVersion, period_start: date) -> dict:
    """What a new cycle on ``version`` starting on ``period_start`` takes unless HR gives its own: the due
    dates (``template_due_dates``), ``template_cycle_settings`` and the rating scale (the regeling's, else the
    default scale)."""
    scale = version.rating_scale or RatingScale.objects.filter(slug=DEFAULT_RATING_SCALE_SLUG).first()
    return {
        **template_due_dates(version=version, period_start=period_start),
        **template_cycle_settings(version),
        **({"rating_scale": scale} if scale is not None else {}),
    }


def template_fill_cycle(*, version: CycleTemplateVersion, settings: dict) -> dict:
    """``settings`` (cycle settings by name, as HR gave them; ``period_start`` among them or the cycle's
    default) completed by the regeling ``version``: a setting left out (or None) takes the regeling's value
    (``template_cycle_defaults``); one the shape does not use (``cycle_settings_unused``) is ignored and
    takes the regeling's value or, where the regeling has none, the cycle's own default (left out here).
    A due date of a phase the shape lacks takes the date of the phase before it (or the period's start),
    so the five stay in order and nothing is ever due on it. Raises nothing."""
    from reviewcycle.models.cycle import _year_start

    period_start = settings.get("period_start") or _year_start()
    unused = cycle_settings_unused(version)
    given = {name: value for name, value in settings.items() if name not in unused and value is not None}
    filled = {**template_cycle_defaults(version=version, period_start=period_start), **given}
    for name in unused - set(DUE_DATE_FIELDS):
        if name not in template_cycle_defaults_keys(version):
            filled.pop(name, None)
    previous = period_start
    for field in DUE_DATE_FIELDS:
        if field in unused:
            filled[field] = previous
        else:
            previous = filled[field]
    return filled


def template_cycle_defaults_keys(version: CycleTemplateVersion) -> set[str]:
    """The names ``template_cycle_defaults`` fills for ``version``."""
    return {*DUE_DATE_FIELDS, *template_cycle_settings(version), "rating_scale"}
