"""Required report questions block recording the talk; answers are in the personal-data export and the
PDF; retention erases them with the review; the review page reads them in a fixed number of queries."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviewcycle.models import ReviewCycle, TalkAnswer
from reviewcycle.services import goal_create, review_cancel
from reviewcycle.services.retention import reviews_erase
from tests.reviewcycle.talk_forms.helpers import (
    EVA_SAYS,
    MAX_SAYS,
    TALK_DATE,
    answer,
    api,
    question,
    record_planning_talk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def required_report(review):
    report = question(review, "planning", "report")
    report.required = True
    report.save()
    return report


def test_a_required_report_question_blocks_recording_the_talk(review, org, required_report):
    goal_create(review=review, actor=org.manager.user, title="Wachttijd balie", weight=100)
    manager = api(org.manager.user)
    response = manager.post(
        f"/api/v1/reviews/{review.pk}/record-planning-talk/", {"talk_date": str(TALK_DATE)}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["conditions"] == [  # the API speaks Dutch unless asked otherwise
        "Beantwoord eerst de verslagvragen van dit gesprek: Afspraken over werkdruk."
    ]
    assert answer(org.manager.user, review, required_report.pk, "Minder loketdiensten").status_code == 200
    response = manager.post(
        f"/api/v1/reviews/{review.pk}/record-planning-talk/", {"talk_date": str(TALK_DATE)}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert TalkAnswer.objects.get(question=required_report).talk_recorded_at is not None


def test_the_review_page_says_what_blocks_and_links_to_the_talk_form(review, org, required_report, client):
    goal_create(review=review, actor=org.manager.user, title="Wachttijd balie", weight=100)
    client.force_login(org.manager.user)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Answer the report questions of this talk first" in page
    assert f"/reviews/{review.pk}/talk-form/" in page
    assert client.get(f"/reviews/{review.pk}/talk-form/").status_code == 200


def test_the_talk_form_page_saves_and_shares(review, org, client):
    employee_question = question(review, "planning", "employee")
    client.force_login(org.employee.user)
    response = client.post(
        f"/reviews/{review.pk}/talk-form/", {f"q{employee_question.pk}": EVA_SAYS, "share": "1"}
    )
    assert response.status_code == 302
    saved = TalkAnswer.objects.get(question=employee_question)
    assert saved.value == EVA_SAYS
    assert saved.shared_at is not None


def _prepared(review, org):
    answer(org.employee.user, review, question(review, "planning", "employee").pk, EVA_SAYS)
    answer(org.manager.user, review, question(review, "planning", "manager").pk, MAX_SAYS)


def test_the_personal_data_export_holds_the_answers_the_employee_may_see(review, org):
    _prepared(review, org)
    archive = zipfile.ZipFile(
        io.BytesIO(api(org.hr).get(f"/api/v1/people/{org.employee.pk}/personal-data/").content)
    )
    data = json.loads(archive.read("gegevens.json"))
    assert [row["value"] for row in data["talk_answers"]] == [EVA_SAYS]  # Max's is still his
    record_planning_talk(review, org)
    archive = zipfile.ZipFile(
        io.BytesIO(api(org.hr).get(f"/api/v1/people/{org.employee.pk}/personal-data/").content)
    )
    data = json.loads(archive.read("gegevens.json"))
    assert sorted(row["value"] for row in data["talk_answers"]) == sorted([EVA_SAYS, MAX_SAYS])


def test_retention_erases_the_answers_with_the_review(review, org):
    _prepared(review, org)
    review_cancel(review=review, actor=org.hr, reason="Uit dienst")
    ReviewCycle.objects.filter(pk=review.cycle_id).update(state=ReviewCycle.State.CLOSED)
    assert reviews_erase(review_ids=[review.pk]) == 1
    assert not TalkAnswer.objects.filter(review_id=review.pk).exists()


def test_the_review_page_reads_the_answers_in_a_fixed_number_of_queries(review, org, client):
    client.force_login(org.manager.user)
    client.get(f"/reviews/{review.pk}/")
    with CaptureQueriesContext(connection) as without:
        client.get(f"/reviews/{review.pk}/")
    _prepared(review, org)
    record_planning_talk(review, org)
    client.get(f"/reviews/{review.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/reviews/{review.pk}/")
    from django.utils import timezone

    from reviewcycle.talk_forms.selectors import form_for, questions_of

    for item in questions_of(form_for(review, "planning")):  # more answers cost no more queries
        TalkAnswer.objects.get_or_create(
            review=review,
            question=item,
            occurrence=1,
            author=org.manager.user,
            defaults={"value": "verslag", "talk_recorded_at": timezone.now()},
        )
    assert TalkAnswer.objects.filter(review=review).count() > 10
    with CaptureQueriesContext(connection) as more:
        assert MAX_SAYS in client.get(f"/reviews/{review.pk}/").content.decode()
    print(f"review page queries: {len(without)} without answers, {len(few)} / {len(more)} with")
    assert len(more) == len(few)
