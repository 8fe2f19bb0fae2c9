"""Reads about cycles and reviews. Visibility is decided here once: every view, API and export starts here."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from frameworks.models import RatingOption
from people.models import Employee
from people.selectors import hr_org_units, hr_sees_whole_organisation, is_hr
from reviewcycle import rules
from reviewcycle.models import (
    CompetencyAssessment,
    DevelopmentAction,
    Goal,
    GoalChange,
    IndicatorMark,
    ProgressTalk,
    Review,
    ReviewCycle,
    ReviewEvent,
)
from reviewcycle.services.transitions import transition_method
from reviewcycle.workflow import overdue_q

TRANSITIONS = [
    "record_planning_talk",
    "reopen_plan",
    "sign_plan",
    "record_progress_talk",
    "start_appraisal",
    "submit_self_assessment",
    "skip_self_assessment",
    "submit_scores",
    "record_appraisal_talk",
    "sign",
    "object",
    "expire_response",
    "return_to_manager",
    "finalise",
    "decide_objection",
    "reopen",
    "cancel",
    "exempt",
]


def reviews_visible_to(*, user) -> QuerySet[Review]:
    """Reviews the user has a role in: their own, their reports', as second reviewer, or as HR of the unit."""
    if user is None or not user.is_authenticated:
        return Review.objects.none()
    related = ("cycle", "employee", "org_unit", "manager", "second_reviewer", "overall_rating")
    if hr_sees_whole_organisation(user=user):
        return Review.objects.select_related(*related)
    # By the user's employee id, not through joins: an OR over three joined tables makes the
    # database read every review, an OR over three indexed columns of the review does not.
    own = Employee.objects.filter(user=user).values_list("id", flat=True).first()
    visible = Q(employee_id=own) | Q(manager_id=own) | Q(second_reviewer_id=own) if own else Q(pk__in=[])
    if is_hr(user=user):
        visible |= Q(employee__org_unit__in=hr_org_units(user=user))
    return Review.objects.filter(visible).select_related(*related)


def review_list(*, user) -> QuerySet[Review]:
    return reviews_visible_to(user=user).order_by("cycle_id", "employee__name", "id")


def review_detail(*, user, pk) -> Review:
    """One visible review with everything its page, API and PDF show (``Review.DoesNotExist`` otherwise)."""
    return reviews_with_content(user=user).get(pk=pk)


