"""Reads about cycles and reviews. Visibility is decided here once: every view, API and export starts here."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.dates import months_later
from frameworks.models import FrameworkVersion, RatingOption
from frameworks.selectors import current_version
from people.models import Employee
from people.selectors import hr_org_units, hr_sees_whole_organisation, is_hr
from reviewcycle import rules, step_access, steps
from reviewcycle.models import (
    CompetencyAssessment,
    CycleTemplateVersion,
    DevelopmentAction,
    Goal,
    GoalChange,
    IndicatorMark,
    ProgressTalk,
    Review,
    ReviewCycle,
    ReviewEvent,
)

_LIST_RELATED = (
    "cycle__template_version__template",
    "employee",
    "org_unit",
    "manager",
    "second_reviewer",
    "overall_rating",
)


def reviews_visible_to(*, user) -> QuerySet[Review]:
    """Reviews the user has a role in: their own, their reports', as second reviewer, or as HR of the unit."""
    if user is None or not user.is_authenticated:
        return Review.objects.none()
    related = _LIST_RELATED
    if hr_sees_whole_organisation(user=user):
        return Review.objects.select_related(*related)
    # By the user's employee id, not through joins: an OR over three joined tables makes the
    # database read every review, an OR over three indexed columns of the review does not.
    own = Employee.objects.filter(user=user).values_list("id", flat=True).first()
    visible = Q(employee_id=own) | Q(manager_id=own) | Q(second_reviewer_id=own) if own else Q(pk__in=[])
    if is_hr(user=user):
        visible |= Q(employee__org_unit__in=hr_org_units(user=user))
    visible |= committee_objections_q(user)
    return Review.objects.filter(visible).select_related(*related)


def committee_objections_q(user) -> Q:
    """The reviews with an objection (open or decided) on a regeling whose objection committee
    (route "committee", ``rules.is_committee_member``) has ``user`` as a member: theirs to read and decide.
    The cycles are a subquery (no query of its own), the filter on the review's indexed columns."""
    cycles = ReviewCycle.objects.filter(
        template_version__objection_route=CycleTemplateVersion.ObjectionRoute.COMMITTEE,
        template_version__objection_committee__user=user,
    ).values("pk")
    return Q(objected_at__isnull=False, cycle_id__in=cycles)


def objections_decided_by_q(user, own: int | None) -> Q:
    """The reviews with an objection the regeling gives ``user`` (employee id ``own``, or None) to decide:
    as their second reviewer (route "second reviewer") or as a member of its committee
    (``rules.objection_decider_role``)."""
    by_second = Q(
        objected_at__isnull=False,
        second_reviewer_id=own,
        cycle__template_version__objection_route=CycleTemplateVersion.ObjectionRoute.SECOND_REVIEWER,
    )
    return (by_second if own else Q(pk__in=[])) | committee_objections_q(user)


def review_list(*, user) -> QuerySet[Review]:
    """``reviews_visible_to`` in the API list's order: cycle, employee name, id."""
    return reviews_visible_to(user=user).order_by("cycle_id", "employee__name", "id")


def hr_reviews(*, user) -> QuerySet[Review]:
    """The reviews of HR's scope (every unit of their scopes and below), for HR's work lists: not the
    reviews they see only through another role (their reports' elsewhere), nor their own review. The
    same reviews as ``ReviewFilter``'s ``role=hr``, which the list's export link carries. None for
    non-HR users."""
    if not is_hr(user=user):
        return Review.objects.none()
    if hr_sees_whole_organisation(user=user):
        reviews = reviews_visible_to(user=user)
    else:
        # The part of ``reviews_visible_to`` that HR's scope gives, without the other roles' part.
        reviews = Review.objects.filter(employee__org_unit__in=hr_org_units(user=user)).select_related(
            *_LIST_RELATED
        )
    # By the employee's id (a hashed subplan beside the index on cycle and employee), not a join to every
    # review's employee to compare its user: the count above HR's list reads 20,000 reviews either way.
    return reviews.exclude(employee_id__in=Employee.objects.filter(user=user).values("pk"))


