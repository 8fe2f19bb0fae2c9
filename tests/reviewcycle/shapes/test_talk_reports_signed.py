"""Goede gesprekken: the employee signs each progress talk's report voor gezien (``acknowledge-talk``), audited
with the talk and its number; the cycle of talks waits for an unsigned report only while its response term
runs; the record (API, page, PDF), the employee's work list and notifications show what waits."""

import subprocess

import pytest
from django.test import override_settings

from notifications.models import Notification
from reviewcycle.models import ReviewEvent
from tests.reports import needs_pdftotext
from tests.reviewcycle.shapes.test_api_walks import open_review, plan
from tests.reviewcycle.test_api_walkthrough import at, ok

pytestmark = pytest.mark.django_db


def two_talks(org, traveller):
    _hr, manager, employee, url = open_review(org, "goede-gesprekken")
    plan(manager, employee, url, signature="seen")
    for month in (5, 9):
        at(traveller, 2026, month, 3)
        ok(
            manager.post(
                f"{url}/record-progress-talk/",
                {"talk_date": f"2026-0{month}-02", "notes": f"Gesprek {month}."},
            )
        )
    return manager, employee, url


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_employee_signs_each_report_and_then_the_cycle_completes(org, traveller):
    manager, employee, url = two_talks(org, traveller)
    blocked = manager.post(f"{url}/complete-talks/")
    assert blocked.status_code == 409
    assert "progress talk 2" in str(blocked.json())  # the May report's term is over; September's still runs
    assert manager.post(f"{url}/acknowledge-talk/").status_code == 403  # the employee's to sign
    signed = ok(employee.post(f"{url}/acknowledge-talk/", {"occurrence": 2}, format="json"))
    assert [talk["acknowledged_by"] for talk in signed["progress_talks"]] == [None, "Eva Employee"]
    assert employee.post(f"{url}/acknowledge-talk/", {"occurrence": 2}, format="json").status_code == 400
    ok(employee.post(f"{url}/acknowledge-talk/"))  # the oldest unsigned: the first
    assert employee.post(f"{url}/acknowledge-talk/").status_code == 409  # nothing left to sign
    events = ReviewEvent.objects.filter(transition="acknowledge_talk").order_by("id")
    assert [(e.payload["talk"], e.payload["occurrence"]) for e in events] == [
        ("progress", 2),
        ("progress", 1),
    ]
    assert all(e.actor == org.employee.user for e in events)
    talks = ok(manager.get(f"{url}/"))["progress_talks"]
    assert [talk["acknowledged_by"] for talk in talks] == ["Eva Employee", "Eva Employee"]
    assert ok(manager.post(f"{url}/complete-talks/"))["state"] == "final"


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_after_the_response_term_the_cycle_completes_with_the_report_unsigned(org, traveller):
    manager, employee, url = two_talks(org, traveller)
    at(traveller, 2026, 9, 30)  # 14 days after the last talk was recorded
    assert ok(manager.post(f"{url}/complete-talks/"))["state"] == "final"
    talks = ok(employee.get(f"{url}/"))["progress_talks"]
    assert [talk["acknowledged_at"] for talk in talks] == [None, None]
    assert employee.post(f"{url}/acknowledge-talk/").status_code == 409  # the review is done


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_employee_is_told_and_sees_the_report_to_sign_on_the_work_list(org, traveller, client):
    _manager, employee, url = two_talks(org, traveller)
    told = Notification.objects.filter(recipient=org.employee.user, dedupe_key__startswith="talk_report:")
    assert len({":".join(key.split(":")[:3]) for key in told.values_list("dedupe_key", flat=True)}) == 2
    client.force_login(org.employee.user)
    home = client.get("/").content.decode()
    assert "progress talk 2 for seen" in home or "voortgangsgesprek 2 voor gezien" in home
    detail = ok(employee.get(f"{url}/"))
    assert "acknowledge_talk" in [step["name"] for step in detail["available_transitions"]]


@needs_pdftotext
@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_the_pdf_says_who_signed_the_report_and_when(org, traveller):
    manager, employee, url = two_talks(org, traveller)
    ok(employee.post(f"{url}/acknowledge-talk/", {"occurrence": 1}, format="json"))
    response = manager.get(f"{url}/pdf/?form=progress")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Eva Employee" in text
    assert "3 September 2026" in text or "3 september 2026" in text
    assert "signed for seen" in text.lower() or "voor gezien ondertekend" in text.lower()
    assert "not signed" in text.lower() or "nog niet" in text.lower()


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_on_the_page_the_employee_confirms_what_signing_the_report_means(org, traveller, client):
    _manager, _employee, url = two_talks(org, traveller)
    page_url = url.replace("/api/v1", "")
    client.force_login(org.employee.user)
    page = client.get(f"{page_url}/").content.decode()
    assert "steps/acknowledge-talk/" in page
    assert "steps/complete-talks/" not in page  # the manager's
    confirm = client.post(f"{page_url}/steps/acknowledge-talk/")
    assert confirm.status_code == 200  # first what signing means; nothing signed yet
    text = confirm.content.decode()
    assert "progress talk 1" in text or "voortgangsgesprek 1" in text
    assert not ReviewEvent.objects.filter(transition="acknowledge_talk").exists()
    assert client.post(f"{page_url}/steps/acknowledge-talk/", {"confirmed": "1"}).status_code == 302
    assert ReviewEvent.objects.get(transition="acknowledge_talk").payload["occurrence"] == 1
    page = client.get(f"{page_url}/").content.decode()
    assert "Eva Employee" in page
    assert "Signed for seen by Eva Employee" in page or "Voor gezien ondertekend door Eva Employee" in page
