"""The review's one state machine walks each regeling's own path: no self-assessment, no scores, no
second reviewer, no closing talk, no objection — each where the regeling says so."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_fsm import TransitionNotAllowed

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from people.models import Employee
from reviewcycle.models import CycleTemplate, Review
from reviewcycle.services import (
    cycle_create,
    cycle_open,
    goal_create,
    review_acknowledge_talk,
    review_complete_talks,
    review_decide_objection,
    review_finalise,
    review_object,
    review_record_appraisal_talk,
    review_record_planning_talk,
    review_record_progress_talk,
    review_sign,
    review_sign_plan,
    review_start_appraisal,
    review_submit_scores,
)
from reviewcycle.services.errors import TransitionBlocked
from reviewcycle.shapes.services import current_template_version, cycle_templates_load_builtin
from reviewcycle.step_access import step_status
from tests.reviewcycle.fixtures import cycle_fields
from tests.reviewcycle.helpers import APPRAISAL_START, PLANNING_TALK, PROGRESS_TALK, fully_mark

PROEFTIJD = "proeftijd-en-tijdelijk-contract"

pytestmark = pytest.mark.django_db


def review_on(org, slug: str) -> Review:
    cycle_templates_load_builtin()
    if slug == PROEFTIJD:  # a cycle from the start date is for who starts in its period (UX finding 3)
        Employee.objects.filter(pk=org.employee.pk, start_date__isnull=True).update(
            start_date=datetime.date(2026, 1, 5)
        )
    cycle = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        template_version=current_template_version(CycleTemplate.objects.get(slug=slug)),
        **cycle_fields(),
    )
    cycle_open(cycle=cycle, actor=org.hr)
    return Review.objects.get(cycle=cycle, employee=org.employee)


def planned(review, org, *, signature: str) -> Review:
    manager = org.manager.user
    goal_create(review=review, actor=manager, title="Klanttevredenheid boven 8", weight=100)
    review = review_record_planning_talk(review=review, actor=manager, talk_date=PLANNING_TALK)
    return review_sign_plan(review=review, actor=org.employee.user, signature=signature)


def test_goede_gesprekken_ends_with_the_last_talk_signed_as_seen(org, traveller):
    review = review_on(org, "goede-gesprekken")
    assert review.cycle.min_progress_talks == 2  # taken from the regeling
    manager = org.manager.user
    goal_create(review=review, actor=manager, title="Leren plannen", weight=None)
    review = review_record_planning_talk(review=review, actor=manager, talk_date=PLANNING_TALK)
    with pytest.raises(ValidationError, match="seen"):
        review_sign_plan(review=review, actor=org.employee.user, signature="agreed")
    review = review_sign_plan(review=review, actor=org.employee.user, signature="seen")
    traveller.move_to(datetime.datetime(2026, 6, 12, 9, tzinfo=datetime.UTC))
    review = review_record_progress_talk(
        review=review, actor=manager, talk_date=PROGRESS_TALK, notes="Tweede."
    )
    with pytest.raises(TransitionBlocked, match="2 progress talks"):
        review_complete_talks(review=review, actor=manager)
    traveller.move_to(APPRAISAL_START)
    assert not step_status(review, "start_appraisal", manager).offered  # no closing talk in this regeling
    with pytest.raises(TransitionBlocked, match="no appraisal or closing talk"):
        review_start_appraisal(review=review, actor=manager)
    review = review_record_progress_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 8, 30), notes="Derde."
    )
    with pytest.raises(TransitionBlocked, match="not signed the report of progress talk 2"):
        review_complete_talks(review=review, actor=manager)  # its term still runs
    for _report in (1, 2):  # the employee signs each talk's report voor gezien
        review = review_acknowledge_talk(review=review, actor=org.employee.user)
    review = review_complete_talks(review=review, actor=manager)
    assert review.state == Review.State.FINAL
    assert review.finalised_at is not None
    assert review.events.filter(transition="complete_talks").count() == 1


def test_twee_gesprekken_goes_from_the_plan_to_scoring_without_progress_talk_or_self_assessment(
    org, traveller
):
    review = planned(review_on(org, "twee-gesprekken"), org, signature="agreed")
    traveller.move_to(APPRAISAL_START)
    manager = org.manager.user
    assert not step_status(review, "complete_talks", manager).offered
    review = review_start_appraisal(review=review, actor=manager)
    assert review.state == Review.State.SCORING
    fully_mark(review, manager)
    review = review_submit_scores(review=review, actor=manager)
    review = review_record_appraisal_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 9, 1), summary="Goed jaar."
    )
    review = review_sign(review=review, actor=org.employee.user, signature="agreed")
    assert review.state == Review.State.SECOND_REVIEW
    review = review_finalise(review=review, actor=org.director.user)
    assert review.state == Review.State.FINAL


def test_r_en_o_has_no_scores_no_second_reviewer_and_signs_as_agreed(org, traveller):
    review = review_on(org, "r-en-o-gesprek")
    with pytest.raises(ValidationError, match="agreed"):
        planned(review, org, signature="seen")
    review = review_sign_plan(review=review, actor=org.employee.user, signature="agreed")
    traveller.move_to(APPRAISAL_START)
    manager = org.manager.user
    review = review_start_appraisal(review=review, actor=manager)
    assert review.state == Review.State.APPRAISAL_TALK  # no self-assessment, no scoring
    review = review_record_appraisal_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 9, 1), summary="Resultaten behaald."
    )
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn onderwijs ontbreekt.")
    review = review_decide_objection(
        review=review, actor=org.hr, decision="upheld", reason="Het onderwijs ontbrak in het verslag."
    )
    assert (
        review.state == Review.State.APPRAISAL_TALK
    )  # the manager holds the talk again: there are no scores
    review = review_record_appraisal_talk(
        review=review, actor=manager, talk_date=datetime.date(2026, 9, 1), summary="Onderwijs toegevoegd."
    )
    review = review_sign(review=review, actor=org.employee.user, signature="agreed")
    assert review.state == Review.State.FINAL  # no second reviewer
    assert review.finalised_at is not None


def test_no_objection_where_the_regeling_has_none(org, traveller):
    review = review_on(org, "proeftijd-en-tijdelijk-contract")
    review = planned(review, org, signature="seen")
    traveller.move_to(APPRAISAL_START)
    manager = org.manager.user
    review = review_start_appraisal(review=review, actor=manager)
    review = review_record_appraisal_talk(
        review=review,
        actor=manager,
        talk_date=datetime.date(2026, 9, 1),
        summary="Goed ingewerkt.",
        advice=Review.ContractAdvice.CONTINUE,
    )
    employee = org.employee.user
    assert not step_status(review, "object", employee).offered
    with pytest.raises(TransitionNotAllowed, match="no objection procedure"):
        review_object(review=review, actor=employee, grounds="Oneens.")
    review = review_sign(review=review, actor=employee, signature="seen")
    assert review.state == Review.State.FINAL
