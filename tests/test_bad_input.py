"""Bad input gets a clear 4xx naming what is wrong, and nothing is stored half."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from people.models import Employee
from reviewcycle.models import Goal, Review, ReviewEvent
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def snapshot(review) -> tuple:
    fresh = Review.objects.get(pk=review.pk)
    return fresh.state, fresh.updated_at, Goal.objects.count(), ReviewEvent.objects.count()


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"title": "x" * 301, "weight": 10}, "title", "no more than 300 characters"),
        ({"title": "Goed doel", "description": "x" * 10_001}, "description", "no more than 10000 characters"),
        ({"title": "Goed doel", "weight": 150}, "weight", "less than or equal to 100"),
        ({"title": "Goed doel", "weight": -5}, "weight", "greater than or equal to 0"),
        ({"title": "Goed doel", "weight": "veel"}, "weight", "valid integer"),
        ({"title": "Goed doel", "deadline": "31-02-2026"}, "deadline", "wrong format"),
        ({"title": ""}, "title", "may not be blank"),
    ],
)
def test_a_bad_goal_is_refused_with_the_field_named(review, org, payload, field, message):
    before = snapshot(review)
    response = api(org.manager.user).post(f"/api/v1/reviews/{review.pk}/goals/", payload, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert snapshot(review) == before


def test_a_talk_date_outside_the_cycle_or_in_the_future_is_refused(review, org):
    from reviewcycle.services import goal_create

    goal_create(review=review, actor=org.manager.user, title="Doel", weight=100)
    before = snapshot(review)
    client = api(org.manager.user)
    for date in ("2025-06-01", "2027-02-01", "2026-13-01"):
        response = client.post(f"/api/v1/reviews/{review.pk}/record-planning-talk/", {"talk_date": date})
        assert 400 <= response.status_code < 500, (date, response.content)
        assert "talk_date" in response.content.decode(), date
    assert snapshot(review) == before


def test_a_transition_out_of_order_is_refused_and_changes_nothing(review, org):
    before = snapshot(review)
    for user, step, body in [
        (org.employee.user, "sign", {"signature": "seen"}),
        (org.manager.user, "submit-scores", {}),
        (org.director.user, "finalise", {}),
        (org.manager.user, "start-appraisal", {}),
    ]:
        response = api(user).post(f"/api/v1/reviews/{review.pk}/{step}/", body, format="json")
        assert response.status_code in (400, 403, 409), (step, response.status_code)
        assert response.json()["detail"], step  # says why
    assert snapshot(review) == before


def test_invalid_scores_are_refused(review, org, traveller):
    review = advance(review, org, "scoring", traveller)
    assessment = review.assessments.filter(in_focus=True).first()
    mark = assessment.marks.filter(is_next_level=False).first()
    before = (assessment.rating_id, assessment.justification)
    client = api(org.manager.user)
    url = f"/api/v1/reviews/{review.pk}/assessments/{assessment.pk}/score/"
    for body in (
        {"rating": 9},
        {"rating": "goed"},
        {"marks": {str(mark.pk): "heel erg"}},
        {"marks": {"999999": "fully"}},
    ):
        response = client.put(url, body, format="json")
        assert response.status_code == 400, (body, response.content)
    assessment.refresh_from_db()
    assert (assessment.rating_id, assessment.justification) == before


def test_a_malformed_body_is_a_400_not_a_500(review, org):
    client = api(org.manager.user)
    response = client.post(
        f"/api/v1/reviews/{review.pk}/goals/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # Seen by the worker (the request only stores the file): the import is rejected with the reason.
        ("medewerkers.csv", b"\x00\x01\x02\xff\xfe binary", "Required columns are missing"),
        ("medewerkers.xlsx", b"PK\x03\x04 not really a workbook", "This XLSX file is damaged"),
        ("medewerkers.csv", b"personeelsnummer;naam\n", "Required columns are missing"),
        # Seen by the request, from the name and the first bytes: 400.
        ("medewerkers.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file"),
        ("medewerkers.xlsx", b"%PDF-1.4", "This is not an XLSX file"),
        ("medewerkers.csv", b"", "empty"),
    ],
)
def test_a_malformed_import_file_is_refused_and_imports_nothing(org, name, content, message):
    from people.models import PeopleImport
    from people.services import people_import_run

    before = Employee.objects.count()
    response = api(org.hr).post(
        "/api/v1/people/import/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )
    if response.status_code == 202:
        stored = people_import_run(upload=PeopleImport.objects.get(pk=response.json()["id"]))
        assert stored.status == "rejected"
        assert message in stored.report["file_error"]
    else:
        assert 400 <= response.status_code < 500, response.content
        assert message in response.content.decode()
    assert Employee.objects.count() == before


def test_a_cycle_with_dates_out_of_order_is_refused(org):
    from frameworks.models import Framework
    from frameworks.selectors import current_version

    response = api(org.hr).post(
        "/api/v1/cycles/",
        {
            "name": "Verkeerd",
            "scope": [org.root.pk],
            "framework_version": current_version(
                framework=Framework.objects.get(slug="kempen-competenties")
            ).pk,
            "rating_scale": "vijfpuntsschaal",
            "period_start": "2027-01-01",
            "period_end": "2026-01-01",
            "planning_due": "2027-05-01",
            "progress_due": "2027-03-01",
            "self_assessment_due": "2027-10-01",
            "scoring_due": "2027-11-01",
            "appraisal_due": "2027-12-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"period_end", "progress_due"}
    from reviewcycle.models import ReviewCycle

    assert not ReviewCycle.objects.filter(name="Verkeerd").exists()