def objection_register(*, user) -> QuerySet[Review]:
    """Every review of HR's scope (``hr_reviews``) with an objection, open or decided, the latest
    lodged first (HR sees them all, also those a second reviewer or a committee decides: oversight); not
    the reviews where the user holds another role (``rules.is_hr_without_own_role``: the objections they
    take part in are a colleague's to decide and to follow). Besides, the objections the regeling gives
    the user to decide as second reviewer or committee member (``objections_decided_by_q``)."""
    reviews = hr_reviews(user=user).filter(objected_at__isnull=False)
    own = Employee.objects.filter(user=user).values_list("id", flat=True).first()
    if own:
        reviews = reviews.exclude(Q(employee_id=own) | Q(manager_id=own) | Q(second_reviewer_id=own))
    # One query: HR's part or the objections theirs to decide (``|`` joins the two filters).
    reviews = reviews | Review.objects.filter(objections_decided_by_q(user, own))
    return reviews.order_by("-objected_at", "-id")


def review_detail(*, user, pk) -> Review:
    """One visible review with everything its page, API and PDF show (``Review.DoesNotExist`` otherwise)."""
    return reviews_with_content(user=user).get(pk=pk)


def reviews_with_content(*, user) -> QuerySet[Review]:
    """Visible reviews with their goals, competencies, marks, talks and events prefetched (forms, exports)."""
    return with_content(reviews_visible_to(user=user))


