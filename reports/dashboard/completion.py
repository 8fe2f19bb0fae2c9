"""How far the cycle is: as a whole, per phase, per organisation unit and per manager."""

import datetime

from django.db.models import Count, Q

from reports.dashboard.base import DashboardReviews, percent
from reviewcycle.completion import completion, cycle_completion
from reviewcycle.models import Review
from reviewcycle.workflow import overdue_q, phases_for

STATES = list(Review.State.values)  # once: the enum builds a new list on every access
PER_STATE = {f"in_{state}": Count("id", filter=Q(state=state)) for state in STATES}


def completion_summary(*, scope: DashboardReviews) -> dict:
    """Completion as reviewcycle defines it (``reviewcycle.completion.completion``), with the phases.

    Returns ``{"total", "counted", "done", "percent_done", "states": {every state: count},
    "org_units": [per unit, rolled up the tree, the largest first], "phases": [{"phase": key, "label": str,
    "count": reviews in the phase's states, "percent": of every review}, per phase of the cycle's regeling
    (``workflow.phases_for``)]}``. Two queries.
    """
    summary = cycle_completion(reviews=scope.reviews)
    states, total = summary["states"], summary["total"]
    phases = []
    for key, label, phase_states in phases_for(scope.cycle.template_version):
        count = sum(states.get(state, 0) for state in phase_states)
        phases.append({"phase": key, "label": str(label), "count": count, "percent": percent(count, total)})
    return {**summary, "phases": phases}


def completion_by_manager(*, scope: DashboardReviews, today: datetime.date) -> list[dict]:
    """Completion per manager (``completion``) with their number of overdue reviews (``overdue_q`` on
    ``today``): ``[{"manager": id, "name": str, "overdue": int, **completion}]``, the most overdue first,
    then by name. One query: a row per manager with a count per state."""
    rows = scope.reviews.values_list("manager_id", "manager__name").annotate(
        late=Count("id", filter=overdue_q(today)), **PER_STATE
    )
    managers = [
        {
            "manager": manager_id,
            "name": name,
            "overdue": late,
            **completion({state: n for state, n in zip(STATES, counts, strict=True) if n}),
        }
        for manager_id, name, late, *counts in rows
    ]
    return sorted(managers, key=lambda row: (-row["overdue"], row["name"]))
