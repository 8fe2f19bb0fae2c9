"""Every transition condition refuses with its own message, and passes once met."""

import datetime
import re

import pytest
from django_fsm import TransitionNotAllowed

from reviewcycle.models import Review
from reviewcycle.services import (
    TransitionBlocked,
    goal_create,
    goal_update,
    review_expire_response,
    review_object,
    review_record_planning_talk,
    review_record_progress_talk,
    review_sign,
    review_skip_self_assessment,
    review_start_appraisal,
    review_submit_scores,
    review_submit_self_assessment,
)
from reviewcycle.services.content import assessment_score
from tests.reviewcycle.helpers import PLANNING_TALK, advance, fully_mark

pytestmark = pytest.mark.django_db


def test_planning_talk_needs_a_goal(review, org):
    with pytest.raises(TransitionBlocked, match="Record at least one result agreement"):
        review_record_planning_talk(review=review, actor=org.manager.user, talk_date=PLANNING_TALK)
    assert Review.objects.get(pk=review.pk).state == "planning"


def test_goal_weights_must_add_up_to_100_or_be_absent(review, org):
    manager = org.manager.user
    first = goal_create(review=review, actor=manager, title="Doel A", weight=60)
    goal_create(review=review, actor=manager, title="Doel B", weight=30)
    with pytest.raises(
        TransitionBlocked, match=re.escape("The goal weights add up to 90; they must add up to 100.")
    ):
        review_record_planning_talk(review=review, actor=manager, talk_date=PLANNING_TALK)
    goal_update(goal=first, actor=manager, weight=None)
    with pytest.raises(
        TransitionBlocked, match=re.escape("Give every goal a weight, or none: now 1 of 2 goals have one.")
    ):
        review_record_planning_talk(review=review, actor=manager, talk_date=PLANNING_TALK)
    goal_update(goal=first, actor=manager, weight=70)
    assert (
        review_record_planning_talk(review=review, actor=manager, talk_date=PLANNING_TALK).state
        == "plan_signoff"
    )


def test_goals_without_any_weights_are_fine(review, org):
    goal_create(review=review, actor=org.manager.user, title="Doel zonder gewicht")
    assert review_record_planning_talk(
        review=review, actor=org.manager.user, talk_date=PLANNING_TALK
    ).state == ("plan_signoff")


def test_appraisal_needs_the_progress_talks_and_the_minimum_period(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)  # plan signed on 15 January
    manager = org.manager.user
    with pytest.raises(TransitionBlocked) as blocked:
        review_start_appraisal(review=review, actor=manager)
    assert blocked.value.messages == [
        "At least 1 progress talk must be recorded before the appraisal; so far 0.",
        "The review period must last at least 183 days after the plan was signed: the appraisal can start on "
        "17 July 2026.",
    ]
    traveller.move_to(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC))
    review_record_progress_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 6, 1), notes="Prima."
    )
    traveller.move_to(datetime.datetime(2026, 7, 16, 9, tzinfo=datetime.UTC))
    with pytest.raises(TransitionBlocked, match="can start on 17 July 2026") as blocked:
        review_start_appraisal(review=review, actor=manager)
    assert len(blocked.value.messages) == 1
    traveller.move_to(datetime.datetime(2026, 7, 17, 9, tzinfo=datetime.UTC))
    assert review_start_appraisal(review=review, actor=manager).state == "self_assessment"


def test_the_system_may_start_the_appraisal_when_the_conditions_hold(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    traveller.move_to(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC))
    review_record_progress_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 6, 1), notes="x"
    )
    traveller.move_to(datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC))
    review = review_start_appraisal(review=review, actor=None)
    assert review.state == "self_assessment"
    assert review.events.last().actor is None


def test_self_assessment_needs_every_own_rating(review, org, traveller):
    review = advance(review, org, "self_assessment", traveller)
    with pytest.raises(TransitionBlocked) as blocked:
        review_submit_self_assessment(review=review, actor=org.employee.user)
    assert blocked.value.messages == [
        "Give your own rating for: Klantgerichtheid, Resultaatgericht, Samenwerken, "
        "Wachttijd balie onder 10 minuten, Digitale afspraken invoeren."
    ]


