"""How far a cycle is: completion as a whole and per organisation unit (rolled up the tree), the
numbers the dashboard and ``GET /api/v1/cycles/{id}/progress/`` show. Two queries at any size."""

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from people.selectors import org_unit_tree, org_units_below, roll_up, unit_level
from reviewcycle.figures import cached_figures
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.selectors import reviews_visible_to
from reviewcycle.workflow import overdue_q

NOT_COUNTED = (Review.State.CANCELLED, Review.State.EXEMPT)
_PER_STATE = {f"in_{state}": Count("id", filter=Q(state=state)) for state in Review.State.values}


def completion(states: Mapping[str, int]) -> dict:
    """How far a set of reviews is, from its number of reviews per state (state value → count).

    A review is done when it is final. Cancelled and exempt reviews are no completed talks, and no
    talks still to hold either (HR's reading): they are left out of both ``done`` and ``counted``.
    Returns ``{"total": every review in any state, "counted": total minus cancelled and exempt,
    "done": final reviews, "percent_done": done / counted in % with one decimal (0.0 when nothing
    counts), "states": the given counts}``.
    """
    total = sum(states.values())
    counted = total - sum(states.get(state, 0) for state in NOT_COUNTED)
    done = states.get(Review.State.FINAL, 0)
    percent = round(100 * done / counted, 1) if counted else 0.0
    return {"total": total, "counted": counted, "done": done, "percent_done": percent, "states": states}


def cycle_completion(*, reviews: QuerySet[Review]) -> dict:
    """Completion (``completion``) of ``reviews`` as a whole and per organisation unit.

    ``reviews``: one cycle's reviews as the reader may see them (``reviews_visible_to(...).filter(cycle=...)``);
    each review counts in the unit it was opened in. A unit's numbers include every unit below it, so a
    department holds its teams' reviews. Returns ``{**completion(every state, zeros included),
    "org_units": [{"org_unit": id, "name": str, "parent": id | None, **completion(its states)}, ...]}``,
    the units with most reviews first (then by name), units with no review at or below them left out.
    Two queries whatever the number of reviews.
    """
    per_unit: dict[int, dict[str, int]] = {}
    overall = dict.fromkeys(Review.State.values, 0)
    # One row per unit with a count per state (not a row per unit and state): a tenth of the rows to read.
    for unit_id, *counts in reviews.order_by().values_list("org_unit_id").annotate(**_PER_STATE):
        states = {state: n for state, n in zip(Review.State.values, counts, strict=True) if n}
        per_unit[unit_id] = states
        for state, n in states.items():
            overall[state] += n
    tree = org_unit_tree()
    org_units = [
        {
            "org_unit": unit_id,
            "name": tree[unit_id].name,
            "parent": tree[unit_id].parent,
            **completion(states),
        }
        for unit_id, states in roll_up(per_unit, tree).items()
    ]
    return {
        **completion(overall),
        "org_units": sorted(org_units, key=lambda row: (-row["total"], row["name"])),
    }


def cycle_progress(*, cycle: ReviewCycle, user: AbstractBaseUser, unit: int | None = None) -> dict:
    """``GET /api/v1/cycles/{id}/progress/``: ``cycle_completion`` over the cycle's reviews ``user`` sees
    (with ``unit``, an id: those opened in that unit or below it), with the cycle's id, the number
    overdue (``overdue_q``) and one level of the unit tree (``people.selectors.unit_level``): ``unit``
    (its row, or None), ``unit_path`` above it and ``org_units`` its direct sub-units, so the answer does
    not grow with the organisation; and ``as_of``, when it was counted: the figures are kept until the
    cycle changes (``figures.cached_figures``), so asking again costs the same at any size."""
    today = timezone.localdate()
    figures, counted_at = cached_figures(
        cycle_id=cycle.pk,
        view="progress",
        user=user,
        parameters=(today, unit),
        count=lambda: _count_progress(cycle=cycle, user=user, unit=unit, today=today),
    )
    return {**figures, "as_of": counted_at}


def _count_progress(*, cycle: ReviewCycle, user: AbstractBaseUser, unit: int | None, today) -> dict:
    reviews = reviews_visible_to(user=user).filter(cycle=cycle)
    if unit is not None:
        reviews = reviews.filter(org_unit__in=org_units_below(org_units=[unit]))
    summary = cycle_completion(reviews=reviews)
    level = unit_level(summary.pop("org_units"), focus=unit)
    return {
        "cycle": cycle.pk,
        "overdue": reviews.filter(overdue_q(today)).count(),
        **summary,
        "unit": level["focus"],
        "unit_path": level["path"],
        "org_units": level["rows"],
    }
