"""Whole drafts in one go: the self-assessment, the scores, the competencies in focus, several new
goals and development actions.

Each is one transaction over the single-item services in ``content`` (which decide who may change
what, and when): a bad entry saves nothing. The pages and the API both call these.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviewcycle import rules
from reviewcycle.models import Review
from reviewcycle.services.content import (
    assessment_score,
    assessment_set_focus,
    development_action_save,
    goal_create,
    goal_score,
    self_rating_save,
)
from reviewcycle.services.transitions import lock_review


def _not_in_review(field: str, entry) -> ValidationError:
    item = entry.get("assessment") or entry.get("goal") if isinstance(entry, dict) else entry
    return ValidationError({field: _("Item %(item)s is not part of this review.") % {"item": item}})


@transaction.atomic
def review_save_self_assessment_draft(*, review: Review, actor: User, ratings: list[dict]) -> Review:
    """Save the employee's self-assessment as a draft (nothing is sent until it is submitted).

    ``ratings``: ``[{"assessment": id, "rating": scale value or None, "remark": str}, …]`` or with
    ``"goal": id`` instead of ``"assessment"``; an item left out keeps its draft. All or nothing.
    Raises ``PermissionDenied`` (403) for anyone but the employee, ``TransitionNotAllowed`` (409)
    outside the self-assessment, ``ValidationError`` (400) for an item not in this review or a
    rating not on the cycle's scale.
    """
    review = lock_review(review)
    # Checked before the entries, so that an empty draft is refused to whoever may not write one.
    rules.require(rules.self_assess_refusal(review, actor))
    targets = {
        **{("assessment", item.pk): item for item in review.assessments.all()},
        **{("goal", goal.pk): goal for goal in review.goals.all()},
    }
    for entry in ratings:
        kind = "assessment" if entry.get("assessment") else "goal"
        target = targets.get((kind, entry.get(kind)))
        if target is None:
            raise _not_in_review("ratings", entry)
        self_rating_save(
            review=review,
            actor=actor,
            target=target,
            rating=entry.get("rating"),
            remark=entry.get("remark", ""),
        )
    return review


@transaction.atomic
def review_save_scores_draft(
    *, review: Review, actor: User, assessments: list[dict] = (), goals: list[dict] = ()
) -> Review:
    """Save the manager's scores as a draft (the employee sees nothing until they are submitted).

    ``assessments``: ``[{"assessment": id, "marks": {indicator id: "" | "not" | "partly" | "fully"},
    "rating": scale value or None, "justification": str}, …]``; ``goals``: ``[{"goal": id, "rating":
    scale value or None, "result_note": str, "justification": str}, …]``. A key left out (or a rating
    of None) keeps what the draft has. All or nothing. Raises ``PermissionDenied`` (403) for anyone
    but the manager, ``TransitionNotAllowed`` (409) outside scoring, ``ValidationError`` (400) for an
    item or indicator not in this review, a mark or rating that does not exist, or a text too long.
    """
    review = lock_review(review)
    rules.require(rules.score_refusal(review, actor))
    by_assessment = {item.pk: item for item in review.assessments.all()}
    by_goal = {goal.pk: goal for goal in review.goals.all()}
    for entry in assessments:
        assessment = by_assessment.get(entry.get("assessment"))
        if assessment is None:
            raise _not_in_review("assessments", entry.get("assessment"))
        assessment_score(
            assessment=assessment,
            actor=actor,
            marks=entry.get("marks"),
            rating=entry.get("rating"),
            justification=entry.get("justification"),
        )
    for entry in goals:
        goal = by_goal.get(entry.get("goal"))
        if goal is None:
            raise _not_in_review("goals", entry.get("goal"))
        goal_score(
            goal=goal,
            actor=actor,
            rating=entry.get("rating"),
            result_note=entry.get("result_note"),
            justification=entry.get("justification"),
        )
    return review


@transaction.atomic
def review_set_focus(*, review: Review, actor: User, in_focus: Iterable[int]) -> Review:
    """Choose the competencies in focus this period: ``in_focus`` holds the ids of the review's
    competency assessments in focus, every other one is out of focus. Only a change is recorded (one
    audit row per competency that changes). Raises ``PermissionDenied`` (403) for anyone but the
    manager, ``TransitionNotAllowed`` (409) after planning, ``ValidationError`` (400) for an id that
    is not a competency of this review.
    """
    review = lock_review(review)
    rules.require(rules.set_focus_refusal(review, actor))
    assessments = {item.pk: item for item in review.assessments.all()}
    wanted = set(in_focus)
    unknown = sorted(wanted - set(assessments))
    if unknown:
        raise _not_in_review("in_focus", ", ".join(str(pk) for pk in unknown))
    for pk, assessment in assessments.items():
        if (pk in wanted) != assessment.in_focus:
            assessment_set_focus(assessment=assessment, actor=actor, in_focus=pk in wanted)
    return review


@transaction.atomic
def review_add_plan_items(
    *, review: Review, actor: User, goals: list[dict] = (), actions: list[dict] = ()
) -> None:
    """Add several goals and development actions with one save: each as ``goal_create`` and
    ``development_action_save`` (with a new action) take it, with their rules and errors (400/403/409).

    All or nothing. A ``ValidationError`` carries ``row``: ``("goals" or "actions", index)`` of the
    entry it is about, so that a page can show it next to that row. Two goals of one title, or two
    actions of one description, in the same save are refused at the second (a row given twice would
    otherwise be taken as a double submit and silently stand for both).
    """
    _refuse_twice(goals, "goals", "title", _("This goal is in the list twice. Give each goal its own title."))
    _refuse_twice(
        actions, "actions", "description", _("This action is in the list twice. Describe each action once.")
    )
    for kind, entries, save in (
        ("goals", goals, lambda data: goal_create(review=review, actor=actor, **data)),
        ("actions", actions, lambda data: development_action_save(review=review, actor=actor, **data)),
    ):
        for index, data in enumerate(entries):
            try:
                save(data)
            except ValidationError as error:
                error.row = (kind, index)
                raise


def _refuse_twice(entries, kind: str, field: str, message: str) -> None:
    seen = set()
    for index, data in enumerate(entries):
        key = " ".join(str(data.get(field) or "").split()).casefold()
        if key and key in seen:
            error = ValidationError({field: message})
            error.row = (kind, index)
            raise error
        seen.add(key)
