"""The HR dashboard of a cycle, from database aggregates only: a fixed number of queries at any size.

One selector per section, each in its own module; ``cycle_dashboard`` puts them together for the
dashboard page, ``GET /api/v1/cycles/{id}/dashboard/`` and the printable PDF.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from reports.dashboard.base import dashboard_reviews
from reports.dashboard.burndown import burndown
from reports.dashboard.calibration import calibration
from reports.dashboard.competencies import competency_gap
from reports.dashboard.completion import completion_by_manager, completion_summary
from reports.dashboard.waiting import overdue_reviews, waiting_for_hr
from reviewcycle.models import ReviewCycle

__all__ = ["cycle_dashboard"]


def cycle_dashboard(
    *, cycle: ReviewCycle, user: AbstractBaseUser, today: datetime.date | None = None
) -> dict:
    """Every section of the dashboard over the reviews of ``cycle`` that ``user`` sees, counted as of
    ``today`` (the local date by default). Only HR reaches it (``reviewcycle.selectors.cycle_for_hr``).

    Returns ``{"cycle": {"id", "name", "state"}, "today": date, **completion_summary (total, counted,
    done, percent_done, states, phases, org_units), "managers": completion_by_manager, "overdue_total",
    "overdue": overdue_reviews, "hr_attention": waiting_for_hr, "burndown", "calibration",
    "competency_gap"}``; each section's selector documents its part.
    """
    today = today or timezone.localdate()
    scope = dashboard_reviews(cycle=cycle, user=user)
    completion = completion_summary(scope=scope)
    managers = completion_by_manager(scope=scope, today=today)
    return {
        "cycle": {"id": cycle.pk, "name": cycle.name, "state": cycle.state},
        "today": today,
        **completion,
        "managers": managers,
        "overdue_total": sum(row["overdue"] for row in managers),  # every overdue review has a manager
        "overdue": overdue_reviews(scope=scope, today=today),
        "hr_attention": waiting_for_hr(scope=scope),
        "burndown": burndown(scope=scope, total=completion["total"], today=today),
        "calibration": calibration(scope=scope),
        "competency_gap": competency_gap(scope=scope),
    }
