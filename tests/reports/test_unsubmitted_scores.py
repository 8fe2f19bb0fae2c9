"""The manager's unsubmitted scores stay hidden from the employee in every reader, and nobody
handles a data request about themselves.

Eva Employee is also HR for the whole organisation: her own review is in scoring, her manager
has drafted marks, ratings and justifications. The API, the review's PDF and the personal-data
export must all hide the same fields from her, first while the manager drafts and again after
an upheld objection sends the review back to scoring.
"""

import io
import json
import subprocess
import zipfile

import pytest
from django.test import Client
from rest_framework.test import APIClient

from people.services import hr_grant
from reviewcycle.models import Review
from reviewcycle.services import (
    review_decide_objection,
    review_object,
    review_submit_scores,
)
from tests.reviewcycle.helpers import advance, fully_mark

pytestmark = pytest.mark.django_db

DRAFT = "GEHEIM concept: de toelichting van de manager met voorbeelden"
OVERRIDE = "GEHEIM afwijking: het eindoordeel wijkt af van het voorstel"


@pytest.fixture
def eva_is_hr(org):
    hr_grant(user=org.employee.user, org_units=[org.root], actor=None)
    return org.employee.user


@pytest.fixture
def drafted(review, org, traveller, eva_is_hr):
    """Scoring: the manager has marked and rated everything, with justifications, and not submitted."""
    review = advance(review, org, "scoring", traveller)
    fully_mark(review, org.manager.user, rating=3, justification=DRAFT)
    return Review.objects.get(pk=review.pk)


@pytest.fixture
def upheld(drafted, org, traveller):
    """Scores submitted (with an override), objected to, the objection upheld: back in scoring."""
    review_submit_scores(review=drafted, actor=org.manager.user, overall_rating=4, override_reason=OVERRIDE)
    review = advance(Review.objects.get(pk=drafted.pk), org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Oneens met het oordeel.")
    review = review_decide_objection(
        review=review, actor=org.hr, decision="upheld", reason="De manager kijkt opnieuw naar de scores."
    )
    assert review.state == "scoring"
    assert review.overall_override_reason == OVERRIDE
    return review


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def export(user, employee):
    api = APIClient()
    api.force_authenticate(user)
    return api.get(f"/api/v1/people/{employee.pk}/personal-data/")


def test_hr_cannot_handle_a_data_request_about_themselves(drafted, org):
    refused = export(org.employee.user, org.employee)
    assert refused.status_code == 403
    assert "another HR" in refused.json()["detail"] or "andere HR" in refused.json()["detail"]
    assert export(org.hr, org.employee).status_code == 200  # another HR adviser handles it


@pytest.mark.parametrize("state", ["drafted", "upheld"])
def test_every_reader_hides_the_unsubmitted_scores_alike(state, request, org):
    review = request.getfixturevalue(state)

    # The API, as Eva.
    api = APIClient()
    api.force_authenticate(org.employee.user)
    detail = api.get(f"/api/v1/reviews/{review.pk}/").json()
    assert detail["overall_rating"] is None
    assert detail["proposed_overall_rating"] is None
    assert detail["overall_override_reason"] == ""
    for assessment in detail["assessments"]:
        assert (assessment["rating"], assessment["proposed_rating"], assessment["justification"]) == (
            None,
            None,
            "",
        )
        assert {indicator["mark"] for indicator in assessment["indicators"]} == {""}
    for goal in detail["goals"]:
        assert (goal["rating"], goal["result_note"], goal["justification"]) == (None, "", "")

    # The PDF, as Eva.
    client = Client()
    client.force_login(org.employee.user)
    own_pdf = pdf_text(client.get(f"/reviews/{review.pk}/pdf/").content)
    assert DRAFT not in own_pdf
    assert OVERRIDE not in own_pdf

    # The personal-data export, handled by another HR adviser: what Eva gets.
    response = export(org.hr, org.employee)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    raw = archive.read("gegevens.json").decode()
    assert DRAFT not in raw
    assert OVERRIDE not in raw
    data = json.loads(raw)
    [stored] = data["reviews"]
    assert (stored["overall_rating"], stored["overall_override_reason"]) == (None, "")
    assert all(row["rating"] is None and row["justification"] == "" for row in data["competency_assessments"])
    assert all(row["mark"] == "" for row in data["indicator_marks"])
    assert all(
        row["rating"] is None and row["result_note"] == "" and row["justification"] == ""
        for row in data["goals"]
    )
    for name in archive.namelist():
        if name.endswith(".pdf"):
            text = pdf_text(archive.read(name))
            assert DRAFT not in text
            assert OVERRIDE not in text

    # The manager still sees the draft: nothing was lost, only hidden.
    api.force_authenticate(org.manager.user)
    manager_view = api.get(f"/api/v1/reviews/{review.pk}/").json()
    assert any(a["justification"] == DRAFT for a in manager_view["assessments"])


def test_the_scoring_pages_live_proposal_answers_only_who_scores(drafted, org):
    """The proposal service of the scoring page computes from the stored, unsubmitted ratings where
    none is posted: asked by Eva with an empty form it told her the overall rating her manager's
    draft comes to. Only who may score now gets an answer."""
    url = f"/reviews/{drafted.pk}/scoring/proposal/"
    assessment = drafted.assessments.filter(in_focus=True).first()
    client = Client()
    client.force_login(org.employee.user)
    for data in ({}, {"assessment": assessment.pk}):
        asked = client.post(url, data)
        assert asked.status_code == 403
        assert b"overall" not in asked.content
        assert b"proposed" not in asked.content
    client.force_login(org.manager.user)
    answer = client.post(url, {}).json()
    assert answer["overall"] is not None
