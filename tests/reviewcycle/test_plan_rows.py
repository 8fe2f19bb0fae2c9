"""The plan page adds several goals and development actions with one save and shows the weights' total."""

import pytest
from django.test import Client

from tests.language import speaking

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return speaking(Client(), "en")  # pages follow the switch (or the person), not the browser


def test_two_goals_in_one_save_and_the_total_of_the_weights(review, org, client):
    url = f"/reviews/{review.pk}/plan/"
    client.force_login(org.manager.user)
    page = client.get(url).content.decode()
    assert 'name="new-goal-2-title"' in page
    assert 'name="new-goal-3-title"' in page
    assert 'aria-live="polite"' in page
    assert "js/plan-weights.js" in page
    added = client.post(
        url,
        {
            "action": "new-goal",
            "new-goal-title": "Afhandeltijd halveren",
            "new-goal-weight": "60",
            "new-goal-2-title": "Klanttevredenheid 8",
            "new-goal-2-weight": "40",
        },
    )
    assert added.status_code == 302
    assert list(review.goals.values_list("title", "weight")) == [
        ("Afhandeltijd halveren", 60),
        ("Klanttevredenheid 8", 40),
    ]
    page = client.get(url).content.decode()
    assert "<span data-weight-sum>100</span>" in page


def test_a_bad_row_saves_nothing_and_is_shown_at_its_row(review, org, client):
    url = f"/reviews/{review.pk}/plan/"
    client.force_login(org.manager.user)
    bad = client.post(
        url,
        {
            "action": "new-goal",
            "new-goal-title": "Afhandeltijd halveren",
            "new-goal-2-title": "Klanttevredenheid 8",
            "new-goal-2-deadline": "2027-06-01",  # outside the cycle
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert 'id="id_new-goal-2-deadline_error"' in body
    assert not review.goals.exists()


def test_two_development_actions_in_one_save(review, org, client):
    url = f"/reviews/{review.pk}/plan/"
    client.force_login(org.employee.user)
    first = review.assessments.first()
    added = client.post(
        url,
        {
            "action": "new-action",
            "new-action-description": "Cursus klantgericht schrijven",
            "new-action-competency": str(first.competency_id),
            "new-action-2-description": "Meelopen met een collega",
            "new-action-3-description": "",
        },
    )
    assert added.status_code == 302
    assert sorted(review.development_actions.values_list("description", flat=True)) == [
        "Cursus klantgericht schrijven",
        "Meelopen met een collega",
    ]


@pytest.mark.parametrize("second_title", ["Afhandeltijd halveren", "  afhandeltijd HALVEREN "])
def test_the_same_goal_twice_in_one_save_is_shown_at_the_second_row(review, org, client, second_title):
    """Two rows of one title (a row pasted twice): one goal would silently stand for both, and the
    weights the person typed would no longer add up. Nothing is saved; the second row says why."""
    url = f"/reviews/{review.pk}/plan/"
    client.force_login(org.manager.user)
    twice = client.post(
        url,
        {
            "action": "new-goal",
            "new-goal-title": "Afhandeltijd halveren",
            "new-goal-weight": "50",
            "new-goal-2-title": second_title,
            "new-goal-2-weight": "50",
        },
    )
    assert twice.status_code == 400
    second_row = twice.context["new_goals"].forms[1]
    assert second_row.errors["title"] == ["This goal is in the list twice. Give each goal its own title."]
    assert not twice.context["new_goals"].forms[0].errors
    assert not review.goals.exists()


def test_the_same_development_action_twice_in_one_save_is_shown_at_the_second_row(review, org, client):
    url = f"/reviews/{review.pk}/plan/"
    client.force_login(org.employee.user)
    twice = client.post(
        url,
        {
            "action": "new-action",
            "new-action-description": "Cursus klantgericht schrijven",
            "new-action-2-description": "Cursus klantgericht schrijven",
        },
    )
    assert twice.status_code == 400
    assert twice.context["new_actions"].forms[1].errors["description"] == [
        "This action is in the list twice. Describe each action once."
    ]
    assert not review.development_actions.exists()
