"""The goal-weight rule, defined once: a review's active goals carry no weights at all, or every one
carries a weight and together they add up to exactly 100 (per cent). And the most active goals a review
may have (``MAX_GOALS``).

The planning talk's condition, every write that can change weights after planning (a progress talk,
a correction after a return) and the score formula read weights by this one function.
"""

from datetime import date

from django.utils.translation import gettext as _

# The most active goals (resultaatafspraken) one review may have: a plan holds a handful, and the review
# export gives each of them three columns, as many as this for every review whatever it holds (its
# header is made before the rows are read: the same cost at any size, issue 17). Withdrawn goals do not
# count. Checked where a goal is added (``services.content.goal_create``, the only place).
MAX_GOALS = 10


def too_many_goals(active: int) -> str | None:
    """Why one more goal may not be added to a review that has ``active`` active goals; None if it may."""
    if active >= MAX_GOALS:
        return _("A review has at most %(max)s goals; withdraw or combine one before adding another.") % {
            "max": MAX_GOALS
        }
    return None


def weights_problem(weights: list[int | None]) -> str | None:
    """What is wrong with these goal weights (one per active goal, a whole percentage or None), in
    words; None when they keep the rule (all empty, or all given and summing to exactly 100)."""
    given = [weight for weight in weights if weight is not None]
    if not given:
        return None
    if len(given) < len(weights):
        return _("Give every goal a weight, or none: now %(given)s of %(total)s goals have one.") % {
            "given": len(given),
            "total": len(weights),
        }
    if sum(given) != 100:
        return _("The goal weights add up to %(sum)s; they must add up to 100.") % {"sum": sum(given)}
    return None


def active_goal_weights(review) -> list[int | None]:
    """The weights of the review's active goals (from a prefetch when there is one)."""
    return [goal.weight for goal in review.goals.all() if goal.is_active]


def apply_goal_changes(goal, changes: dict) -> dict[str, list]:
    """Set ``changes`` (field name → new value) on ``goal`` (not saved); return what differs, as
    field name → [old, new] in JSON terms (dates as ISO strings): the goal's history (``GoalChange``)."""
    diff = {}
    for field, value in changes.items():
        old = getattr(goal, field)
        if value != old:
            diff[field] = [_json(old), _json(value)]
            setattr(goal, field, value)
    return diff


def _json(value):
    return value.isoformat() if isinstance(value, date) else value
