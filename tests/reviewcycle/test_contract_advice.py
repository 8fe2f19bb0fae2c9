"""The advice on the contract (Proeftijd en tijdelijk contract): given with the evaluation, on a regeling
with ``has_advice`` only, and shown to HR on the dashboard, in the export, the API, the page and the PDF."""

import csv
import io

import pytest
from django.test import override_settings

from reviewcycle.models import Review, ReviewEvent
from tests.reports.test_review_pdf import pdf_text
from tests.reviewcycle.shapes.test_api_walks import open_review, plan
from tests.reviewcycle.test_api_walkthrough import at, login, ok

pytestmark = pytest.mark.django_db

P = "record_appraisal_talk-"  # the page's step forms are prefixed with the step
TALK = {"talk_date": "2026-09-01", "summary": "Een goede start."}


def at_evaluation(org, traveller, code="proeftijd-en-tijdelijk-contract"):
    hr, manager, employee, url = open_review(org, code)
    plan(manager, employee, url, signature="seen" if code != "r-en-o-gesprek" else "agreed")
    at(traveller, 2026, 9, 1)
    ok(manager.post(f"{url}/start-appraisal/"))
    return hr, manager, employee, url


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_evaluation_needs_an_advice(org, traveller):
    _hr, manager, _employee, url = at_evaluation(org, traveller)
    missing = manager.post(f"{url}/record-appraisal-talk/", TALK)
    assert missing.status_code == 400
    assert "advice" in missing.json()
    wrong = manager.post(f"{url}/record-appraisal-talk/", {**TALK, "advice": "promote"})
    assert wrong.status_code == 400
    assert "advice" in wrong.json()
    assert ok(manager.get(f"{url}/"))["state"] == "appraisal_talk"


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_an_advice_is_refused_where_the_regeling_has_none(org, traveller):
    _hr, manager, _employee, url = at_evaluation(org, traveller, code="r-en-o-gesprek")
    refused = manager.post(f"{url}/record-appraisal-talk/", {**TALK, "advice": "continue"})
    assert refused.status_code == 400
    assert "advice" in refused.json()
    assert ok(manager.post(f"{url}/record-appraisal-talk/", TALK))["advice"] is None


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_advice_is_recorded_audited_and_seen_by_everyone_involved(org, traveller):
    hr, manager, employee, url = at_evaluation(org, traveller)
    talk = {**TALK, "advice": "extend", "advice_explanation": "Nog een half jaar om in te werken."}
    detail = ok(manager.post(f"{url}/record-appraisal-talk/", talk))
    expected = {
        "value": "extend",
        "label": "Extend the temporary contract",
        "explanation": "Nog een half jaar om in te werken.",
    }
    assert detail["advice"] == expected
    for client in (hr, employee):
        assert ok(client.get(f"{url}/"))["advice"] == expected
    review = Review.objects.get(pk=detail["id"])
    event = review.events.get(transition=ReviewEvent.Kind.APPRAISAL_TALK_RECORDED)
    assert event.payload["advice"] == "extend"
    assert event.payload["advice_explanation"] == "Nog een half jaar om in te werken."

    dashboard = ok(hr.get(f"/api/v1/cycles/{review.cycle_id}/dashboard/"))
    assert dashboard["advice"]["counts"] == {"continue": 0, "extend": 1, "end": 0}
    assert [(row["employee"], row["advice"]) for row in dashboard["advice"]["reviews"]] == [
        ("Eva Employee", "extend")
    ]

    export = hr.get(f"/api/v1/reviews/export/?cycle={review.cycle_id}&format=csv&language=en")
    assert export.status_code == 200, export.content
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert [row["Advice on the contract"] for row in rows if row["Employee"] == "Eva Employee"] == [
        "Extend the temporary contract"
    ]


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_page_form_asks_for_the_advice_beside_the_field(org, traveller, client):
    _hr, _manager, _employee, url = at_evaluation(org, traveller)
    review_id = int(url.rsplit("/", 1)[1])
    client.force_login(org.manager.user)
    page = client.post(
        f"/reviews/{review_id}/steps/record-appraisal-talk/",
        {f"{P}talk_date": "2026-09-01", f"{P}summary": "Goed."},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert f'name="{P}advice"' in html
    assert "Choose an advice: continue the contract, extend it, or do not continue it." in html
    assert Review.objects.get(pk=review_id).state == Review.State.APPRAISAL_TALK
    done = client.post(
        f"/reviews/{review_id}/steps/record-appraisal-talk/",
        {f"{P}talk_date": "2026-09-01", f"{P}summary": "Goed.", f"{P}advice": "continue"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert done.status_code == 302
    review = Review.objects.get(pk=review_id)
    assert (review.state, review.contract_advice) == (Review.State.EMPLOYEE_RESPONSE, "continue")
    shown = client.get(f"/reviews/{review_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Continue the contract" in shown
    assert "Evaluation talk recorded." in shown  # the step's message names the evaluation
    employee = login(org.employee.user.username)
    pdf = employee.get(f"{url}/pdf/")
    assert pdf.status_code == 200
    assert "Advice on the contract: Continue the contract" in " ".join(pdf_text(pdf.content).split())


def test_the_built_in_evaluation_form_leaves_the_advice_to_the_step():
    from reviewcycle.models import TalkQuestion
    from reviewcycle.shapes.services import cycle_templates_load_builtin

    cycle_templates_load_builtin()
    questions = TalkQuestion.objects.filter(
        section__form__template_version__template__slug="proeftijd-en-tijdelijk-contract",
        section__form__talk="appraisal",
    )
    assert questions.exists()
    assert not questions.filter(kind=TalkQuestion.Kind.CHOICE).exists()
    assert not questions.filter(help_text__icontains="advies").exists()