def test_self_assessment_can_be_skipped_only_after_its_due_date(review, org, traveller):
    review = advance(review, org, "self_assessment", traveller)
    with pytest.raises(TransitionBlocked, match=r"only be skipped after its due date \(1 October 2026\)"):
        review_skip_self_assessment(review=review, actor=org.manager.user, reason="Niet ingevuld")
    traveller.move_to(datetime.datetime(2026, 10, 2, 9, tzinfo=datetime.UTC))
    review = review_skip_self_assessment(
        review=review, actor=org.manager.user, reason="Niet ingevuld, herinnerd"
    )
    assert (review.state, review.self_assessment_skip_reason) == ("scoring", "Niet ingevuld, herinnerd")


def test_scores_need_marks_ratings_and_justifications(review, org, traveller):
    review = advance(review, org, "scoring", traveller)
    manager = org.manager.user
    with pytest.raises(TransitionBlocked) as blocked:
        review_submit_scores(review=review, actor=manager)
    assert "Mark every indicator of the expected level of Klantgerichtheid." in blocked.value.messages
    assert "Rate the goal Digitale afspraken invoeren." in blocked.value.messages

    fully_mark(review, manager, rating=3)
    klant = review.assessments.get(name="Klantgerichtheid")
    # "matig" is below the norm and differs from the proposal (goed): needs a justification.
    assessment_score(assessment=klant, actor=manager, rating=2, justification="te kort")
    with pytest.raises(TransitionBlocked) as blocked:
        review_submit_scores(review=review, actor=manager)
    assert blocked.value.messages == [
        "Klantgerichtheid: a rating below the norm or other than the proposal (goed) needs a justification with "
        "examples. Write at least 20 characters; you wrote 7."
    ]
    assert blocked.value.fields == [f"assessment-{klant.pk}-justification"]  # shown next to that field
    assessment_score(
        assessment=klant,
        actor=manager,
        justification="Drie klachten over bejegening in mei en juni, zie dossier.",
    )
    review = review_submit_scores(review=review, actor=manager)
    assert review.state == "appraisal_talk"
    assert review.overall_rating.label == "goed"


def test_overall_override_needs_a_reason(review, org, traveller):
    review = advance(review, org, "scoring", traveller)
    fully_mark(review, org.manager.user, rating=3)
    with pytest.raises(TransitionBlocked, match=r"differs from the proposal \(goed\): give the reason"):
        review_submit_scores(review=review, actor=org.manager.user, overall_rating=4)
    review = review_submit_scores(
        review=review,
        actor=org.manager.user,
        overall_rating=4,
        override_reason="Uitzonderlijke inzet tijdens de verkiezingen.",
    )
    assert (review.overall_rating.label, review.overall_override_reason) == (
        "zeer goed",
        "Uitzonderlijke inzet tijdens de verkiezingen.",
    )


def test_objection_only_within_the_term_and_expiry_only_after_it(review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    assert review.response_due == datetime.date(2026, 11, 24)
    with pytest.raises(TransitionBlocked, match="may respond until 24 November 2026"):
        review_expire_response(review=review)
    traveller.move_to(datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC))
    with pytest.raises(TransitionBlocked, match="ended on 24 November 2026"):
        review_object(review=review, actor=org.employee.user, grounds="Oneens")
    with pytest.raises(TransitionBlocked, match="ended on 24 November 2026"):
        review_sign(review=review, actor=org.employee.user, signature="seen")
    review = review_expire_response(review=review)
    assert (review.state, review.signature) == ("second_review", "not_signed")


def test_a_step_from_the_wrong_state_is_refused_with_the_state(review, org):
    with pytest.raises(TransitionNotAllowed, match="not possible now: the review is at “Planning talk”"):
        review_submit_scores(review=review, actor=org.manager.user)
