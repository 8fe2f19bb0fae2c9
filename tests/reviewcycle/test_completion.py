"""Completion per unit has one definition: the API's progress and HR's dashboard give the same numbers."""

import pytest
from rest_framework.test import APIClient

from reviewcycle.models import Review

pytestmark = pytest.mark.django_db

COMPLETION = ("total", "counted", "done", "percent_done", "states")


def set_states(cycle, states: dict) -> None:
    for employee, state in states.items():
        Review.objects.filter(cycle=cycle, employee=employee).update(state=state)


def per_unit(rows: list[dict]) -> dict:
    return {row["org_unit"]: {key: row[key] for key in COMPLETION} for row in rows}


def test_the_api_and_the_dashboard_count_completion_per_unit_the_same(org, cycle):
    # Three reviews in the team, two in the other team, none in the organisation (their parent) itself.
    set_states(
        cycle,
        {
            org.employee: "final",
            org.colleague: "cancelled",
            org.other_manager: "final",
            org.other_employee: "exempt",
        },
    )
    api = APIClient()
    api.force_authenticate(org.hr)
    progress = api.get(f"/api/v1/cycles/{cycle.pk}/progress/").json()
    dashboard = api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/").json()

    assert per_unit(progress["org_units"]) == per_unit(dashboard["org_units"])
    assert {key: progress[key] for key in COMPLETION} == {key: dashboard[key] for key in COMPLETION}
    # Final is done; cancelled and exempt count neither as done nor as to do; units include those below.
    # The answer opens at the top of the tree (the organisation) and lists the units just below it.
    assert progress["unit"]["org_unit"] == dashboard["unit"]["org_unit"] == org.root.pk
    assert per_unit([progress["unit"]])[org.root.pk] == {
        "total": 5,
        "counted": 3,
        "done": 2,
        "percent_done": 66.7,
        "states": {"planning": 1, "final": 2, "cancelled": 1, "exempt": 1},
    }
    assert per_unit(progress["org_units"])[org.team.pk] == {
        "total": 3,
        "counted": 2,
        "done": 1,
        "percent_done": 50.0,
        "states": {"planning": 1, "final": 1, "cancelled": 1},
    }


def test_a_unit_where_every_review_is_cancelled_or_exempt_is_at_zero_percent_of_nothing(org, cycle):
    set_states(cycle, {org.other_manager: "cancelled", org.other_employee: "exempt"})
    api = APIClient()
    api.force_authenticate(org.hr)
    rows = per_unit(api.get(f"/api/v1/cycles/{cycle.pk}/progress/").json()["org_units"])
    assert {key: rows[org.other_team.pk][key] for key in ("total", "counted", "done", "percent_done")} == {
        "total": 2,
        "counted": 0,
        "done": 0,
        "percent_done": 0.0,
    }


def test_a_manager_sees_completion_over_their_own_reviews_rolled_up(org, cycle):
    set_states(cycle, {org.employee: "final"})
    api = APIClient()
    api.force_authenticate(org.manager.user)
    progress = api.get(f"/api/v1/cycles/{cycle.pk}/progress/").json()
    rows = per_unit(progress["org_units"])
    # Max sees his two reports and his own review, all in the team; the organisation holds the same.
    assert progress["unit"]["org_unit"] == org.root.pk
    assert rows[org.team.pk]["total"] == progress["unit"]["total"] == progress["total"] == 3
    assert progress["unit"]["done"] == progress["done"] == 1
    assert org.other_team.pk not in rows
