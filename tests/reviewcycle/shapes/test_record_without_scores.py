"""A review on a regeling without scores or second reviewer (Goede gesprekken, Proeftijd) shows only what its
shape has: the record says so once (``ReviewRecord.shape``), and the page, the API and the appraisal PDF follow
it — no empty score tables, no overall rating, no second reviewer; the talks and their answers instead."""

import subprocess

import pytest
from django.test import override_settings

from tests.reports import needs_pdftotext
from tests.reviewcycle.shapes.test_api_walks import open_review, plan
from tests.reviewcycle.test_api_walkthrough import at, ok

pytestmark = pytest.mark.django_db

ABSENT = (
    "Second reviewer",
    "Tweede beoordelaar",
    "Overall rating",
    "Eindoordeel",
    "Weights",
    "Wegingen",
    "How a rating is proposed",
    "Hoe een oordeel wordt voorgesteld",
    "Own rating",
    "Eigen oordeel",
)


def pdf_text(client, url: str, kind: str) -> str:
    response = client.get(f"{url}/pdf/?form={kind}")
    assert response.status_code == 200
    return subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()


def goede_gesprekken_done(org, traveller):
    hr, manager, employee, url = open_review(org, "goede-gesprekken")
    plan(manager, employee, url, signature="seen")
    for month in (5, 9):
        at(traveller, 2026, month, 3)
        ok(
            manager.post(
                f"{url}/record-progress-talk/",
                {"talk_date": f"2026-0{month}-02", "notes": f"Gesprek {month}."},
            )
        )
    return hr, manager, employee, url


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_record_of_goede_gesprekken_has_no_scores_and_no_second_reviewer(org, traveller):
    _hr, manager, _employee, url = goede_gesprekken_done(org, traveller)
    detail = ok(manager.get(f"{url}/"))
    assert detail["second_reviewer"] is None  # the cycle named one, but the regeling has no second review
    assert (detail["overall_rating"] is None and detail["assessments"] == []) or all(
        item["rating"] is None for item in detail["assessments"]
    )
    assert (detail["shape"]["has_scores"], detail["shape"]["has_second_review"]) == (False, False)


@needs_pdftotext
@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_appraisal_pdf_of_goede_gesprekken_prints_the_talks_not_empty_scores(org, traveller):
    _hr, manager, employee, url = goede_gesprekken_done(org, traveller)
    for reader in (manager, employee):
        text = pdf_text(reader, url, "appraisal")
        for word in ABSENT:
            assert word not in text, word
        assert "Gesprek 5." in text
        assert "Gesprek 9." in text
        assert "Klanttevredenheid boven 8" in text  # the goals agreed


@needs_pdftotext
@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_evaluation_pdf_of_a_probation_prints_the_talk_and_signature_without_scores(org, traveller):
    _hr, manager, employee, url = open_review(org, "proeftijd-en-tijdelijk-contract")
    plan(manager, employee, url, signature="seen")
    at(traveller, 2026, 9, 1)
    ok(manager.post(f"{url}/start-appraisal/"))
    talk = {"talk_date": "2026-09-01", "summary": "Voortzetten.", "advice": "continue"}
    ok(
        manager.post(
            f"{url}/record-appraisal-talk/", {**talk, "advice_explanation": "Past goed in het team."}
        )
    )
    ok(employee.post(f"{url}/sign/", {"signature": "seen"}))
    text = pdf_text(employee, url, "appraisal")
    for word in ABSENT:
        assert word not in text, word
    assert "Voortzetten." in text
    assert "Continue the contract" in text  # the advice, and why
    assert "Past goed in het team." in text


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_review_page_of_goede_gesprekken_has_no_second_reviewer_fact(org, traveller, client):
    _hr, _manager, _employee, url = goede_gesprekken_done(org, traveller)
    client.force_login(org.manager.user)
    page = client.get(url.replace("/api/v1", "") + "/").content.decode()
    assert "Second reviewer" not in page
    assert "Tweede beoordelaar" not in page