def with_content(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """``with_record`` and the development plan and progress talks: what a form or page shows."""
    return with_record(reviews).prefetch_related(
        Prefetch("development_actions", queryset=DevelopmentAction.objects.select_related("competency")),
        Prefetch(
            "progress_talks",
            queryset=ProgressTalk.objects.select_related("acknowledged_by__employee").order_by(
                "talk_date", "id"
            ),
        ),
    )


def with_record(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """``reviews`` (already narrowed to what a user may see, e.g. a filtered ``review_list``) with
    everything ``record.review_record`` reads prefetched (goals and their changes, competencies and
    their marks, the scale, the events): a fixed number of queries for any number of reviews.
    Raises nothing."""
    options = RatingOption.objects.order_by("value")
    return (
        reviews.all()
        .select_related(
            "cycle__rating_scale",
            "cycle__framework_version__framework",
            "cycle__template_version__template",
            "employee__user",
            "manager__user",
            "second_reviewer__user",
            "consequence_proposal",
        )
        .prefetch_related(
            Prefetch("cycle__rating_scale__options", queryset=options),
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("rating", "self_rating").prefetch_related(
                    Prefetch("changes", queryset=GoalChange.objects.select_related("changed_by__employee"))
                ),
            ),
            Prefetch(
                "assessments",
                queryset=CompetencyAssessment.objects.select_related(
                    "rating", "self_rating"
                ).prefetch_related(
                    Prefetch("marks", queryset=IndicatorMark.objects.order_by("is_next_level", "order", "id"))
                ),
            ),
            Prefetch(
                "events",
                queryset=ReviewEvent.objects.select_related("actor__employee").order_by("created_at", "id"),
            ),
            "closed_rounds",
            _talk_answers(),
            "consequence_proposal__items",
        )
    )


def step_by_get_message(*, review: Review, name: str, user) -> str:
    """What ``user`` is told on opening step ``name``'s URL instead of pressing its button (a reload, a
    copied address): not theirs (no role that takes it, or another's now), already taken, not possible
    now (why), or use the button. ``KeyError`` for a name that is not a step."""
    step = steps.get(name)
    status = step_access.step_status(review, name, user, conditions=False)
    if step.owner not in rules.roles_of(review, user) or status.status == step_access.Status.NOT_YOURS:
        return str(steps.NOT_YOURS_NOW)
    if status.status == step_access.Status.NOT_NOW:
        return str(steps.ALREADY_TAKEN) if review.events.filter(transition=name).exists() else status.refusal
    return str(steps.USE_THE_BUTTON)


def available_transitions(*, review: Review, user) -> list[dict]:
    """The steps this user may take now, in ``steps.STEPS`` order: each
    ``{"name", "allowed", "blocked_by": [the unmet conditions, in words], "blocked": [{"text", "fix"}]}``,
    ``fix`` the URL name (taking the review's pk) of the page where that condition is met, or None."""
    statuses = (step_access.step_status(review, step.name, user) for step in steps.STEPS)
    return [
        {
            "name": status.step.name,
            "allowed": status.allowed,
            "blocked_by": list(status.blocked_by),
            "blocked": [
                {"text": text, "fix": fix} for text, fix in zip(status.blocked_by, status.fixes, strict=True)
            ],
        }
        for status in statuses
        if status.offered
    ]


def cycles_visible_to(*, user) -> QuerySet[ReviewCycle]:
    """Cycles the user has a review role in, and for HR the cycles covering units of their scopes."""
    if user is None or not user.is_authenticated:
        return ReviewCycle.objects.none()
    # Semi-joins on the cycles' ids, not joins over their reviews with DISTINCT: for HR of a large
    # organisation that read every review of every cycle on each page (issue 17).
    if hr_sees_whole_organisation(user=user):
        visible = Q()
    else:
        visible = Q(pk__in=reviews_visible_to(user=user).order_by().values("cycle_id"))
        if is_hr(user=user):
            scopes = ReviewCycle.scope.through.objects.filter(orgunit__in=hr_org_units(user=user))
            visible |= Q(pk__in=scopes.values("reviewcycle_id"))
    return (
        ReviewCycle.objects.filter(visible)
        .exclude(state=ReviewCycle.State.DELETED)
        .select_related("framework_version__framework", "rating_scale", "template_version__template")
    )


def cycle_for_hr(*, user, pk) -> ReviewCycle:
    """A cycle to run as HR: ``ReviewCycle.DoesNotExist`` when the user cannot see it (so nothing leaks),
    ``PermissionDenied`` when they can but are not HR (its dashboard, opening, closing)."""
    cycle = cycles_visible_to(user=user).get(pk=pk)
    if not is_hr(user=user):
        raise PermissionDenied(_("Only HR runs cycles and their dashboards."))
    return cycle


def cycle_to_run(*, user, pk) -> ReviewCycle:
    """``cycle_for_hr``, and ``PermissionDenied`` (403) unless the user may run it (open, change, copy,
    delete, close: ``rules.cycle_scope_refusal``): HR of part of its scope reads its dashboard, but
    no page or preview that names the people of the other units."""
    cycle = cycle_for_hr(user=user, pk=pk)
    refusal = rules.cycle_scope_refusal(cycle.scope.all(), user)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return cycle


def cycle_open_preview(*, cycle: ReviewCycle) -> dict:
    """What opening a draft cycle would do, changing nothing (the confirmation page and the API's GET).

    Returns ``reviews`` (how many are created), ``emails`` (managers told that the cycle is open, one
    message each), ``without_manager`` (employees in scope who get no review for want of a manager),
    ``overlapping`` (employees, by name, whom another open cycle covers for the same period: opening
    is refused until they are excluded), ``excluded`` (employees HR excluded already) and
    ``not_starting`` (on a cycle for individuals: how many in scope it leaves out because their start date
    does not lie in its period, ``services.cycles.starts_in_period``; 0 on any other cycle).
    """
    from reviewcycle.services.cycles import employees_in_scope, employees_to_review, overlapping_employees

    employees, without_manager = employees_to_review(cycle)
    for_individuals = cycle.template_version.is_for_individuals
    not_starting = (
        employees_in_scope(cycle, whoever_starts=True).count() - employees_in_scope(cycle).count()
        if for_individuals
        else 0
    )
    managers = {e.manager.user_id for e in employees if e.manager.user_id is not None}
    return {
        "reviews": len(employees),
        "emails": len(managers),
        "without_manager": without_manager,
        "overlapping": list(overlapping_employees(cycle)),
        "excluded": list(cycle.excluded.order_by("name")),
        "not_starting": not_starting,
        "for_individuals": for_individuals,
    }


def framework_in_use():
    """The published framework version the organisation uses, for a new cycle (``None`` when none is
    published): the newest published version of the most recent cycle's framework; without cycles,
    that of the framework whose role-type cells and job profiles most active employees hold; else
    the most recently published version. Frameworks have no default flag: this is the default."""
    published = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
    cycle = (
        ReviewCycle.objects.select_related("framework_version__framework")
        .order_by("-period_start", "-pk")
        .first()
    )
    if cycle is not None:
        version = current_version(framework=cycle.framework_version.framework)
        if version is not None:
            return version
    held = Counter()
    active = Employee.objects.filter(active=True)
    for path in ("role_type__version__framework", "job_profile__version__framework"):
        rows = active.filter(**{f"{path}__isnull": False}).values(path).annotate(n=Count("id"))
        held.update({row[path]: row["n"] for row in rows})
    for framework_id, _count in held.most_common():
        version = published.filter(framework_id=framework_id).order_by("-number").first()
        if version is not None:
            return version
    return published.order_by("-published_at", "-pk").first()


def cycle_defaults(*, today: date, version=None) -> dict:
    """A new cycle's proposed settings on the regeling ``version`` (None: the organisation's default): a
    twelve-month period from the first of next month (on the academic year: from the next 1 September), the
    regeling's own due dates, progress talks, response term, weights and rating scale
    (``shapes.services.template_cycle_defaults``; the default scale where it has none), and the framework
    the organisation uses (``framework_in_use``, left out when there is none). Related settings by id."""
    from reviewcycle.shapes.services import default_template_version, template_cycle_defaults

    version = version or default_template_version()
    start = months_later(today.replace(day=1), 1)
    if version.period == version.Period.ACADEMIC_YEAR:
        start = date(start.year if start.month <= 9 else start.year + 1, 9, 1)
    defaults = {
        "period_start": start,
        "period_end": months_later(start, 12) - timedelta(days=1),
        "template_version": version.pk,
    }
    for name, value in template_cycle_defaults(version=version, period_start=start).items():
        defaults[name] = getattr(value, "pk", value)
    framework = framework_in_use()
    if framework is not None:
        defaults["framework_version"] = framework.pk
    return defaults


# --- Completion: one definition for the API's progress, the dashboard page and its PDF -----------


# Neither a completed talk nor one still to hold: left out of both sides of the percentage.
def roles_on(*, review: Review, user) -> list[str]:
    """The user's roles on the review (``rules.Role`` values), sorted."""
    return sorted(rules.roles_of(review, user))


@dataclass(frozen=True)
class HistoryLine:
    """One line of a review's history: when, what happened and by whom."""

    at: datetime
    kind: ReviewEvent.Kind
    who: str  # the actor's name (their username when they are no employee), or "the system"
    to: tuple[str, ...] = ()  # whom a reminder was sent to
    on_employment: bool = False  # on the employment period the evaluation is named (``label_on_employment``)

    @property
    def what(self) -> str:
        """The kind's past-tense label, in the active language (a reminder names whom it went to)."""
        if self.kind == ReviewEvent.Kind.REMINDER_SENT and self.to:
            return _("Reminder sent to %(people)s") % {"people": ", ".join(self.to)}
        return str(ReviewEvent.label_on_employment(self.kind) if self.on_employment else self.kind.label)


def actor_name(user) -> str:
    """How the record names who did something: the person's name (their username when they are no
    employee), or "the system" for None."""
    if user is None:
        return _("the system")
    try:
        return user.employee.name
    except ObjectDoesNotExist:
        return user.get_username()


def review_history(*, review: Review) -> list[HistoryLine]:
    """The review's events, oldest first, as the page, the PDF and the API name them. Query-free on a
    review from ``review_detail`` or ``reviews_with_content`` (its events prefetched with their actors)."""
    return [
        HistoryLine(
            at=event.created_at,
            kind=event.kind,
            who=actor_name(event.actor if event.actor_id else None),
            to=tuple(event.payload.get("to", ())) if event.kind == ReviewEvent.Kind.REMINDER_SENT else (),
            on_employment=review.cycle.template_version.is_for_individuals,
        )
        for event in review.events.all()
    ]


def _talk_answers():
    """The answers on the talk forms, for the record (``talk_forms.selectors.answers_prefetch``)."""
    from reviewcycle.talk_forms.selectors import answers_prefetch

    return answers_prefetch()
