"""Each built-in regeling beside Gemeentelijk (tests/reviewcycle/test_api_walkthrough.py walks that one) from
opening to final through the API, as HR, the manager and the employee — with, on Goede gesprekken, the
employee's preparation private until the talk is recorded."""

import datetime

import pytest
from django.test import override_settings

from frameworks.models import Framework
from frameworks.selectors import current_version
from people.models import Employee
from reviewcycle.shapes.services import cycle_templates_load_builtin
from tests.reviewcycle.test_api_walkthrough import at, login, ok

pytestmark = pytest.mark.django_db


def open_review(org, code: str) -> tuple:
    """HR makes and opens a cycle on the regeling ``code``; the manager's and the employee's clients and
    the URL of Eva's review."""
    cycle_templates_load_builtin()
    if code == "proeftijd-en-tijdelijk-contract":  # for who starts in its period (UX finding 3)
        Employee.objects.filter(pk=org.employee.pk).update(start_date=datetime.date(2026, 1, 5))
    hr, manager, employee = (
        login("hans-hr"),
        login(org.manager.user.username),
        login(org.employee.user.username),
    )
    templates = {item["code"]: item for item in ok(hr.get("/api/v1/cycle-templates/"))}
    cycle = ok(
        hr.post(
            "/api/v1/cycles/",
            {
                "name": f"Cyclus {code}",
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
                "scope": [org.root.pk],
                "framework_version": current_version(
                    framework=Framework.objects.get(slug="kempen-competenties")
                ).pk,
                "rating_scale": "vijfpuntsschaal",
                "template_version": templates[code]["versions"][0]["id"],
                "planning_due": "2026-03-01",
                "progress_due": "2026-07-01",
                "self_assessment_due": "2026-10-01",
                "scoring_due": "2026-11-01",
                "appraisal_due": "2026-12-01",
            },
            format="json",
        ),
        201,
    )
    ok(hr.post(f"/api/v1/cycles/{cycle['id']}/open/"))
    mine = ok(manager.get(f"/api/v1/reviews/?cycle={cycle['id']}&role=manager"))["results"]
    review_id = next(r["id"] for r in mine if r["employee"]["name"] == "Eva Employee")
    return hr, manager, employee, f"/api/v1/reviews/{review_id}"


def plan(manager, employee, url: str, signature: str) -> None:
    ok(
        manager.post(f"{url}/goals/", {"title": "Klanttevredenheid boven 8", "weight": 100}, format="json"),
        201,
    )
    assert (
        ok(manager.post(f"{url}/record-planning-talk/", {"talk_date": "2026-01-14"}))["state"]
        == "plan_signoff"
    )
    assert ok(employee.post(f"{url}/sign-plan/", {"signature": signature}))["state"] == "in_progress"


