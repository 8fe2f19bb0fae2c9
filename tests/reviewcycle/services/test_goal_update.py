"""Changing a goal: drafts in planning; after the second reviewer returns the appraisal the manager
corrects titles, measures and weights (each change kept in the goal's history and audited), and the
weights keep the rule (all empty, or all given and adding up to exactly 100)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from reviewcycle.models import Goal, GoalChange, Review
from reviewcycle.services import (
    TransitionBlocked,
    goal_create,
    goal_update,
    goal_weights_update,
    review_return_to_manager,
    review_submit_scores,
)
from tests.language import speaking
from tests.reviewcycle.helpers import advance, fully_mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(review, org, traveller):
    review = advance(review, org, "second_review", traveller)  # goals weighing 60 and 40
    return review_return_to_manager(
        review=review, actor=org.director.user, reason="De gewichten kloppen niet met de afspraak."
    )


def _goals(review):
    return list(review.goals.order_by("id"))


def test_in_planning_weights_are_drafts_checked_at_the_planning_talk(review, org):
    goal = goal_create(review=review, actor=org.manager.user, title="Doel A", weight=60)
    assert goal_update(goal=goal, actor=org.employee.user, weight=70).weight == 70  # incomplete is fine
    assert not GoalChange.objects.exists()


def test_after_planning_goals_change_only_in_a_progress_talk(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    with pytest.raises(TransitionNotAllowed, match="cannot be changed now"):
        goal_update(goal=_goals(review)[0], actor=org.manager.user, measure="Anders")


def test_after_a_return_the_manager_corrects_a_goal_with_history(returned, org):
    wait, _digital = _goals(returned)
    goal = goal_update(goal=wait, actor=org.manager.user, measure="Maandmonitor", title="Wachttijd < 10 min")
    assert (goal.measure, goal.title) == ("Maandmonitor", "Wachttijd < 10 min")
    change = GoalChange.objects.get()
    assert change.changes == {
        "measure": ["Monitor", "Maandmonitor"],
        "title": ["Wachttijd balie onder 10 minuten", "Wachttijd < 10 min"],
    }
    assert change.progress_talk is None
    assert change.changed_by == org.manager.user
    assert returned.events.filter(transition="edit_goal", actor=org.manager.user).exists()


def test_after_a_return_weights_are_corrected_together_and_keep_the_rule(returned, org):
    wait, digital = _goals(returned)
    with pytest.raises(TransitionBlocked, match="add up to 110; they must add up to 100"):
        goal_update(goal=digital, actor=org.manager.user, weight=50)
    with pytest.raises(TransitionBlocked, match="add up to 110; they must add up to 100"):
        goal_weights_update(review=returned, actor=org.manager.user, weights={wait.pk: 60, digital.pk: 50})
    goal_weights_update(review=returned, actor=org.manager.user, weights={wait.pk: 30, digital.pk: 70})
    assert [goal.weight for goal in _goals(returned)] == [30, 70]
    assert {change.goal_id: change.changes for change in GoalChange.objects.all()} == {
        wait.pk: {"weight": [60, 30]},
        digital.pk: {"weight": [40, 70]},
    }
    assert returned.events.filter(transition="edit_goal_weights").count() == 1
    review = review_submit_scores(review=returned, actor=org.manager.user)
    assert review.state == "appraisal_talk"


def test_only_the_manager_corrects_after_a_return(returned, org):
    wait, digital = _goals(returned)
    for person in (org.employee.user, org.director.user, org.hr):
        with pytest.raises(PermissionDenied):
            goal_update(goal=wait, actor=person, measure="Anders")
        with pytest.raises(PermissionDenied):
            goal_weights_update(review=returned, actor=person, weights={wait.pk: 50, digital.pk: 50})


def test_weights_that_break_the_rule_block_the_scores_and_may_be_corrected(review, org, traveller):
    review = advance(review, org, "scoring", traveller)
    _wait, digital = _goals(review)
    Goal.objects.filter(pk=digital.pk).update(weight=50)  # as old data holds them: 60 + 50
    fully_mark(review, org.manager.user)
    with pytest.raises(TransitionBlocked, match="add up to 110; they must add up to 100"):
        review_submit_scores(review=review, actor=org.manager.user)
    assert Review.objects.get(pk=review.pk).state == "scoring"
    goal_update(goal=digital, actor=org.manager.user, weight=40)
    assert review_submit_scores(review=review, actor=org.manager.user).state == "appraisal_talk"


def test_the_manager_corrects_weights_via_the_api(returned, org):
    wait, digital = _goals(returned)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(org.manager.user)
    url = f"/api/v1/reviews/{returned.pk}"
    refused = client.patch(f"{url}/goals/{digital.pk}/", {"weight": 50}, format="json")
    assert refused.status_code == 409, refused.content.decode()
    assert "add up to 110" in refused.json()["detail"]
    weights = {"weights": [{"id": wait.pk, "weight": 45}, {"id": digital.pk, "weight": 55}]}
    response = client.put(f"{url}/goal-weights/", weights, format="json")
    assert response.status_code == 200, response.content.decode()
    assert [goal.weight for goal in _goals(returned)] == [45, 55]
    patched = client.patch(f"{url}/goals/{wait.pk}/", {"measure": "Weekmonitor"}, format="json")
    assert patched.status_code == 200, patched.content.decode()
    history = patched.json()["history"]
    assert [entry["changes"] for entry in history] == [
        {"weight": [60, 45]},
        {"measure": ["Monitor", "Weekmonitor"]},
    ]


def test_the_manager_corrects_weights_on_the_plan_page(returned, org):
    wait, digital = _goals(returned)
    client = speaking(Client(), "en")
    client.force_login(org.manager.user)
    url = f"/reviews/{returned.pk}/plan/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="weights"' in page.content.decode()
    refused = client.post(
        url, {"action": "weights", f"weights-{wait.pk}": "60", f"weights-{digital.pk}": "50"}
    )
    assert refused.status_code == 400
    assert "The goal weights add up to 110; they must add up to 100." in refused.content.decode()
    done = client.post(url, {"action": "weights", f"weights-{wait.pk}": "50", f"weights-{digital.pk}": "50"})
    assert done.status_code == 302
    assert [goal.weight for goal in _goals(returned)] == [50, 50]
    client.force_login(org.employee.user)
    page = client.get(url).content.decode()  # the development plan is still theirs, the goals are not
    assert 'value="new-action"' in page
    assert 'value="weights"' not in page
    assert f'value="goal-{wait.pk}"' not in page
