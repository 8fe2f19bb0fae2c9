"""The dashboard of a *Goede gesprekken* cycle: its own phases (no appraisal, no sign-off), completion as
the talks are completed, and the burn-down falling on the day the cycle of talks is completed."""

import datetime

import pytest

from reports.dashboard import cycle_dashboard
from reviewcycle.models import Review
from reviewcycle.services import (
    goal_create,
    review_acknowledge_talk,
    review_complete_talks,
    review_record_planning_talk,
    review_record_progress_talk,
    review_sign_plan,
)
from tests.reviewcycle.helpers import PLANNING_TALK
from tests.reviewcycle.shapes.test_paths import review_on

pytestmark = pytest.mark.django_db


def test_goede_gesprekken_dashboard_has_its_own_phases_completion_and_burndown(org, traveller):
    review = review_on(org, "goede-gesprekken")
    cycle = review.cycle
    manager = org.manager.user
    goal_create(review=review, actor=manager, title="Leren plannen", weight=None)
    review = review_record_planning_talk(review=review, actor=manager, talk_date=PLANNING_TALK)
    review = review_sign_plan(review=review, actor=org.employee.user, signature="seen")
    for month in (5, 9):
        traveller.move_to(datetime.datetime(2026, month, 3, 9, tzinfo=datetime.UTC))
        review = review_record_progress_talk(
            review=review, actor=manager, talk_date=datetime.date(2026, month, 2), notes="Gesprek."
        )
    completed_on = datetime.date(2026, 9, 3)
    for _report in (1, 2):  # each report signed voor gezien before the cycle of talks is completed
        review = review_acknowledge_talk(review=review, actor=org.employee.user)
    review = review_complete_talks(review=review, actor=manager)
    traveller.move_to(datetime.datetime(2026, 9, 10, 9, tzinfo=datetime.UTC))

    data = cycle_dashboard(cycle=cycle, user=org.hr, today=datetime.date(2026, 9, 10))
    total = Review.objects.filter(cycle=cycle).count()
    assert [phase["phase"] for phase in data["phases"]] == ["planning", "progress", "done"]
    assert sum(phase["count"] for phase in data["phases"]) == total
    assert data["done"] == 1
    assert data["percent_done"] == round(100 / total, 1)
    by_day = {point["date"]: point["not_done"] for point in data["burndown"]}
    assert by_day[completed_on - datetime.timedelta(days=1)] == total
    assert by_day[completed_on] == total - 1
