"""The score formulas, defined once: proposed competency rating, overall rating, when a justification is needed.

**Proposed rating** from the indicator marks: f = (fully + ½·partly) / number of
indicators of the expected level. On the five-point scale: f < ⅓ → onvoldoende,
f < ⅔ → matig, otherwise goed; f = 1 with at least half of the next level's indicators
shown → zeer goed, with all of them → uitstekend. At the top level (no next level) the
proposal stays goed. Other scales map proportionally, separately below the norm and at
or above it, so *goed* always lands on a label that meets the norm.

**Overall rating**: the mean of the goal ratings (weighted by the goal weights when
they are used) and the mean of the competency ratings, combined with the cycle's weights
(default 50/50), rounded half up to a scale point. Ratings are positions on the scale
(1 = lowest). Goal weights are read by the one goal-weight rule (``reviewcycle.goals``):
weights that break it are never used; there is no proposal then, and the scores cannot be
submitted until the manager corrects them.

A competency rating that differs from the proposal, or any rating that does not meet
the norm, needs a written justification with examples (at least
``MIN_JUSTIFICATION_LENGTH`` characters); so does an overall rating that differs from the
proposed one.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from reviewcycle.goals import active_goal_weights, weights_problem

MIN_JUSTIFICATION_LENGTH = 20
FULLY, PARTLY = "fully", "partly"

# The five-point reference scale the formula is written in.
REFERENCE_POINTS = 5
REFERENCE_BELOW_NORM = 2


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str
    meets_norm: bool


def round_half_up(value: Fraction) -> int:
    """Round a non-negative fraction to the nearest whole number, halves up (2.5 → 3)."""
    return math.floor(Fraction(value) + Fraction(1, 2))


def indicator_fraction(expected_marks: list[str]) -> Fraction | None:
    if not expected_marks:
        return None
    score = sum(
        Fraction(1) if mark == FULLY else Fraction(1, 2) if mark == PARTLY else Fraction(0)
        for mark in expected_marks
    )
    return score / len(expected_marks)


def proposed_reference_point(expected_marks: list[str], next_level_marks: list[str]) -> int | None:
    """The proposal on the five-point reference scale (1..5); None without indicators, or before any of
    them is marked (a proposal of "onvoldoende" for marks not given yet would be no proposal at all)."""
    fraction = indicator_fraction(expected_marks)
    if fraction is None or not any(expected_marks):
        return None
    if fraction < Fraction(1, 3):
        return 1
    if fraction < Fraction(2, 3):
        return 2
    if fraction < 1 or not next_level_marks:
        return 3
    shown = sum(1 for mark in next_level_marks if mark == FULLY)
    if shown == len(next_level_marks):
        return 5
    if 2 * shown >= len(next_level_marks):
        return 4
    return 3


def map_reference_point(point: int, scale: list[ScalePoint]) -> ScalePoint:
    """Map a reference point onto ``scale``, proportionally below the norm and at or above it."""
    ordered = sorted(scale, key=lambda option: option.value)
    below = [option for option in ordered if not option.meets_norm]
    above = [option for option in ordered if option.meets_norm]
    if point <= REFERENCE_BELOW_NORM:
        if not below:
            return above[0]
        position = round_half_up(Fraction(point - 1, REFERENCE_BELOW_NORM - 1) * (len(below) - 1))
        return below[position]
    if not above:
        return below[-1]
    steps_above = REFERENCE_POINTS - REFERENCE_BELOW_NORM - 1
    position = round_half_up(Fraction(point - REFERENCE_BELOW_NORM - 1, steps_above) * (len(above) - 1))
    return above[position]


def proposed_rating(
    expected_marks: list[str], next_level_marks: list[str], scale: list[ScalePoint]
) -> ScalePoint | None:
    point = proposed_reference_point(expected_marks, next_level_marks)
    return None if point is None else map_reference_point(point, scale)


def overall_value(
    *,
    goals: list[tuple[int | None, int | None]],
    competencies: list[int],
    goal_weight: int,
    competency_weight: int,
    scale_size: int,
) -> int | None:
    """Weighted mean of the goal and competency values (scale positions), rounded half up.

    ``goals`` holds (value, weight) for every active goal, value None while it is not rated; the
    weights (percentages) must keep the goal-weight rule (``ValueError`` otherwise: never silently
    used). With weights, the rated goals count by their weight; without, equally.
    """
    problem = weights_problem([weight for _value, weight in goals])
    if problem is not None:
        raise ValueError(problem)
    rated = [(value, weight) for value, weight in goals if value is not None]
    parts = []
    if rated:
        total = sum(weight or 0 for _value, weight in rated)
        if total:
            parts.append((Fraction(sum(value * weight for value, weight in rated), total), goal_weight))
        else:
            parts.append((Fraction(sum(value for value, _weight in rated), len(rated)), goal_weight))
    if competencies:
        parts.append((Fraction(sum(competencies), len(competencies)), competency_weight))
    if not parts:
        return None
    weight_sum = sum(weight for _mean, weight in parts)
    if weight_sum == 0:
        mean = sum(mean for mean, _weight in parts) / len(parts)
    else:
        mean = sum(mean * weight for mean, weight in parts) / weight_sum
    return min(max(round_half_up(mean), 1), scale_size)


def needs_justification(*, rating: ScalePoint, proposed: ScalePoint | None) -> bool:
    return not rating.meets_norm or (proposed is not None and rating.value != proposed.value)


def is_justified(text: str) -> bool:
    return len(text.strip()) >= MIN_JUSTIFICATION_LENGTH


# --- on the review's models ----------------------------------------------------------


def scale_of(review) -> list[ScalePoint]:
    cached = getattr(review, "_scale_points", None)
    if cached is None:
        cached = review._scale_points = [
            ScalePoint(option.value, option.label, option.meets_norm)
            for option in review.cycle.rating_scale.options.all()
        ]
    return cached


def point_of(option) -> ScalePoint | None:
    return None if option is None else ScalePoint(option.value, option.label, option.meets_norm)


def assessment_proposal(assessment, scale: list[ScalePoint]) -> ScalePoint | None:
    marks = list(assessment.marks.all())
    return proposed_rating(
        [mark.mark for mark in marks if not mark.is_next_level],
        [mark.mark for mark in marks if mark.is_next_level],
        scale,
    )


def overall_proposal(review, unsaved: dict[str, int | None] | None = None) -> ScalePoint | None:
    """The proposed overall rating; None without ratings, or while the goal weights break the rule.

    ``unsaved``: ratings chosen on the scoring page but not saved yet, by input name
    (``assessment-<id>-rating``, ``goal-<id>-rating``) → scale value or None; they take the place of
    the stored ones, so the page can show the proposal while the manager chooses.
    """
    if weights_problem(active_goal_weights(review)) is not None:
        return None
    scale = scale_of(review)
    unsaved = unsaved or {}

    def value(name: str, stored):
        return unsaved.get(name, stored.value if stored else None)

    goals = [
        (value(f"goal-{goal.pk}-rating", goal.rating), goal.weight)
        for goal in review.goals.all()
        if goal.is_active
    ]
    competencies = [
        rated
        for item in review.assessments.all()
        if item.in_focus and (rated := value(f"assessment-{item.pk}-rating", item.rating)) is not None
    ]
    value = overall_value(
        goals=goals,
        competencies=competencies,
        goal_weight=review.cycle.goal_weight,
        competency_weight=review.cycle.competency_weight,
        scale_size=len(scale),
    )
    return next((point for point in scale if point.value == value), None)


def scoring_gaps(review) -> list[str]:
    """What still stops the manager from submitting the scores, in words."""
    return [message for message, _field in scoring_problems(review)]


def _too_short(text: str) -> str:
    """How much a justification falls short, in words ("" when it is long enough)."""
    written = len(text.strip())
    if written >= MIN_JUSTIFICATION_LENGTH:
        return ""
    if not written:
        return _("Write at least %(minimum)s characters.") % {"minimum": MIN_JUSTIFICATION_LENGTH}
    return _("Write at least %(minimum)s characters; you wrote %(count)s.") % {
        "minimum": MIN_JUSTIFICATION_LENGTH,
        "count": written,
    }


def scoring_problems(review) -> list[tuple[str, str | None]]:
    """What still stops the manager from submitting the scores: (sentence, input field it concerns).

    The fields are named as the scoring input names them (``mark-<id>``, ``assessment-<id>-rating``,
    ``assessment-<id>-justification``, ``goal-<id>-rating``, ``goal-<id>-justification``,
    ``override_reason``), so the page puts each sentence next to its field; ``goals`` for the weights.
    """
    scale = scale_of(review)
    weights = weights_problem(active_goal_weights(review))
    problems = [(weights, "goals")] if weights is not None else []
    for item in review.assessments.all():
        if not item.in_focus:
            continue
        marks = [mark for mark in item.marks.all() if not mark.is_next_level]
        unmarked = [mark for mark in marks if not mark.mark]
        if unmarked:
            problems.append(
                (
                    _("Mark every indicator of the expected level of %(name)s.") % {"name": item.name},
                    f"mark-{unmarked[0].pk}",
                )
            )
        if item.rating is None:
            problems.append((_("Rate %(name)s.") % {"name": item.name}, f"assessment-{item.pk}-rating"))
            continue
        proposal = assessment_proposal(item, scale)
        if needs_justification(rating=point_of(item.rating), proposed=proposal) and not is_justified(
            item.justification
        ):
            sentence = _(
                "%(name)s: a rating below the norm or other than the proposal (%(proposal)s) needs a justification "
                "with examples."
            ) % {"name": item.name, "proposal": proposal.label if proposal else "—"}
            problems.append(
                (f"{sentence} {_too_short(item.justification)}", f"assessment-{item.pk}-justification")
            )
    for goal in review.goals.all():
        if not goal.is_active:
            continue
        if goal.rating is None:
            problems.append((_("Rate the goal %(title)s.") % {"title": goal.title}, f"goal-{goal.pk}-rating"))
        elif not goal.rating.meets_norm and not is_justified(goal.justification):
            sentence = _(
                "The goal %(title)s: a rating below the norm needs a justification with examples."
            ) % {"title": goal.title}
            problems.append((f"{sentence} {_too_short(goal.justification)}", f"goal-{goal.pk}-justification"))
    if not problems and review.overall_rating_id is not None:
        proposal = overall_proposal(review)
        overridden = proposal is not None and review.overall_rating.value != proposal.value
        if overridden and not is_justified(review.overall_override_reason):
            sentence = _("The overall rating differs from the proposal (%(proposal)s): give the reason.") % {
                "proposal": proposal.label
            }
            problems.append((f"{sentence} {_too_short(review.overall_override_reason)}", "override_reason"))
    return problems


def proposal_legend() -> list[str]:
    """How a rating was proposed, in plain words, for the record and the appraisal form in the personnel
    file (the docstring above, for employees: no formula)."""
    return [
        _(
            "Per competency the manager marks every behavioural indicator of the expected level as not, "
            "partly or fully shown. An indicator shown partly counts for half."
        ),
        _(
            "If less than a third of the indicators was shown, the proposal is onvoldoende; less than two "
            "thirds: matig; otherwise goed. If all of them were fully shown and at least half of the "
            "indicators of the next level too, the proposal is zeer goed; all of the next level too: "
            "uitstekend. On another rating scale the proposal is the matching point of that scale."
        ),
        _(
            "A rating other than the proposal, or below the norm, is justified with examples. The overall "
            "rating combines the average of the goals (by their weights) and the average of the "
            "competencies with the weights set for the cycle, rounded to the nearest point of the scale."
        ),
    ]


def proposal_formula() -> list[str]:
    """How a rating is proposed, as the formula, for the help text of the manager's scoring page."""
    return [
        _(
            "Per competency every behavioural indicator of the expected level is marked not, partly or "
            "fully shown; f = (fully + ½ × partly) / number of indicators of the expected level."
        ),
        _(
            "f < ⅓: onvoldoende; f < ⅔: matig; otherwise goed. f = 1 with at least half of the next "
            "level's indicators shown: zeer goed; with all of them: uitstekend. Other scales map "
            "proportionally."
        ),
        _(
            "A rating other than the proposal, or below the norm, is justified with examples. The overall "
            "rating combines the mean of the goals (weighted) and of the competencies with the cycle's "
            "weights, rounded half up."
        ),
    ]
