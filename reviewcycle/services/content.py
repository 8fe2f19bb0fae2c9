"""Drafting a review between transitions: goals, development actions, focus, self-ratings, scores.

Who may edit what, and when, is decided here once; the API and the pages both call these.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from core.text import validate_single_line
from frameworks.models import Competency
from reviewcycle import rules
from reviewcycle.models import (
    CompetencyAssessment,
    DevelopmentAction,
    Goal,
    IndicatorMark,
    Review,
    ReviewEvent,
)
from reviewcycle.services.transitions import DUPLICATE_TITLE, MAX_TEXT, lock_review, rating_option

State = Review.State

# Goals are drafted in planning by the manager, or proposed by the employee; after the
# planning talk they change only in a progress talk (with history).
GOAL_STATES = [State.PLANNING]
GOAL_EDITORS = (rules.is_manager, rules.is_reviewee)
POP_STATES = [
    State.PLANNING,
    State.PLAN_SIGNOFF,
    State.IN_PROGRESS,
    State.SELF_ASSESSMENT,
    State.SCORING,
    State.APPRAISAL_TALK,
    State.EMPLOYEE_RESPONSE,
    State.SECOND_REVIEW,
]


def _require(review: Review, actor, states, predicates, what: str) -> None:
    if not any(predicate(review, actor) for predicate in predicates):
        raise PermissionDenied(_("You may not change %(what)s of this review.") % {"what": what})
    if review.state not in states:
        raise TransitionNotAllowed(
            _("%(what)s cannot be changed now: the review is at “%(state)s”.")
            % {"what": what, "state": review.get_state_display()}
        )


def _clean_text(value, field: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(max)s characters.") % {"max": max_length}})
    return value


def _single_line(value: str, field: str) -> str:
    try:
        validate_single_line(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


def _goal_fields(data: dict) -> dict:
    cleaned = {}
    if "title" in data:
        title = _clean_text(data["title"], "title", required=True, max_length=300)
        cleaned["title"] = _single_line(title, "title")
    for field in ("description", "measure"):
        if field in data:
            cleaned[field] = _clean_text(data[field], field)
    if "weight" in data:
        weight = data["weight"]
        if weight is not None and (
            not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 100
        ):
            raise ValidationError({"weight": _("A weight is a whole percentage from 0 to 100.")})
        cleaned["weight"] = weight
    if "deadline" in data:
        cleaned["deadline"] = data["deadline"]
    return cleaned


def _check_deadline(review: Review, deadline) -> None:
    if deadline is not None and not review.cycle.period_start <= deadline <= review.cycle.period_end:
        raise ValidationError(
            {
                "deadline": _("The deadline lies outside the cycle's period (%(start)s – %(end)s).")
                % {"start": review.cycle.period_start, "end": review.cycle.period_end}
            }
        )


@transaction.atomic
def goal_create(*, review: Review, actor, **data) -> Goal:
    """Add a goal (``title`` required, one line, at most 300 characters; ``description``, ``measure``,
    ``weight`` 0–100, ``deadline`` within the cycle's period).

    Idempotent against double submits: a review has one active goal per title (a database
    constraint), and posting the same goal again returns the goal already there. The same title
    with other content raises ``ValidationError`` (400); ``PermissionDenied`` (403) for someone
    who may not edit the goals; ``TransitionNotAllowed`` (409) after planning.
    """
    review = lock_review(review)
    _require(review, actor, GOAL_STATES, GOAL_EDITORS, _("the goals"))
    fields = _goal_fields(data)
    if "title" not in fields:
        raise ValidationError({"title": _("This field is required.")})
    _check_deadline(review, fields.get("deadline"))
    existing = _active_goal_titled(review, fields["title"])
    if existing is not None:
        return _same_goal_or_refuse(existing, fields)
    try:
        with transaction.atomic():  # a savepoint: the constraint is the last word on a duplicate
            goal = Goal.objects.create(review=review, order=review.goals.count(), **fields)
    except IntegrityError:
        return _same_goal_or_refuse(_active_goal_titled(review, fields["title"]), fields)
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.GOAL_ADDED,
        payload={"goal": goal.pk, "title": goal.title},
    )
    return goal


def _active_goal_titled(review: Review, title: str) -> Goal | None:
    return review.goals.filter(status=Goal.Status.ACTIVE, title__iexact=title).first()


def _same_goal_or_refuse(goal: Goal | None, fields: dict) -> Goal:
    """The goal already there when it is exactly the one asked for (a double submit: the same title,
    the same other fields, a field left out counting as its default); a clear refusal otherwise."""
    if goal is not None and _identical(
        goal, fields, ("title", "description", "measure", "weight", "deadline")
    ):
        return goal
    raise ValidationError({"title": DUPLICATE_TITLE})


def _identical(instance, fields: dict, names: tuple[str, ...]) -> bool:
    """Whether ``instance`` holds exactly what a create with ``fields`` would store in ``names``
    (``fields`` by field name or, for a foreign key, its column name; a missing one is the default)."""
    meta = type(instance)._meta
    return all(
        getattr(instance, meta.get_field(name).attname)
        == fields.get(name, fields.get(meta.get_field(name).attname, meta.get_field(name).get_default()))
        for name in names
    )


@transaction.atomic
def goal_update(*, goal: Goal, actor, **data) -> Goal:
    review = lock_review(goal.review)
    _require(review, actor, GOAL_STATES, GOAL_EDITORS, _("the goals"))
    goal = Goal.objects.get(pk=goal.pk)
    fields = _goal_fields(data)
    _check_deadline(review, fields.get("deadline"))
    if data.get("withdrawn") is True:
        fields["status"] = Goal.Status.WITHDRAWN
    old = {field: getattr(goal, field) for field, value in fields.items() if getattr(goal, field) != value}
    if not old:
        return goal  # nothing changes: nothing to save or record
    for field in old:
        setattr(goal, field, fields[field])
    if goal.title_taken():
        raise ValidationError({"title": DUPLICATE_TITLE})
    goal.save()
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.GOAL_CHANGED,
        payload={"goal": goal.pk},
        old=old,
        new={field: fields[field] for field in old},
    )
    return goal


@transaction.atomic
def development_action_save(
    *, review: Review, actor, action: DevelopmentAction | None = None, **data
) -> DevelopmentAction:
    """Create (``action`` None) or change a POP action (manager or employee, until the appraisal is
    final): ``description`` (required on create), ``competency`` (of the cycle's framework, an id or
    instance, or None), ``due_date`` (a date or None), ``status`` (a ``DevelopmentAction.Status``).

    Creating is idempotent against double submits: the review row is locked, and posting exactly
    the action already there (same description and other fields; a field left out counts as its
    default) returns that action. The same description (ignoring case) with other content raises
    ``ValidationError`` on ``description`` (400); a dropped action does not count. Also 400 for
    a bad field, ``PermissionDenied`` (403) for someone who may not edit the plan,
    ``TransitionNotAllowed`` (409) once the appraisal is final.
    """
    review = lock_review(review)
    _require(review, actor, POP_STATES, (rules.is_manager, rules.is_reviewee), _("the development plan"))
    action = (
        DevelopmentAction(review=review)
        if action is None
        else DevelopmentAction.objects.get(pk=action.pk, review=review)
    )
    if "description" in data or action.pk is None:
        action.description = _clean_text(
            data.get("description", action.description), "description", required=True
        )
    if "competency" in data:
        competency = data["competency"]
        if (
            competency is not None
            and not Competency.objects.filter(
                pk=getattr(competency, "pk", competency), version=review.cycle.framework_version
            ).exists()
        ):
            raise ValidationError({"competency": _("Choose a competency of this cycle's framework.")})
        action.competency_id = getattr(competency, "pk", competency)
    if "due_date" in data:
        action.due_date = data["due_date"]
    if "status" in data:
        if data["status"] not in DevelopmentAction.Status.values:
            raise ValidationError({"status": _("Unknown status.")})
        action.status = data["status"]
    if action.pk is None:
        twin = (
            review.development_actions.exclude(status=DevelopmentAction.Status.DROPPED)
            .filter(description__iexact=action.description)
            .first()
        )
        if twin is not None:
            if _identical(twin, vars(action), ("description", "competency", "due_date", "status")):
                return twin
            raise ValidationError(
                {
                    "description": _(
                        "This development plan already has this action. Change that action or describe "
                        "another one."
                    )
                }
            )
    action.save()
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.DEVELOPMENT_PLAN_CHANGED,
        payload={"action": action.pk, "status": action.status},
    )
    return action


@transaction.atomic
def assessment_set_focus(*, assessment: CompetencyAssessment, actor, in_focus: bool) -> CompetencyAssessment:
    review = lock_review(assessment.review)
    _require(review, actor, [State.PLANNING], (rules.is_manager,), _("the competencies in focus"))
    assessment = CompetencyAssessment.objects.get(pk=assessment.pk)
    if assessment.in_focus == bool(in_focus):
        return assessment  # nothing changes: nothing to record
    assessment.in_focus = bool(in_focus)
    assessment.save(update_fields=["in_focus"])
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.FOCUS_CHANGED,
        payload={"competency": assessment.name},
        old={"in_focus": not assessment.in_focus},
        new={"in_focus": assessment.in_focus},
    )
    return assessment


@transaction.atomic
def self_rating_save(*, review: Review, actor, target, rating, remark: str = ""):
    """The employee's own rating and remark on a competency or a goal (a draft until submitted)."""
    review = lock_review(review)
    _require(review, actor, [State.SELF_ASSESSMENT], (rules.is_reviewee,), _("the self-assessment"))
    if target.review_id != review.pk:
        raise ValidationError({"target": _("This item is not part of the review.")})
    target.self_rating = rating_option(review, rating, "rating")
    target.self_remark = _clean_text(remark, "remark")
    target.save(update_fields=["self_rating", "self_remark"])
    return target


@transaction.atomic
def assessment_score(
    *, assessment: CompetencyAssessment, actor, marks: dict | None = None, rating=None, justification=None
) -> CompetencyAssessment:
    """The manager's indicator marks, rating and justification for one competency (a draft until submitted)."""
    review = lock_review(assessment.review)
    _require(review, actor, [State.SCORING], (rules.is_manager,), _("the scores"))
    assessment = CompetencyAssessment.objects.get(pk=assessment.pk)
    if marks:
        by_id = {mark.pk: mark for mark in assessment.marks.all()}
        for mark_id, value in marks.items():
            mark = by_id.get(int(mark_id))
            if mark is None:
                raise ValidationError(
                    {
                        "marks": _("Indicator %(id)s does not belong to %(name)s.")
                        % {"id": mark_id, "name": assessment.name}
                    }
                )
            allowed = (
                ("", IndicatorMark.Mark.FULLY) if mark.is_next_level else ("", *IndicatorMark.Mark.values)
            )
            if value not in allowed:
                raise ValidationError(
                    {"marks": _("“%(value)s” is not a mark for this indicator.") % {"value": value}}
                )
            mark.mark = value
        IndicatorMark.objects.bulk_update(by_id.values(), ["mark"])
    if rating is not None:
        assessment.rating = rating_option(review, rating, "rating")
    if justification is not None:
        assessment.justification = _clean_text(justification, "justification")
    assessment.save(update_fields=["rating", "justification"])
    return assessment


@transaction.atomic
def goal_score(*, goal: Goal, actor, rating=None, result_note=None, justification=None) -> Goal:
    review = lock_review(goal.review)
    _require(review, actor, [State.SCORING], (rules.is_manager,), _("the scores"))
    goal = Goal.objects.get(pk=goal.pk)
    if rating is not None:
        goal.rating = rating_option(review, rating, "rating")
    if result_note is not None:
        goal.result_note = _clean_text(result_note, "result_note")
    if justification is not None:
        goal.justification = _clean_text(justification, "justification")
    goal.save(update_fields=["rating", "result_note", "justification"])
    return goal
