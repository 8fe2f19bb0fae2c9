"""What a walk through the pages and the API found after the redesign: bad input is a 400 naming the
problem (never a 500), a goal is named once per request, and the plan page offers only edits that can
succeed."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reviewcycle.services import review_return_to_manager
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def _api(user, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.fixture
def returned(review, org, traveller):
    review = advance(review, org, "second_review", traveller)  # goals weighing 60 and 40
    return review_return_to_manager(
        review=review, actor=org.director.user, reason="De gewichten kloppen niet."
    )


def test_a_mark_for_an_indicator_id_that_is_no_number_is_a_400(review, org, traveller):
    review = advance(review, org, "scoring", traveller)
    assessment = review.assessments.first()
    body = {"assessments": [{"assessment": assessment.pk, "marks": {"abc": "fully"}, "rating": 3}]}
    response = _api(org.manager.user).put(f"/api/v1/reviews/{review.pk}/scores/", body, format="json")
    assert response.status_code == 400, response.content.decode()
    assert "abc" in response.content.decode()


def test_goal_weights_name_each_goal_once(returned, org):
    wait, digital = returned.goals.order_by("id")
    weights = [{"id": wait.pk, "weight": 50}, {"id": wait.pk, "weight": 50}, {"id": digital.pk, "weight": 50}]
    response = _api(org.manager.user).put(
        f"/api/v1/reviews/{returned.pk}/goal-weights/", {"weights": weights}, format="json"
    )
    assert response.status_code == 400, response.content.decode()
    assert "named more than once" in response.content.decode()
    assert [goal.weight for goal in returned.goals.order_by("id")] == [60, 40]


def test_a_progress_talk_changes_each_goal_once(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    wait, _digital = review.goals.order_by("id")
    body = {
        "talk_date": str(review.plan_signed_at.date()),
        "notes": "Voortgang besproken.",
        "goal_changes": [{"id": wait.pk, "weight": 60}, {"id": wait.pk, "weight": 40}],
    }
    response = _api(org.manager.user).post(
        f"/api/v1/reviews/{review.pk}/record-progress-talk/", body, format="json"
    )
    assert response.status_code == 400, response.content.decode()
    assert "named more than once" in response.content.decode()
    assert review.progress_talks.count() == 0


def test_a_self_rating_for_an_item_of_another_review_names_the_item_in_dutch(review, org, traveller):
    review = advance(review, org, "self_assessment", traveller)
    body = {"ratings": [{"assessment": 999_999, "rating": 3}]}
    response = _api(org.employee.user, "nl").put(
        f"/api/v1/reviews/{review.pk}/self-assessment/", body, format="json"
    )
    assert response.status_code == 400, response.content.decode()
    text = response.content.decode()
    assert "Onderdeel 999999 hoort niet bij deze gesprekscyclus." in text
    assert "{" not in response.json()["ratings"][0]
    neither = _api(org.employee.user, "nl").put(
        f"/api/v1/reviews/{review.pk}/self-assessment/", {"ratings": [{"rating": 3}]}, format="json"
    )
    assert neither.status_code == 400
    assert "Kies een competentie of een resultaatafspraak, niet allebei" in neither.content.decode()


def test_after_a_return_a_goal_card_offers_no_weight_or_withdrawal_only_the_weights_form(returned, org):
    client = speaking(Client(), "en")
    client.force_login(org.manager.user)
    wait, _digital = returned.goals.order_by("id")
    page = client.get(f"/reviews/{returned.pk}/plan/").content.decode()
    assert f'name="goal-{wait.pk}-measure"' in page
    assert f'name="goal-{wait.pk}-weight"' not in page
    assert f'name="goal-{wait.pk}-withdrawn"' not in page
    assert 'value="weights"' in page


def test_a_refusal_of_an_edit_now_reads_as_a_sentence(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    wait, _digital = review.goals.order_by("id")
    response = _api(org.manager.user, "nl").patch(
        f"/api/v1/reviews/{review.pk}/goals/{wait.pk}/", {"measure": "Anders"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Je kunt de resultaatafspraken nu niet wijzigen")
