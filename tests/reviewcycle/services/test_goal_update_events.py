"""``goal_update`` records in its event the fields it changed, each with its old and its new value."""

import datetime

import pytest

from reviewcycle.models import ReviewEvent
from reviewcycle.services import goal_create, goal_update

pytestmark = pytest.mark.django_db


def test_a_goal_change_records_old_and_new_of_what_changed(review, org):
    goal = goal_create(review=review, actor=org.manager.user, title="Wachttijd", measure="Monitor", weight=50)
    goal_update(
        goal=goal,
        actor=org.manager.user,
        title="Wachttijd balie",
        measure="Monitor",  # as it was: not a change
        weight=60,
        deadline=datetime.date(2026, 6, 30),
    )
    event = review.events.last()
    assert (event.kind, event.actor) == (ReviewEvent.Kind.GOAL_CHANGED, org.manager.user)
    assert event.payload == {"goal": goal.pk}
    assert event.old_value == {"title": "Wachttijd", "weight": 50, "deadline": None}
    assert event.new_value == {"title": "Wachttijd balie", "weight": 60, "deadline": "2026-06-30"}


def test_a_goal_saved_unchanged_records_nothing(review, org):
    goal = goal_create(review=review, actor=org.manager.user, title="Wachttijd", weight=50)
    before = review.events.count()
    goal_update(goal=goal, actor=org.manager.user, title="Wachttijd", weight=50)
    assert review.events.count() == before
