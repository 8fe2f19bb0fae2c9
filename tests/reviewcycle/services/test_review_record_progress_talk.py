"""A progress talk may adjust the goals, but never into weights that break the weight rule
(all empty, or all given and adding up to exactly 100): 60 + 50 is refused, naming the rule."""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reviewcycle.models import GoalChange
from reviewcycle.services import TransitionBlocked, review_record_progress_talk
from tests.language import speaking
from tests.reviewcycle.helpers import PROGRESS_TALK, advance

pytestmark = pytest.mark.django_db

RULE = "The goal weights add up to 110; they must add up to 100."


@pytest.fixture
def in_progress(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)  # goals weighing 60 and 40
    traveller.move_to(datetime.datetime(2026, 6, 12, 9, 0, tzinfo=datetime.UTC))
    return review


def _goals(review):
    return list(review.goals.order_by("id"))


def test_weights_adding_up_to_110_are_refused_and_nothing_is_stored(in_progress, org):
    _wait, digital = _goals(in_progress)
    with pytest.raises(TransitionBlocked, match=RULE) as refused:
        review_record_progress_talk(
            review=in_progress,
            actor=org.manager.user,
            talk_date=PROGRESS_TALK,
            notes="Digitaal weegt zwaarder.",
            goal_changes=[{"id": digital.pk, "weight": 50}],
        )
    assert refused.value.fields == ["goals"]
    digital.refresh_from_db()
    assert digital.weight == 40
    assert not in_progress.progress_talks.exists()
    assert not GoalChange.objects.exists()


def test_withdrawing_a_weighted_goal_must_leave_weights_that_add_up(in_progress, org):
    wait, digital = _goals(in_progress)
    with pytest.raises(TransitionBlocked, match="add up to 60; they must add up to 100"):
        review_record_progress_talk(
            review=in_progress,
            actor=org.manager.user,
            talk_date=PROGRESS_TALK,
            notes="Digitaal vervalt.",
            goal_changes=[{"id": digital.pk, "withdraw": True}],
        )
    review = review_record_progress_talk(
        review=in_progress,
        actor=org.manager.user,
        talk_date=PROGRESS_TALK,
        notes="Digitaal vervalt; wachttijd telt volledig.",
        goal_changes=[{"id": digital.pk, "withdraw": True}, {"id": wait.pk, "weight": 100}],
    )
    assert review.progress_talk_count == 1
    assert {change.goal_id: change.changes for change in GoalChange.objects.all()} == {
        wait.pk: {"weight": [60, 100]},
        digital.pk: {"status": ["active", "withdrawn"]},
    }


def test_weights_that_still_add_up_to_100_are_kept_with_their_history(in_progress, org):
    wait, digital = _goals(in_progress)
    review_record_progress_talk(
        review=in_progress,
        actor=org.manager.user,
        talk_date=PROGRESS_TALK,
        notes="Gelijk verdeeld.",
        goal_changes=[{"id": wait.pk, "weight": 50}, {"id": digital.pk, "weight": 50}],
    )
    assert [goal.weight for goal in _goals(in_progress)] == [50, 50]
    assert GoalChange.objects.count() == 2


def test_the_api_answers_409_naming_the_rule(in_progress, org):
    _wait, digital = _goals(in_progress)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(org.manager.user)
    response = client.post(
        f"/api/v1/reviews/{in_progress.pk}/record-progress-talk/",
        {
            "talk_date": "2026-06-10",
            "notes": "Meer gewicht",
            "goal_changes": [{"id": digital.pk, "weight": 50}],
        },
        format="json",
    )
    assert response.status_code == 409, response.content.decode()
    assert response.json()["conditions"] == [RULE]
    assert not in_progress.progress_talks.exists()


def test_the_page_shows_the_rule_next_to_the_goal_weight(in_progress, org):
    wait, digital = _goals(in_progress)
    prefix = "record_progress_talk"
    client = speaking(Client(), "en")
    client.force_login(org.manager.user)
    data = {
        f"{prefix}-talk_date": "2026-06-10",
        f"{prefix}-notes": "Meer gewicht voor digitaal.",
        **{
            f"{prefix}-goal-{goal.pk}-{name}": value
            for goal in (wait, digital)
            for name, value in (("title", goal.title), ("measure", goal.measure), ("weight", goal.weight))
        },
        f"{prefix}-goal-{digital.pk}-weight": "50",
    }
    response = client.post(f"/reviews/{in_progress.pk}/steps/record-progress-talk/", data)
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split(f'id="id_{prefix}-goal-{digital.pk}-weight_error"', 1)
    assert len(error) == 2, "the rule is shown next to the weight that was changed"
    assert RULE in error[1].split("</ul>", 1)[0]
    assert not in_progress.progress_talks.exists()
