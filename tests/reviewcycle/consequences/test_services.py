"""Consequences of the appraisal (issue 20): proposed by default from the overall rating, a deviation
only with a reason, confirmed with the finalisation, changed by an upheld objection, every change
audited with old and new values."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reviewcycle.models import ConsequenceProposal, Review, ReviewEvent
from reviewcycle.services import (
    review_decide_objection,
    review_finalise,
    review_object,
    review_submit_scores,
)
from tests.reviewcycle.helpers import advance, fully_mark

pytestmark = pytest.mark.django_db

Kind = ReviewEvent.Kind


def kinds(review: Review) -> list[str]:
    proposal = ConsequenceProposal.objects.get(review=review)
    return [item.kind for item in proposal.items.order_by("id")]


def scored(review, org, traveller, *, rating: int = 3, **consequences) -> Review:
    review = advance(review, org, "scoring", traveller)
    fully_mark(review, org.manager.user, rating=rating, justification="Toelichting bij het oordeel hier.")
    return review_submit_scores(review=review, actor=org.manager.user, **consequences)


def test_the_manager_proposes_the_default_for_the_rating(review, org, traveller):
    review = scored(review, org, traveller)  # goed
    assert review.overall_rating.label == "goed"
    assert kinds(review) == ["pay_step_granted"]
    event = review.events.get(transition=Kind.CONSEQUENCES_PROPOSED)
    assert event.old_value == {"consequences": [], "reason": ""}
    assert event.new_value["consequences"] == [{"kind": "pay_step_granted", "amount": None, "note": ""}]


def test_onvoldoende_withholds_the_pay_step(review, org, traveller):
    review = scored(review, org, traveller, rating=1)
    assert kinds(review) == ["pay_step_withheld", "development"]


def test_a_deviation_without_reason_is_refused_and_nothing_is_stored(review, org, traveller):
    with pytest.raises(ValidationError) as refused:
        scored(review, org, traveller, consequences=[{"kind": "pay_step_withheld"}])
    assert "consequences_reason" in refused.value.message_dict
    review = Review.objects.get(pk=review.pk)
    assert review.state == Review.State.SCORING
    assert not ConsequenceProposal.objects.filter(review=review).exists()


def test_a_deviation_with_a_reason_is_proposed(review, org, traveller):
    review = scored(
        review,
        org,
        traveller,
        consequences=[{"kind": "pay_step_granted"}, {"kind": "bonus", "amount": "250"}],
        consequences_reason="Uitzonderlijke inzet bij de verhuizing.",
    )
    proposal = ConsequenceProposal.objects.get(review=review)
    assert proposal.reason == "Uitzonderlijke inzet bij de verhuizing."
    assert [(i.kind, i.amount) for i in proposal.items.order_by("id")][1] == ("bonus", 250)


@pytest.mark.parametrize(
    ("consequences", "message"),
    [
        ([{"kind": "contract_end"}], "allows"),
        ([{"kind": "pay_step_granted"}, {"kind": "pay_step_withheld"}], "exclude each other"),
        ([{"kind": "pay_step_granted", "amount": "10"}], "Only a one-off bonus"),
    ],
)
def test_consequences_the_regeling_does_not_allow_are_refused(review, org, traveller, consequences, message):
    with pytest.raises(ValidationError) as refused:
        scored(review, org, traveller, consequences=consequences, consequences_reason="Een reden.")
    assert message in " ".join(refused.value.message_dict["consequences"])


def test_the_second_reviewer_confirms_them_with_the_finalisation(review, org, traveller):
    review = advance(scored(review, org, traveller), org, "second_review", traveller)
    review = review_finalise(review=review, actor=review.second_reviewer.user)
    proposal = ConsequenceProposal.objects.get(review=review)
    assert proposal.confirmed_by == review.second_reviewer.user
    assert proposal.effective_date == datetime.date(2026, 12, 1)  # finalised 10 November
    event = review.events.get(transition=Kind.CONSEQUENCES_CONFIRMED)
    assert (event.old_value, event.new_value) == (
        {"confirmed": False},
        {"confirmed": True, "effective_date": "2026-12-01"},
    )


def test_an_upheld_objection_changes_them_and_the_manager_starts_from_that(review, org, traveller):
    review = advance(scored(review, org, traveller), org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn inzet telt niet mee.")
    changed = [{"kind": "pay_step_granted"}, {"kind": "pay_step_extra"}]
    with pytest.raises(ValidationError):  # only an upheld objection changes them
        review_decide_objection(
            review=review,
            actor=org.hr,
            decision="rejected",
            reason="De inzet is al meegewogen in het oordeel.",
            consequences=changed,
        )
    review = review_decide_objection(
        review=review,
        actor=org.hr,
        decision="upheld",
        reason="De inzet bij de verhuizing rechtvaardigt een extra periodiek.",
        consequences=changed,
    )
    assert kinds(review) == ["pay_step_granted", "pay_step_extra"]
    event = review.events.get(transition=Kind.CONSEQUENCES_CHANGED)
    assert [item["kind"] for item in event.old_value["consequences"]] == ["pay_step_granted"]
    assert [item["kind"] for item in event.new_value["consequences"]] == [
        "pay_step_granted",
        "pay_step_extra",
    ]
    assert event.actor == org.hr
    # The manager scores again: the objection's consequences are the default now, no reason needed.
    review = review_submit_scores(review=review, actor=org.manager.user)
    assert kinds(review) == ["pay_step_granted", "pay_step_extra"]
    review = advance(review, org, "second_review", traveller)
    review = review_finalise(review=review, actor=review.second_reviewer.user)
    assert ConsequenceProposal.objects.get(review=review).confirmed_at is not None


def test_someone_without_the_step_gets_403_not_a_change(review, org, traveller):
    from django.core.exceptions import PermissionDenied

    review = advance(scored(review, org, traveller), org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn inzet telt niet mee.")
    with pytest.raises(PermissionDenied):
        review_decide_objection(
            review=review,
            actor=org.manager.user,
            decision="upheld",
            reason="De inzet bij de verhuizing rechtvaardigt een extra periodiek.",
            consequences=[{"kind": "pay_step_extra"}],
        )
    assert kinds(review) == ["pay_step_granted"]
