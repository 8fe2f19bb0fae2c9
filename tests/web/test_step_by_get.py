"""A GET on a step's URL says what is true for this person: not theirs, already taken, or use the button
(walk finding 21: "Gebruik de knop op de pagina…" where there was no button)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from tests.reviewcycle.helpers import advance, english_client

pytestmark = pytest.mark.django_db


def told(client, review, step) -> str:
    answer = client.get(f"/reviews/{review.pk}/steps/{step}/")
    assert answer.status_code == 302
    assert answer["Location"] == f"/reviews/{review.pk}/"
    return str(list(get_messages(answer.wsgi_request))[-1])


def test_another_persons_step_is_not_yours(org, review, traveller):
    review = advance(review, org, "second_review", traveller)
    client = english_client()
    client.force_login(org.employee.user)
    assert told(client, review, "finalise") == "This step is not yours to take now."


def test_a_step_once_taken_says_so(org, review, traveller):
    review = advance(review, org, "in_progress", traveller)
    client = english_client()
    client.force_login(org.employee.user)
    assert told(client, review, "sign-plan") == "This step has already been taken."


def test_ones_own_step_due_now_points_to_the_button(org, review, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    client = english_client()
    client.force_login(org.employee.user)
    assert told(client, review, "sign-plan") == "Use the button on the page to take this step."


def test_in_dutch(org, review, traveller):
    review = advance(review, org, "second_review", traveller)
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(org.hr)  # HR, no employee record: the site's language
    assert told(client, review, "sign") == "Deze stap is nu niet aan jou."
