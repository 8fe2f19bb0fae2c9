"""A talk's date follows the review's own history (issue 23): a progress talk cannot have been held before
the plan was signed, an appraisal talk not before the appraisal started. The API answers 400 on the
field with what to choose; the page shows the same next to the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from reviewcycle.services import review_record_appraisal_talk, review_record_progress_talk
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def test_a_progress_talk_before_the_plan_was_signed_is_refused(review, org, traveller):
    review = advance(review, org, "in_progress", traveller)
    signed = review.plan_signed_at.date()
    with pytest.raises(ValidationError) as refused:
        review_record_progress_talk(
            review=review,
            actor=org.manager.user,
            talk_date=signed - datetime.timedelta(days=1),
            notes="Loopt.",
        )
    assert "the day the plan was signed" in str(refused.value.message_dict["talk_date"])
    review_record_progress_talk(review=review, actor=org.manager.user, talk_date=signed, notes="Loopt.")


def test_an_appraisal_talk_before_the_appraisal_started_is_refused_through_the_api(review, org, traveller):
    review = advance(review, org, "appraisal_talk", traveller)
    started = review.appraisal_started_at.date()
    api = APIClient()
    api.force_authenticate(org.manager.user)
    answer = api.post(
        f"/api/v1/reviews/{review.pk}/record-appraisal-talk/",
        {"talk_date": str(started - datetime.timedelta(days=1)), "summary": "Goed gesprek gehad."},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["talk_date"] == [
        f"Kies een datum op of na {started.day} september 2026, de dag waarop de beoordeling is gestart."
    ]
    review.refresh_from_db()
    assert review.state == "appraisal_talk"
    review_record_appraisal_talk(
        review=review, actor=org.manager.user, talk_date=started, summary="Goed gesprek."
    )
