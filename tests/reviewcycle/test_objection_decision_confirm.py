"""Deciding an objection is confirmed like signing and finalising, and its reasons have a stated minimum
length, in the form, the service and the API (walk finding 3: "kort" was accepted in one click)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from reviewcycle.models import Review
from reviewcycle.services import review_decide_objection, review_object
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

REASONS = "De inzet voor het zaaksysteem is meegewogen."


@pytest.fixture
def objected(review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    return review_object(review=review, actor=org.employee.user, grounds="Oneens met Samenwerken.")


def test_the_service_refuses_reasons_under_the_minimum(objected, org):
    with pytest.raises(ValidationError) as refused:
        review_decide_objection(review=objected, actor=org.hr, decision="rejected", reason="  kort   ")
    assert refused.value.message_dict == {"reason": ["Write at least 20 characters."]}
    assert Review.objects.get(pk=objected.pk).state == "objection"


def test_the_api_answers_400_naming_the_field(objected, org):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    api.force_authenticate(org.hr)
    response = api.post(
        f"/api/v1/reviews/{objected.pk}/decide-objection/", {"decision": "rejected", "reason": "kort"}
    )
    assert response.status_code == 400, response.content
    assert response.json() == {"reason": ["Schrijf minstens 20 tekens."]}


def test_the_page_states_the_minimum_refuses_short_reasons_and_asks_to_confirm(objected, org):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(org.hr)
    page = client.get(f"/reviews/{objected.pk}/").content.decode()
    assert "Schrijf minstens 20 tekens" in page

    url = f"/reviews/{objected.pk}/steps/decide-objection/"
    short = client.post(url, {"decide_objection-decision": "rejected", "decide_objection-reason": "kort"})
    assert short.status_code == 400
    assert "Schrijf minstens 20 tekens." in short.content.decode()

    data = {"decide_objection-decision": "rejected", "decide_objection-reason": REASONS}
    asked = client.post(url, data)
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Je neemt de bedenkingen niet over" in text
    assert "Bevestigen" in text
    assert Review.objects.get(pk=objected.pk).state == "objection"

    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302
    decided = Review.objects.get(pk=objected.pk)
    assert (decided.state, decided.objection_decision_reason) == ("second_review", REASONS)
