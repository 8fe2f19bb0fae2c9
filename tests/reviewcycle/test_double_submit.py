"""Development actions are idempotent against double submits, like goals; and only an identical
submit counts as a double one (issue 14, faults found in the trust work). The concurrent version,
20 requests at once on PostgreSQL, is in tests/integration/test_double_submit.py."""

import pytest
from rest_framework.test import APIClient

from reviewcycle.models import DevelopmentAction, Goal, ReviewEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(org):
    client = APIClient()
    client.force_authenticate(org.manager.user)
    return client


def test_posting_the_same_development_action_twice_gives_one_action(review, manager):
    url = f"/api/v1/reviews/{review.pk}/development-actions/"
    body = {"description": "Training klantgericht schrijven", "due_date": "2026-06-30"}
    first = manager.post(url, body, format="json")
    second = manager.post(url, body, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert DevelopmentAction.objects.filter(review=review).count() == 1
    assert ReviewEvent.objects.filter(review=review, transition="save_development_action").count() == 1
    # The same action with other content is a clear refusal, next to the description.
    other = manager.post(url, {"description": "training Klantgericht schrijven"}, format="json")
    assert other.status_code == 400
    assert list(other.json()) == ["description"]
    assert DevelopmentAction.objects.filter(review=review).count() == 1
    # A dropped action does not count: it may be planned again.
    manager.patch(f"{url}{first.json()['id']}/", {"status": "dropped"}, format="json")
    assert manager.post(url, body, format="json").json()["id"] != first.json()["id"]


def test_only_an_identical_goal_is_a_double_submit(review, manager):
    url = f"/api/v1/reviews/{review.pk}/goals/"
    first = manager.post(url, {"title": "Parallel doel", "description": "d"}, format="json")
    assert first.status_code == 201
    assert (
        manager.post(url, {"title": "Parallel doel", "description": "d"}, format="json").json()["id"]
        == (first.json()["id"])
    )
    for body in (
        {"title": "parallel doel"},  # other case, no description
        {"title": "parallel doel", "description": "d"},  # other case only
        {"title": "Parallel doel"},  # the description left out
    ):
        answer = manager.post(url, body, format="json")
        assert answer.status_code == 400, body
        assert list(answer.json()) == ["title"]
        assert "al een resultaatafspraak met deze titel" in answer.json()["title"][0]
    assert Goal.objects.filter(review=review).count() == 1
