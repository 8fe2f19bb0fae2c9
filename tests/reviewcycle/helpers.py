"""Drive a review to a state through the real services (and the clock), for tests."""

import datetime

from reviewcycle.models import Review
from reviewcycle.services import (
    assessment_score,
    goal_create,
    goal_score,
    review_record_appraisal_talk,
    review_record_planning_talk,
    review_record_progress_talk,
    review_sign,
    review_sign_plan,
    review_start_appraisal,
    review_submit_scores,
    review_submit_self_assessment,
    self_rating_save,
)
from tests.language import speaking

# Dates in the test year, each reached by moving the clock.
PLANNING_TALK = datetime.date(2026, 1, 12)
PROGRESS_TALK = datetime.date(2026, 6, 10)
APPRAISAL_START = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC)
APPRAISAL_TALK = datetime.date(2026, 11, 10)

ORDER = [
    "planning",
    "plan_signoff",
    "in_progress",
    "self_assessment",
    "scoring",
    "appraisal_talk",
    "employee_response",
    "second_review",
]


def fully_mark(review: Review, actor, *, rating: int = 3, justification: str = "") -> None:
    """Mark every expected indicator fully shown and rate every competency and goal ``rating``."""
    for assessment in review.assessments.filter(in_focus=True):
        marks = {mark.pk: "fully" for mark in assessment.marks.all() if not mark.is_next_level}
        assessment_score(
            assessment=assessment, actor=actor, marks=marks, rating=rating, justification=justification
        )
    for goal in review.goals.filter(status="active"):
        goal_score(goal=goal, actor=actor, rating=rating, result_note="Behaald.", justification=justification)


def advance(review: Review, org, target: str, traveller, *, signature: str = "agreed") -> Review:
    """Take the review from planning to ``target`` the way the people involved would. The appraisal is
    signed with ``signature``: "agreed" by default, so the second reviewer may finalise at once ("seen"
    keeps the employee's right to object until the term ends, and finalising waits for it)."""
    manager, employee = org.manager.user, org.employee.user
    steps = ORDER[ORDER.index(review.state) + 1 : ORDER.index(target) + 1]
    for state in steps:
        if state == "plan_signoff":
            goal_create(
                review=review,
                actor=manager,
                title="Wachttijd balie onder 10 minuten",
                measure="Monitor",
                weight=60,
            )
            goal_create(review=review, actor=manager, title="Digitale afspraken invoeren", weight=40)
            review = review_record_planning_talk(review=review, actor=manager, talk_date=PLANNING_TALK)
        elif state == "in_progress":
            review = review_sign_plan(review=review, actor=employee, signature="agreed")
        elif state == "self_assessment":
            traveller.move_to(datetime.datetime(2026, 6, 12, 9, 0, tzinfo=datetime.UTC))
            review = review_record_progress_talk(
                review=review, actor=manager, talk_date=PROGRESS_TALK, notes="Loopt op schema."
            )
            traveller.move_to(APPRAISAL_START)
            review = review_start_appraisal(review=review, actor=manager)
        elif state == "scoring":
            ratings = [
                {"assessment": a.pk, "rating": 3, "remark": "Gaat goed"} for a in review.assessments.all()
            ]
            ratings += [{"goal": g.pk, "rating": 3} for g in review.goals.all()]
            review = review_submit_self_assessment(review=review, actor=employee, ratings=ratings)
        elif state == "appraisal_talk":
            fully_mark(review, manager)
            review = review_submit_scores(review=review, actor=manager)
        elif state == "employee_response":
            traveller.move_to(datetime.datetime(2026, 11, 10, 15, 0, tzinfo=datetime.UTC))
            review = review_record_appraisal_talk(
                review=review, actor=manager, talk_date=APPRAISAL_TALK, summary="Goed jaar."
            )
        elif state == "second_review":
            review = review_sign(
                review=review, actor=employee, signature=signature, response="Akkoord met de inhoud."
            )
    return Review.objects.get(pk=review.pk)


__all__ = ["advance", "fully_mark", "self_rating_save"]


def english_client():
    """A browser that asks for English (Dutch is the default, tested in test_pages)."""
    from django.test import Client

    return speaking(Client(), "en")
