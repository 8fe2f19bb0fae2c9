"""On a regeling without a second reviewer, signing "voor gezien" keeps the right to object until the
response term ends, as it does with one: the review waits at the employee's response (signed) until the
employee objects or the term ends, and the timed task then makes it final with the signature kept."""

import datetime

import pytest

from reviewcycle.models import Review
from reviewcycle.next_steps import next_step_for
from reviewcycle.rules import Role
from reviewcycle.services import TransitionBlocked, review_decide_objection, review_object, review_sign
from reviewcycle.services.timed import reviews_expire_responses_due
from reviewcycle.step_access import step_status
from reviewcycle.workflow import due_date_for, owner_role_of
from tests.reviewcycle.objections.regeling import own_regeling, review_at_response

pytestmark = pytest.mark.django_db

TERM_ENDS = datetime.date(2026, 9, 15)
AFTER_THE_TERM = datetime.datetime(2026, 9, 16, 9, tzinfo=datetime.UTC)


@pytest.fixture
def signed_seen(org, traveller) -> Review:
    review = review_at_response(org, traveller, own_regeling(has_second_review=False))
    assert review.response_due == TERM_ENDS
    return review_sign(review=review, actor=org.employee.user, signature="seen")


def test_signing_seen_without_second_reviewer_waits_for_the_term(signed_seen, org):
    review = signed_seen
    assert review.state == Review.State.EMPLOYEE_RESPONSE
    assert review.signature == Review.Signature.SEEN
    assert review.finalised_at is None
    employee = org.employee.user
    assert step_status(review, "object", employee).offered
    assert not step_status(review, "sign", employee).offered  # signed once is enough
    with pytest.raises(TransitionBlocked, match="already signed"):
        review_sign(review=review, actor=employee, signature="agreed")
    assert due_date_for(review) == TERM_ENDS
    assert owner_role_of(review) is None  # nobody's turn: the employee may object, need not
    assert next_step_for(review, Role.EMPLOYEE) == (
        "You signed as seen and may still object; then the appraisal is final, by 15 September 2026."
    )


def test_the_seen_signer_objects_within_the_term_and_hr_decides(signed_seen, org):
    review = review_object(review=signed_seen, actor=org.employee.user, grounds="Mijn onderwijs ontbreekt.")
    assert review.state == Review.State.OBJECTION
    review = review_decide_objection(
        review=review, actor=org.hr, decision="rejected", reason="Het onderwijs staat in het verslag."
    )
    assert review.state == Review.State.FINAL
    assert review.signature == Review.Signature.SEEN


def test_the_timed_task_finalises_after_the_term_keeping_the_signature(signed_seen, org, traveller):
    traveller.move_to(AFTER_THE_TERM)
    with pytest.raises(TransitionBlocked, match="ended on 15 September 2026"):
        review_object(review=signed_seen, actor=org.employee.user, grounds="Te laat.")
    assert reviews_expire_responses_due() == 1
    review = Review.objects.get(pk=signed_seen.pk)
    assert review.state == Review.State.FINAL
    assert review.finalised_at is not None
    assert review.signature == Review.Signature.SEEN
    assert review.signed_at is not None


def test_signing_agreed_without_second_reviewer_is_final_at_once(org, traveller):
    review = review_at_response(org, traveller, own_regeling(has_second_review=False))
    review = review_sign(review=review, actor=org.employee.user, signature="agreed")
    assert review.state == Review.State.FINAL


def test_unsigned_expiry_without_second_reviewer_stays_unsigned(org, traveller):
    review = review_at_response(org, traveller, own_regeling(has_second_review=False))
    traveller.move_to(AFTER_THE_TERM)
    assert reviews_expire_responses_due() == 1
    review = Review.objects.get(pk=review.pk)
    assert (review.state, review.signature) == (Review.State.FINAL, Review.Signature.NOT_SIGNED)


def test_the_api_shows_nobody_must_act_while_the_term_runs(signed_seen, org):
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(org.employee.user)
    body = client.get(f"/api/v1/reviews/{signed_seen.pk}/").json()
    assert (body["state"], body["waiting_for"], body["next_action"]) == ("employee_response", None, None)
    assert [step["name"] for step in body["available_transitions"]] == ["object"]
