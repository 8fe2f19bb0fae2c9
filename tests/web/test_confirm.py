"""Review-and-confirm (WCAG 3.3.4): signing, objecting, finalising and the irreversible one-click steps
first say what they mean; only "Confirm" takes them, "Back" keeps what was filled in. The API is unchanged."""

import datetime

import pytest
from django.test import Client

from notifications.models import ScheduledTalk
from notifications.services import talk_schedule
from reviewcycle import steps
from reviewcycle.models import Review
from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def test_the_legal_commitments_and_irreversible_steps_are_declared_to_need_confirmation():
    assert {step.name for step in steps.STEPS if step.confirm} == {
        "sign_plan",
        "acknowledge_talk",
        "start_appraisal",
        "complete_talks",
        "sign",
        "object",
        "finalise",
        "decide_objection",
        "cancel",
        "exempt",
    }
    for step in steps.STEPS:
        if step.confirm:  # each says what it means, with its own text
            assert step.form.meaning is not steps.get("reopen").form.meaning, step.name


def test_signing_as_seen_shows_what_it_means_in_dutch_and_back_keeps_the_response(org, review, traveller):
    review = advance(review, org, "employee_response", traveller)
    client = speaking(Client(), "nl")
    client.force_login(org.employee.user)
    url = f"/reviews/{review.pk}/steps/sign/"
    data = {"sign-signature": "seen", "sign-response": "Ik lees het anders."}

    page = client.post(url, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "Je ondertekent voor gezien: je hebt de beoordeling ontvangen en gelezen; "
        "dat betekent niet dat je het ermee eens bent." in text
    )
    assert "24 november 2026" in text  # the end of the response term, in words
    assert "Bevestigen" in text
    assert "Terug" in text
    assert Review.objects.get(pk=review.pk).state == "employee_response"

    back = client.post(url, {**data, "back": "1"})
    assert back.status_code == 200
    assert "Ik lees het anders." in back.content.decode()  # the form again, as filled in
    assert Review.objects.get(pk=review.pk).state == "employee_response"

    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302
    signed = Review.objects.get(pk=review.pk)
    assert (signed.state, signed.signature, signed.employee_response) == (
        "second_review",
        "seen",
        "Ik lees het anders.",
    )


def test_finalising_and_starting_the_appraisal_ask_for_confirmation_first(org, review, traveller):
    review = advance(review, org, "second_review", traveller)
    # Signed "voor gezien": finalising waits until the employee's term to object has ended.
    traveller.move_to(datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC))
    client = speaking(Client(), "nl")
    client.force_login(org.director.user)
    url = f"/reviews/{review.pk}/steps/finalise/"
    page = client.post(url, {})
    assert "Je stelt de beoordeling van Eva Employee vast" in page.content.decode()
    assert Review.objects.get(pk=review.pk).state == "second_review"
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert Review.objects.get(pk=review.pk).state == "final"


def test_the_api_signs_without_a_confirmation_page(org, review, traveller):
    from rest_framework.test import APIClient

    review = advance(review, org, "plan_signoff", traveller)
    client = APIClient()
    client.force_authenticate(org.employee.user)
    answer = client.post(f"/api/v1/reviews/{review.pk}/sign-plan/", {"signature": "agreed"}, format="json")
    assert answer.status_code == 200
    assert Review.objects.get(pk=review.pk).state == "in_progress"


def test_cancelling_a_talk_asks_for_confirmation(org, review):
    talk = talk_schedule(
        review=review,
        actor=org.manager.user,
        kind="progress",
        starts_at=datetime.datetime(2026, 2, 2, 10, tzinfo=datetime.UTC),
    )
    client = speaking(Client(), "nl")
    client.force_login(org.manager.user)
    url = f"/notifications/talks/{talk.pk}/cancel/"
    page = client.post(url).content.decode()
    assert "Je annuleert het voortgangsgesprek op 2 februari 2026" in page
    back = client.post(url, {"back": "1"})
    assert back["Location"] == f"/reviews/{review.pk}/"
    assert ScheduledTalk.objects.get().cancelled_at is None
    client.post(url, {"confirmed": "1"})
    assert ScheduledTalk.objects.get().cancelled_at is not None


@pytest.mark.parametrize(
    ("step", "meaning"),
    [
        ("cancel", "De gesprekscyclus van Eva Employee vervalt: hij stopt zonder eindoordeel"),
        (
            "exempt",
            "Eva Employee wordt vrijgesteld van deze cyclus: de gesprekscyclus stopt zonder eindoordeel",
        ),
    ],
)
def test_cancelling_or_exempting_a_review_asks_hr_for_confirmation(org, review, step, meaning):
    # The walk of helper 5: one click on a blue button beside the objection decision ended a review for
    # good, with nothing between the reason and the end.
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    url = f"/reviews/{review.pk}/steps/{step}/"
    data = {f"{step}-reason": "Uit dienst per 1 februari."}
    page = client.post(url, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert meaning in text
    assert "Dit kun je niet ongedaan maken." in text
    assert Review.objects.get(pk=review.pk).state == "planning"
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    assert Review.objects.get(pk=review.pk).state == {"cancel": "cancelled", "exempt": "exempt"}[step]