def answers_read_by(client, url: str) -> list[str]:
    detail = ok(client.get(f"{url}/"))
    return [a["value"] for talk in detail["talk_answers"] for q in talk["questions"] for a in q["answers"]]


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_goede_gesprekken_through_the_api_with_a_private_preparation(org, traveller):
    _hr, manager, employee, url = open_review(org, "goede-gesprekken")
    form = ok(employee.get(f"{url}/talk-form/"))
    mine = next(q for q in form["questions"] if q["yours"] and q["kind"] == "text")
    ok(
        employee.put(
            f"{url}/talk-form/",
            {"answers": [{"question": mine["id"], "value": "Ik wil leren plannen"}]},
            format="json",
        )
    )
    assert "Ik wil leren plannen" not in answers_read_by(manager, url)  # private until the talk is recorded
    plan(manager, employee, url, signature="seen")
    assert "Ik wil leren plannen" in answers_read_by(manager, url)
    detail = ok(manager.get(f"{url}/"))
    assert detail["shape"]["has_appraisal_talk"] is False
    for month in (5, 9):
        at(traveller, 2026, month, 3)
        ok(
            manager.post(
                f"{url}/record-progress-talk/", {"talk_date": f"2026-0{month}-02", "notes": "Gesprek."}
            )
        )
    assert manager.post(f"{url}/start-appraisal/").status_code == 409
    assert manager.post(f"{url}/complete-talks/").status_code == 409  # the last report's term still runs
    for _talk in (1, 2):
        ok(employee.post(f"{url}/acknowledge-talk/"))  # each report signed voor gezien
    done = ok(manager.post(f"{url}/complete-talks/"))
    assert (done["state"], done["phase"]) == ("final", "done")


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_twee_gesprekken_through_the_api(org, traveller):
    _hr, manager, employee, url = open_review(org, "twee-gesprekken")
    plan(manager, employee, url, signature="agreed")
    at(traveller, 2026, 9, 1)
    assert (
        ok(manager.post(f"{url}/start-appraisal/"))["state"] == "scoring"
    )  # no progress talk, no self-assessment
    current = ok(manager.get(f"{url}/"))
    for item in current["assessments"]:
        if item["in_focus"]:
            marks = {m["id"]: "fully" for m in item["indicators"] if not m["is_next_level"]}
            ok(
                manager.put(
                    f"{url}/assessments/{item['id']}/score/", {"marks": marks, "rating": 3}, format="json"
                )
            )
    for goal in current["goals"]:
        ok(
            manager.put(
                f"{url}/goals/{goal['id']}/score/", {"rating": 3, "result_note": "Behaald"}, format="json"
            )
        )
    assert ok(manager.post(f"{url}/submit-scores/"))["state"] == "appraisal_talk"
    talk = {"talk_date": "2026-09-01", "summary": "Goed jaar."}
    assert ok(manager.post(f"{url}/record-appraisal-talk/", talk))["state"] == "employee_response"
    assert ok(employee.post(f"{url}/sign/", {"signature": "agreed"}))["state"] == "second_review"
    second = login(org.director.user.username)
    assert ok(second.post(f"{url}/finalise/"))["state"] == "final"


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_r_en_o_through_the_api(org, traveller):
    hr, manager, employee, url = open_review(org, "r-en-o-gesprek")
    plan(manager, employee, url, signature="agreed")
    at(traveller, 2026, 9, 1)
    assert ok(manager.post(f"{url}/start-appraisal/"))["state"] == "appraisal_talk"  # no scores
    talk = {"talk_date": "2026-09-01", "summary": "Resultaten behaald."}
    ok(manager.post(f"{url}/record-appraisal-talk/", talk))
    ok(employee.post(f"{url}/object/", {"grounds": "Mijn onderwijs ontbreekt in het verslag."}))
    decision = {"decision": "upheld", "reason": "Het onderwijs hoort in het verslag."}
    assert ok(hr.post(f"{url}/decide-objection/", decision))["state"] == "appraisal_talk"  # no scores to redo
    earlier = ok(employee.get(f"{url}/"))["earlier_rounds"]
    assert [round_["appraisal_summary"] for round_ in earlier] == ["Resultaten behaald."]
    talk = {"talk_date": "2026-09-01", "summary": "Resultaten en onderwijs behaald."}
    ok(manager.post(f"{url}/record-appraisal-talk/", talk))
    assert employee.post(f"{url}/sign/", {"signature": "seen"}).status_code == 400  # only "agreed"
    assert (
        ok(employee.post(f"{url}/sign/", {"signature": "agreed"}))["state"] == "final"
    )  # no second reviewer


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_proeftijd_through_the_api_without_objection(org, traveller):
    hr, manager, employee, url = open_review(org, "proeftijd-en-tijdelijk-contract")
    plan(manager, employee, url, signature="seen")
    at(traveller, 2026, 9, 1)
    assert ok(manager.post(f"{url}/start-appraisal/"))["state"] == "appraisal_talk"
    talk = {"talk_date": "2026-09-01", "summary": "Goed ingewerkt."}
    assert manager.post(f"{url}/record-appraisal-talk/", talk).status_code == 400  # the advice is required
    ok(manager.post(f"{url}/record-appraisal-talk/", {**talk, "advice": "continue"}))
    detail = ok(hr.get(f"{url}/"))
    assert detail["advice"]["value"] == "continue"  # HR sees the advice
    dashboard = ok(hr.get(f"/api/v1/cycles/{detail['cycle']['id']}/dashboard/"))
    assert [row["advice"] for row in dashboard["advice"]["reviews"]] == ["continue"]
    assert employee.post(f"{url}/object/", {"grounds": "Niet eens met de evaluatie."}).status_code == 409
    assert ok(employee.post(f"{url}/sign/", {"signature": "seen"}))["state"] == "final"


@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_proeftijd_evaluation_may_start_weeks_after_the_start_talk(org, traveller):
    """A probation lasts a month or two: the yearly cycle's minimum review period (183 days by default)
    does not apply to a regeling on the employment period (H3's finding: a cycle made through the API
    without the setting could not start its evaluation before the probation ended)."""
    _hr, manager, employee, url = open_review(org, "proeftijd-en-tijdelijk-contract")
    plan(manager, employee, url, signature="seen")
    at(traveller, 2026, 2, 16)
    assert ok(manager.post(f"{url}/start-appraisal/"))["state"] == "appraisal_talk"
