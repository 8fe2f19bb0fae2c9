"""Drafting a review between transitions: goals, development actions, focus, self-ratings, scores.

Who may edit what, and when, is decided once in ``reviewcycle.rules``; these services enforce it
(403 not yours, 409 not now) and the pages show their forms by the same predicates.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.dates import long_date
from core.text import validate_single_line
from frameworks.models import Competency
from reviewcycle import rules
from reviewcycle.goals import apply_goal_changes, too_many_goals, weights_problem
from reviewcycle.models import (
    CompetencyAssessment,
    DevelopmentAction,
    Goal,
    GoalChange,
    IndicatorMark,
    Review,
    ReviewEvent,
)
from reviewcycle.services.errors import TransitionBlocked
from reviewcycle.services.inputs import clean_text
from reviewcycle.services.transitions import DUPLICATE_TITLE, MAX_TEXT, lock_review, rating_option


def _require_weight_rule(weights: list[int | None], field: str) -> None:
    """After planning, every write that changes goal weights keeps the rule (409 naming it)."""
    problem = weights_problem(weights)
    if problem is not None:
        raise TransitionBlocked([problem], [field])


def _clean_text(value, field: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
    """Drafts' texts are optional unless said otherwise; the rule itself is ``inputs.clean_text``."""
    return clean_text(value, field, required=required, max_length=max_length)


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
                % {"start": long_date(review.cycle.period_start), "end": long_date(review.cycle.period_end)}
            }
        )


@transaction.atomic
def goal_create(*, review: Review, actor, **data) -> Goal:
    """Add a goal (``title`` required, one line, at most 300 characters; ``description``, ``measure``,
    ``weight`` 0–100, ``deadline`` within the cycle's period).

    Idempotent against double submits: a review has one active goal per title (a database
    constraint), and posting the same goal again returns the goal already there. The same title
    with other content raises ``ValidationError`` (400), and so does a goal beyond
    ``goals.MAX_GOALS`` active ones (under ``title``); ``PermissionDenied`` (403) for someone
    who may not add goals; ``TransitionNotAllowed`` (409) after planning.
    """
    review = lock_review(review)
    rules.require(rules.add_goals_refusal(review, actor))
    fields = _goal_fields(data)
    if "title" not in fields:
        raise ValidationError({"title": _("This field is required.")})
    _check_deadline(review, fields.get("deadline"))
    existing = _active_goal_titled(review, fields["title"])
    if existing is not None:
        return _same_goal_or_refuse(existing, fields)
    problem = too_many_goals(review.goals.filter(status=Goal.Status.ACTIVE).count())
    if problem:
        raise ValidationError({"title": problem})
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
    """Change a goal: ``title``, ``description``, ``measure``, ``weight`` (0–100 or None), ``deadline``
    (within the cycle's period), ``withdrawn=True`` to withdraw it.

    In planning these are drafts (the planning talk checks the weights). As a correction in scoring
    (``rules.goals_in_correction``: after the second reviewer's return, or while the weights break the
    rule) only the manager changes a goal; each change is kept in the goal's history, and a change of
    weight or status must leave weights that keep the rule (``TransitionBlocked``, 409, naming it).
    ``PermissionDenied`` (403) for someone who may not edit the goals, ``TransitionNotAllowed`` (409)
    when goals cannot change now, ``ValidationError`` (400) for a bad field or a title already taken.
    """
    review = lock_review(goal.review)
    rules.require(rules.edit_goals_refusal(review, actor))
    goal = Goal.objects.get(pk=goal.pk, review=review)
    fields = _goal_fields(data)
    _check_deadline(review, fields.get("deadline"))
    if data.get("withdrawn") is True:
        fields["status"] = Goal.Status.WITHDRAWN
    diff = apply_goal_changes(goal, fields)
    if not diff:
        return goal  # nothing changes: nothing to save or record
    if goal.title_taken():
        raise ValidationError({"title": DUPLICATE_TITLE})
    correction = not rules.goals_are_drafts(review)
    if correction and ("weight" in diff or "status" in diff):
        others = review.goals.filter(status=Goal.Status.ACTIVE).exclude(pk=goal.pk)
        weights = list(others.values_list("weight", flat=True)) + ([goal.weight] if goal.is_active else [])
        _require_weight_rule(weights, "weight")
    goal.save()
    if correction:
        GoalChange.objects.create(goal=goal, changed_by=actor, changes=diff)
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.GOAL_CHANGED,
        payload={"goal": goal.pk},
        old={field: change[0] for field, change in diff.items()},
        new={field: change[1] for field, change in diff.items()},
    )
    return goal


