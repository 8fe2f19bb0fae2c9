"""The HR dashboard of a cycle, from database aggregates only: a fixed number of queries at any size.

One selector per section, each in its own module; ``cycle_dashboard`` puts them together for the
dashboard page, ``GET /api/v1/cycles/{id}/dashboard/`` and the printable PDF.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from people.selectors import unit_level
from reports.dashboard.advice import contract_advice
from reports.dashboard.base import dashboard_reviews
from reports.dashboard.burndown import burndown
from reports.dashboard.calibration import calibration
from reports.dashboard.competencies import competency_gap
from reports.dashboard.completion import completion_by_manager, completion_summary
from reports.dashboard.informants import informant_counts
from reports.dashboard.levels import first_managers
from reports.dashboard.waiting import overdue_reviews, waiting_for_hr
from reviewcycle.figures import cached_figures
from reviewcycle.models import ReviewCycle
from reviewcycle.record import shape_of_version

__all__ = ["count_dashboard", "cycle_dashboard"]

# The parts of the regeling (``reviewcycle.record.RecordShape``) the dashboard follows: the sections on
# ratings only with scores; objections and payroll consequences only where the regeling has them.
SHAPE_PARTS = (
    "has_scores",
    "has_self_assessment",
    "has_second_review",
    "has_objection",
    "has_closing_talk",
    "has_advice",
)
NO_CALIBRATION = {
    "scale": [],
    "organisation": {"rated": 0, "counts": {}, "percent": {}, "mean": None},
    "org_units": [],
    "managers": [],
}


def cycle_dashboard(
    *,
    cycle: ReviewCycle,
    user: AbstractBaseUser,
    today: datetime.date | None = None,
    unit: int | None = None,
) -> dict:
    """``count_dashboard`` as kept until the cycle changes (``reviewcycle.figures.cached_figures``), with
    ``"as_of"``: the aware datetime it was counted at. Looking again costs the same at any size (issue 17).
    Only HR reaches it (``reviewcycle.selectors.cycle_for_hr``)."""
    today = today or timezone.localdate()
    figures, counted_at = cached_figures(
        cycle_id=cycle.pk,
        view="dashboard",
        user=user,
        parameters=(today, unit),
        count=lambda: count_dashboard(cycle=cycle, user=user, today=today, unit=unit),
    )
    return {**figures, "as_of": counted_at}


def count_dashboard(
    *,
    cycle: ReviewCycle,
    user: AbstractBaseUser,
    today: datetime.date | None = None,
    unit: int | None = None,
) -> dict:
    """Every section of the dashboard over the reviews of ``cycle`` that ``user`` sees, counted as of
    ``today`` (the local date by default), from the database: its cost grows with the number of reviews.

    ``unit``: an organisation unit's id: only the reviews opened in it or below it are counted, and the
    per-unit sections show its direct sub-units. None: the whole cycle, the per-unit sections showing
    the top of the tree (``levels.unit_level``). A unit the user sees no review of gives empty sections.
    The per-manager sections list at most ``levels.MANAGERS_LISTED`` managers (the most overdue, the
    furthest from the organisation's mean rating first), with the number in all: so the answer does not
    grow with the organisation.

    Returns ``{"cycle": {"id", "name", "state"}, "regeling": {"name", "version", and the parts of its shape
    (``SHAPE_PARTS``)}, "today": date, **completion_summary (total, counted,
    done, percent_done, states, phases), "unit": the unit's row or None, "unit_path": [{"org_unit",
    "name"}] above it, "org_units": its sub-units' rows (each with ``has_units``), "managers":
    completion_by_manager (first ones), "managers_total", "overdue_total", "overdue": overdue_reviews,
    "hr_attention": waiting_for_hr, "burndown", "calibration" (its ``org_units`` the same level, its
    ``managers`` the first ones, with ``managers_total``), "competency_gap", "informants": the requests for
    input and the answers (``informants.informant_counts``), "advice": the advice on the contract where the
    regeling has one (``advice.contract_advice``), else None}``; each section's selector documents its part.
    A regeling without scores has no calibration (``NO_CALIBRATION``) and no competency gap (``[]``):
    neither is counted.
    """
    today = today or timezone.localdate()
    scope = dashboard_reviews(cycle=cycle, user=user)
    if unit is not None:
        scope = scope.below(unit)
    completion = completion_summary(scope=scope)
    level = unit_level(completion.pop("org_units"), focus=unit)
    focus = level["focus"]["org_unit"] if level["focus"] else None
    managers = completion_by_manager(scope=scope, today=today)
    listed = first_managers(managers, key=lambda row: (-row["overdue"], row["name"]))
    version = cycle.template_version
    shape = shape_of_version(version)
    # Without scores no section on ratings (calibration, the competency gap): not counted, shown empty.
    rated = calibration(scope=scope) if shape.has_scores else NO_CALIBRATION
    raters = first_managers(rated["managers"], key=lambda row: (-abs(row["deviation"] or 0), row["name"]))
    return {
        "cycle": {"id": cycle.pk, "name": cycle.name, "state": cycle.state},
        "regeling": {
            "name": version.template.name,
            "version": version.number,
            **{part: getattr(shape, part) for part in SHAPE_PARTS},
        },
        "today": today,
        **completion,
        "unit": level["focus"],
        "unit_path": level["path"],
        "org_units": level["rows"],
        "managers": listed["rows"],
        "managers_total": listed["total"],
        "overdue_total": sum(row["overdue"] for row in managers),  # every overdue review has a manager
        "overdue": overdue_reviews(scope=scope, today=today),
        "hr_attention": waiting_for_hr(scope=scope),
        "burndown": burndown(scope=scope, total=completion["total"], today=today),
        "calibration": {
            **rated,
            "org_units": unit_level(rated["org_units"], focus=focus)["rows"],
            "managers": raters["rows"],
            "managers_total": raters["total"],
        },
        "competency_gap": competency_gap(scope=scope) if shape.has_scores else [],
        "informants": informant_counts(scope=scope),
        "advice": contract_advice(scope=scope) if shape.has_advice else None,
    }
