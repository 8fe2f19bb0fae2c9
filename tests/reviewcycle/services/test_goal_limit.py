"""A review has at most ``MAX_GOALS`` active goals (resultaatafspraken): the review export gives every
review that many goal columns, so its header is known before a review is read (issue 17)."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from reviewcycle.goals import MAX_GOALS
from reviewcycle.services import goal_create, goal_update
from tests.language import speaking

pytestmark = pytest.mark.django_db


def test_one_goal_beyond_the_most_is_refused_and_a_withdrawn_one_makes_room(review, org):
    goals = [goal_create(review=review, actor=org.manager.user, title=f"Doel {n}") for n in range(MAX_GOALS)]
    with pytest.raises(ValidationError) as refused:
        goal_create(review=review, actor=org.manager.user, title="Nog een doel")
    assert "title" in refused.value.message_dict
    assert review.goals.count() == MAX_GOALS
    # The same goal posted twice (a double submit) is still the goal already there, not a refusal.
    assert goal_create(review=review, actor=org.manager.user, title="Doel 0") == goals[0]
    goal_update(goal=goals[0], actor=org.manager.user, withdrawn=True)
    assert goal_create(review=review, actor=org.manager.user, title="Nog een doel").title == "Nog een doel"


def test_the_api_answers_400_in_dutch_under_title(review, org):
    for n in range(MAX_GOALS):
        goal_create(review=review, actor=org.manager.user, title=f"Doel {n}")
    api = speaking(APIClient(), "nl")
    api.force_authenticate(org.manager.user)
    answer = api.post(f"/api/v1/reviews/{review.pk}/goals/", {"title": "Nog een doel"}, format="json")
    assert answer.status_code == 400
    assert answer.json()["title"] == [
        f"Een gesprekscyclus heeft ten hoogste {MAX_GOALS} resultaatafspraken: trek er eerst een in of"
        " voeg er twee samen."
    ]