@transaction.atomic
def goal_weights_update(*, review: Review, actor, weights: dict[int, int | None]) -> list[Goal]:
    """Set the weights of several active goals at once (goal id → whole percentage 0–100, or None), so
    they can be redistributed and still keep the rule; goals left out keep theirs.

    Who and when as ``goal_update``; after planning the resulting weights of all active goals must keep
    the rule (``TransitionBlocked``, 409, naming it) and each change is kept in the goal's history.
    ``ValidationError`` (400) for a goal that is not an active goal of the review or a bad weight.
    Returns the review's active goals.
    """
    review = lock_review(review)
    rules.require(rules.edit_goals_refusal(review, actor))
    goals = {goal.pk: goal for goal in review.goals.filter(status=Goal.Status.ACTIVE)}
    changes = {}
    for goal_id, weight in weights.items():
        goal = goals.get(goal_id)
        if goal is None:
            raise ValidationError({"weights": _("Goal %(id)s is not part of this review.") % {"id": goal_id}})
        diff = apply_goal_changes(goal, {"weight": _goal_fields({"weight": weight})["weight"]})
        if diff:
            changes[goal] = diff
    if not changes:
        return list(goals.values())
    correction = not rules.goals_are_drafts(review)
    if correction:
        _require_weight_rule([goal.weight for goal in goals.values()], "weights")
    for goal, diff in changes.items():
        goal.save(update_fields=["weight", "updated_at"])
        if correction:
            GoalChange.objects.create(goal=goal, changed_by=actor, changes=diff)
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.GOAL_WEIGHTS_CHANGED,
        payload={"goals": [goal.pk for goal in changes]},
        old={str(goal.pk): diff["weight"][0] for goal, diff in changes.items()},
        new={str(goal.pk): diff["weight"][1] for goal, diff in changes.items()},
    )
    return list(goals.values())


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
    ``TransitionNotAllowed`` (409) once the appraisal is final or while HR decides an objection
    (``rules.edit_development_plan_refusal``).
    """
    review = lock_review(review)
    rules.require(rules.edit_development_plan_refusal(review, actor))
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
    """Put one competency in or out of focus for this period (the manager, in planning); audited with
    the old and new value, nothing recorded when nothing changes.

    ``PermissionDenied`` (403) for anyone but the manager, ``TransitionNotAllowed`` (409) after planning.
    """
    review = lock_review(assessment.review)
    rules.require(rules.set_focus_refusal(review, actor))
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
    rules.require(rules.self_assess_refusal(review, actor))
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
    rules.require(rules.score_refusal(review, actor))
    assessment = CompetencyAssessment.objects.get(pk=assessment.pk)
    if marks:
        by_id = {mark.pk: mark for mark in assessment.marks.all()}
        for mark_id, value in marks.items():
            mark = by_id.get(int(mark_id)) if str(mark_id).isdecimal() else None
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
    """The manager's ``rating`` (a value on the cycle's scale, or None to leave it), ``result_note`` and
    ``justification`` for one goal: a draft until the scores are submitted.

    ``PermissionDenied`` (403) for anyone but the manager, ``TransitionNotAllowed`` (409) outside
    scoring, ``ValidationError`` (400) for a value not on the scale or a text too long.
    """
    review = lock_review(goal.review)
    rules.require(rules.score_refusal(review, actor))
    goal = Goal.objects.get(pk=goal.pk)
    if rating is not None:
        goal.rating = rating_option(review, rating, "rating")
    if result_note is not None:
        goal.result_note = _clean_text(result_note, "result_note")
    if justification is not None:
        goal.justification = _clean_text(justification, "justification")
    goal.save(update_fields=["rating", "result_note", "justification"])
    return goal