def reviews_with_content(*, user) -> QuerySet[Review]:
    """Visible reviews with their goals, competencies, marks, talks and events prefetched (forms, exports)."""
    options = RatingOption.objects.order_by("value")
    return (
        reviews_visible_to(user=user)
        .select_related(
            "cycle__rating_scale",
            "cycle__framework_version__framework",
            "employee__user",
            "manager__user",
            "second_reviewer__user",
        )
        .prefetch_related(
            Prefetch("cycle__rating_scale__options", queryset=options),
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("rating", "self_rating").prefetch_related(
                    Prefetch("changes", queryset=GoalChange.objects.select_related("changed_by"))
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
            Prefetch("development_actions", queryset=DevelopmentAction.objects.select_related("competency")),
            Prefetch("progress_talks", queryset=ProgressTalk.objects.order_by("talk_date", "id")),
            Prefetch(
                "events",
                queryset=ReviewEvent.objects.select_related("actor__employee").order_by("created_at", "id"),
            ),
        )
    )


def available_transitions(*, review: Review, user) -> list[dict]:
    """The steps this user may take now: allowed, or blocked with the conditions that are not met yet."""
    steps = []
    for name in TRANSITIONS:
        meta = transition_method(review, name)._django_fsm
        if not meta.has_transition(review.state) or not meta.has_transition_perm(review, review.state, user):
            continue
        transition = meta.get_transition(review.state)
        blocked = [
            message
            for condition in transition.conditions
            if not condition(review)
            for message in condition.messages(review)
        ]
        steps.append({"name": name, "allowed": not blocked, "blocked_by": blocked})
    return steps


def cycles_visible_to(*, user) -> QuerySet[ReviewCycle]:
    if user is None or not user.is_authenticated:
        return ReviewCycle.objects.none()
    visible = Q(reviews__in=reviews_visible_to(user=user).values("id"))
    if is_hr(user=user):
        visible |= Q(scope__in=hr_org_units(user=user))
    return (
        ReviewCycle.objects.filter(visible)
        .distinct()
        .select_related("framework_version__framework", "rating_scale")
    )


def cycle_for_hr(*, user, pk) -> ReviewCycle:
    """A cycle to run as HR: ``ReviewCycle.DoesNotExist`` when the user cannot see it (so nothing leaks),
    ``PermissionDenied`` when they can but are not HR (its dashboard, opening, closing)."""
    cycle = cycles_visible_to(user=user).get(pk=pk)
    if not is_hr(user=user):
        raise PermissionDenied(_("Only HR runs cycles and their dashboards."))
    return cycle


def cycle_progress(*, cycle: ReviewCycle, user) -> dict:
    """Counts per state and per organisation unit, over the reviews the user may see."""
    reviews = reviews_visible_to(user=user).filter(cycle=cycle)
    today = timezone.localdate()
    per_state = dict(reviews.order_by().values_list("state").annotate(n=Count("id")))
    per_unit: dict[int, dict] = {}
    rows = reviews.order_by().values("org_unit_id", "org_unit__name", "state").annotate(n=Count("id"))
    for row in rows:
        unit = per_unit.setdefault(
            row["org_unit_id"],
            {"org_unit": row["org_unit_id"], "name": row["org_unit__name"], "total": 0, "states": {}},
        )
        unit["states"][row["state"]] = row["n"]
        unit["total"] += row["n"]
    total = sum(per_state.values())
    done = sum(per_state.get(state, 0) for state in Review.DONE_STATES)
    return {
        "cycle": cycle.pk,
        "total": total,
        "done": done,
        "overdue": reviews.filter(overdue_q(today)).count(),
        "states": {state: per_state.get(state, 0) for state in Review.State.values},
        "org_units": sorted(per_unit.values(), key=lambda unit: unit["name"]),
    }


def roles_on(*, review: Review, user) -> list[str]:
    return sorted(rules.roles_of(review, user))


# --- The manager's scores: hidden from the employee until submitted -----------------------------

# Every stored field that holds the manager's judgement, per model. A reader of a review (the API,
# the page, the PDF, the exports, the personal-data export) gets these through ``ManagerScores``.
MANAGER_SCORE_FIELDS: dict[type, tuple[str, ...]] = {
    Review: ("overall_rating", "overall_override_reason"),
    CompetencyAssessment: ("rating", "justification"),
    IndicatorMark: ("mark",),
    Goal: ("rating", "result_note", "justification"),
}


@dataclass(frozen=True)
class ManagerScores:
    """What one reader sees of the manager's scores on one review: all of them, or none (blanks)."""

    visible: bool

    def of(self, instance, field: str):
        """``instance.<field>`` for this reader: a manager's score is blank (None, or "" for text) while hidden."""
        model = type(instance)
        if self.visible or field not in MANAGER_SCORE_FIELDS.get(model, ()):
            return getattr(instance, field)
        return _blank(model, field)

    def row(self, model: type, row: dict) -> dict:
        """A stored row of ``model`` (field name → value) with the hidden scores blanked."""
        if self.visible:
            return row
        hidden = MANAGER_SCORE_FIELDS.get(model, ())
        return {key: _blank(model, key) if key in hidden else value for key, value in row.items()}


def _blank(model: type, field: str):
    return None if model._meta.get_field(field).null else ""


def manager_scores_for(*, review: Review, user) -> ManagerScores:
    """What ``user`` (a reader with a role in the review) sees of its manager's scores.

    Everyone involved sees the manager's draft but the employee, who sees the scores once they
    are submitted and not while the review is back in scoring (``rules.can_see_manager_scores``).
    """
    return ManagerScores(visible=rules.can_see_manager_scores(review, user))


def manager_scores_for_employee(*, review: Review) -> ManagerScores:
    """What the reviewed employee sees, whoever hands it to them (their personal-data export)."""
    return ManagerScores(visible=rules.manager_scores_released(review))


@dataclass(frozen=True)
class HistoryLine:
    """One line of a review's history: when, what happened and by whom."""

    at: datetime
    kind: ReviewEvent.Kind
    who: str  # the actor's name (their username when they are no employee), or "the system"

    @property
    def what(self) -> str:
        """The kind's past-tense label, in the active language."""
        return str(self.kind.label)


def review_history(*, review: Review) -> list[HistoryLine]:
    """The review's events, oldest first, as the page, the PDF and the API name them. Query-free on a
    review from ``review_detail`` or ``reviews_with_content`` (its events prefetched with their actors)."""
    lines = []
    for event in review.events.all():
        if event.actor_id is None:
            who = _("the system")
        else:
            try:
                who = event.actor.employee.name
            except ObjectDoesNotExist:
                who = event.actor.get_username()
        lines.append(HistoryLine(at=event.created_at, kind=event.kind, who=who))
    return lines
