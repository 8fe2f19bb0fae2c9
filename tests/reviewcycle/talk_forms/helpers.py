"""Answering the Gemeentelijk planning form of Eva's review (the ``review`` fixture)."""

import datetime
import subprocess

from rest_framework.test import APIClient

from reviewcycle.models import TalkQuestion
from reviewcycle.services import goal_create, review_record_planning_talk
from reviewcycle.talk_forms.selectors import form_for, questions_of

EVA_SAYS = "Ik krijg energie van de balie"
MAX_SAYS = "Eva pakt veel op"
TALK_DATE = datetime.date(2026, 1, 14)


def question(review, talk: str, by: str) -> TalkQuestion:
    """The first question of ``talk`` on ``review``'s form answered ``by`` (employee, manager, report)."""
    return next(q for q in questions_of(form_for(review, talk)) if q.answered_by == by and q.kind == "text")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def answer(user, review, question_id: int, value: str):
    return api(user).put(
        f"/api/v1/reviews/{review.pk}/talk-form/",
        {"answers": [{"question": question_id, "value": value}]},
        format="json",
    )


def record_planning_talk(review, org):
    goal_create(review=review, actor=org.manager.user, title="Wachttijd balie", weight=100)
    return review_record_planning_talk(review=review, actor=org.manager.user, talk_date=TALK_DATE)


def pdf_text(user, review, kind: str = "planning") -> str:
    response = api(user).get(f"/api/v1/reviews/{review.pk}/pdf/?form={kind}")
    assert response.status_code == 200
    return subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()


def api_answers(user, review) -> list[str]:
    """Every answer ``user`` reads in the review's detail in the API."""
    data = api(user).get(f"/api/v1/reviews/{review.pk}/").json()
    return [a["value"] for talk in data["talk_answers"] for q in talk["questions"] for a in q["answers"]]
