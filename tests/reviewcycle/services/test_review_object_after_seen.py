"""Signing "voor gezien" keeps the right to object until the response term ends; "voor akkoord" ends it.
While a "seen" signer may still object, the second reviewer cannot finalise: an objection is never
pre-empted."""

import datetime

import pytest
from rest_framework.test import APIClient

from reviewcycle.models import Review
from reviewcycle.services import (
    TransitionBlocked,
    review_decide_objection,
    review_finalise,
    review_object,
    review_sign,
)
from reviewcycle.workflow import due_date_for
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

AFTER_THE_TERM = datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC)  # the term ends on 24 November


def signed(review, org, traveller, signature: str) -> Review:
    review = advance(review, org, "employee_response", traveller)
    assert review.response_due == datetime.date(2026, 11, 24)
    return review_sign(review=review, actor=org.employee.user, signature=signature)


def test_after_signing_as_seen_the_employee_may_still_object_within_the_term(review, org, traveller):
    review = signed(review, org, traveller, "seen")
    assert review.state == Review.State.SECOND_REVIEW
    review = review_object(review=review, actor=org.employee.user, grounds="Ik ben het er niet mee eens.")
    assert review.state == Review.State.OBJECTION
    assert review.signature == Review.Signature.SEEN
    assert review.objection_grounds == "Ik ben het er niet mee eens."


def test_after_signing_as_seen_the_objection_ends_with_the_term(review, org, traveller):
    review = signed(review, org, traveller, "seen")
    traveller.move_to(AFTER_THE_TERM)
    with pytest.raises(TransitionBlocked, match="ended on 24 November 2026"):
        review_object(review=review, actor=org.employee.user, grounds="Te laat.")


def test_after_signing_as_agreed_the_employee_cannot_object(review, org, traveller):
    review = signed(review, org, traveller, "agreed")
    with pytest.raises(TransitionBlocked) as refused:
        review_object(review=review, actor=org.employee.user, grounds="Toch niet.")
    assert refused.value.messages == [
        "You signed the appraisal as agreed (voor akkoord): you agree with it, so you can no longer object."
    ]


def test_an_objection_decided_after_signing_as_seen_cannot_be_lodged_again(review, org, traveller):
    review = signed(review, org, traveller, "seen")
    review = review_object(review=review, actor=org.employee.user, grounds="Oneens.")
    review = review_decide_objection(
        review=review,
        actor=org.hr,
        decision="rejected",
        reason="Goed onderbouwd; de beoordeling blijft staan.",
    )
    assert review.state == Review.State.SECOND_REVIEW
    with pytest.raises(TransitionBlocked, match="already objected"):
        review_object(review=review, actor=org.employee.user, grounds="Nog eens.")
    # Nothing is left to wait for: the second reviewer finalises within the term.
    assert review_finalise(review=review, actor=org.director.user).state == Review.State.FINAL


def test_the_second_reviewer_cannot_finalise_while_a_seen_signer_may_still_object(review, org, traveller):
    review = signed(review, org, traveller, "seen")
    with pytest.raises(TransitionBlocked) as refused:
        review_finalise(review=review, actor=org.director.user)
    assert refused.value.messages == [
        "The employee can still object until 24 November 2026; you can finalise after that."
    ]
    traveller.move_to(AFTER_THE_TERM)
    assert review_finalise(review=review, actor=org.director.user).state == Review.State.FINAL


def test_after_signing_as_agreed_the_second_reviewer_finalises_at_once(review, org, traveller):
    review = signed(review, org, traveller, "agreed")
    assert review_finalise(review=review, actor=org.director.user).state == Review.State.FINAL


def test_while_the_term_runs_the_second_reviewer_is_due_their_days_after_it(review, org, traveller):
    """Signed as seen: the second reviewer's days count from the end of the term (when they can finalise);
    signed as agreed: from the signature."""
    days = review.cycle.second_review_days
    seen = signed(review, org, traveller, "seen")
    assert seen.due_date == datetime.date(2026, 11, 24) + datetime.timedelta(days=days)
    seen.signature = Review.Signature.AGREED
    assert due_date_for(seen) == datetime.date(2026, 11, 10) + datetime.timedelta(days=days)


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_the_step_endpoints_answer_409_with_the_sentence(review, org, traveller):
    review = signed(review, org, traveller, "seen")
    url = f"/api/v1/reviews/{review.pk}"
    refused = api(org.director.user).post(f"{url}/finalise/", {}, format="json")
    assert refused.status_code == 409, refused.content
    assert "The employee can still object until 24 November 2026" in refused.content.decode()
    objected = api(org.employee.user).post(f"{url}/object/", {"grounds": "Oneens."}, format="json")
    assert objected.status_code == 200, objected.content
    assert objected.json()["state"] == "objection"


def test_the_step_endpoint_refuses_an_objection_after_signing_as_agreed(review, org, traveller):
    review = signed(review, org, traveller, "agreed")
    refused = api(org.employee.user).post(
        f"/api/v1/reviews/{review.pk}/object/", {"grounds": "Oneens."}, format="json"
    )
    assert refused.status_code == 409, refused.content
    assert "signed the appraisal as agreed" in refused.content.decode()


def test_the_page_offers_the_objection_to_the_employee_after_signing_as_seen(review, org, traveller, client):
    review = signed(review, org, traveller, "seen")
    client.force_login(org.employee.user)
    html = client.get(f"/reviews/{review.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'action="/reviews/{review.pk}/steps/object/"' in html
    assert "You can object until 24 November 2026" in html
    client.force_login(org.director.user)
    html = client.get(f"/reviews/{review.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The employee can still object until 24 November 2026; you can finalise after that." in html
