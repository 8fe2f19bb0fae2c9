"""One review from planning to final through the API, as the employee, the manager, the
second reviewer and HR — with an objection that is upheld and re-scored, a refused
signature that expires, and a return by the second reviewer."""

import datetime

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import Review, ReviewAccess
from reviewcycle.services import review_expire_response

pytestmark = pytest.mark.django_db


def login(username: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token = client.post("/api/v1/auth/token/", {"username": username, "password": "demo-wachtwoord"}).json()[
        "token"
    ]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def at(traveller, *args):
    traveller.move_to(datetime.datetime(*args, 9, 0, tzinfo=datetime.UTC))


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json()


# The walk moves the clock through a year with the same logins: tokens outlive it here.
@override_settings(API_TOKEN_LIFETIME_HOURS=24 * 400)
def test_a_review_walks_through_every_state_via_the_api(org, traveller):
    hr, manager = login("hans-hr"), login(org.manager.user.username)
    employee, second = login(org.employee.user.username), login(org.director.user.username)

    # HR creates and opens the cycle.
    cycle = ok(
        hr.post(
            "/api/v1/cycles/",
            {
                "name": "Gesprekscyclus 2026",
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
                "scope": [org.root.pk],
                "framework_version": current_version(
                    framework=Framework.objects.get(slug="kempen-competenties")
                ).pk,
                "rating_scale": RatingScale.objects.get(slug="vijfpuntsschaal").slug,
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
    assert ok(hr.post(f"/api/v1/cycles/{cycle['id']}/open/"))["created"] == 5

    # The manager sees the reviews of his two reports, the employee only her own.
    visible = ok(manager.get(f"/api/v1/reviews/?cycle={cycle['id']}"))["results"]
    assert sorted(r["employee"]["name"] for r in visible) == ["Cor Collega", "Eva Employee", "Max Manager"]
    mine = ok(manager.get(f"/api/v1/reviews/?cycle={cycle['id']}&role=manager"))["results"]
    assert sorted(r["employee"]["name"] for r in mine) == ["Cor Collega", "Eva Employee"]
    review_id = next(r["id"] for r in mine if r["employee"]["name"] == "Eva Employee")
    url = f"/api/v1/reviews/{review_id}"
    detail_url = f"{url}/"
    assert [r["id"] for r in ok(employee.get("/api/v1/reviews/"))["results"]] == [review_id]

    # Planning: goals, the development plan, the competencies in focus.
    goal = ok(
        manager.post(
            f"{url}/goals/",
            {"title": "Wachttijd balie onder 10 minuten", "measure": "Kwartaalmonitor", "weight": 60},
            format="json",
        ),
        201,
    )
    ok(
        employee.post(
            f"{url}/goals/", {"title": "Digitaal afspraken maken invoeren", "weight": 40}, format="json"
        ),
        201,
    )
    detail = ok(manager.get(detail_url))
    samen = next(a for a in detail["assessments"] if a["name"] == "Samenwerken")
    ok(manager.patch(f"{url}/assessments/{samen['id']}/", {"in_focus": False}, format="json"))
    ok(
        employee.post(
            f"{url}/development-actions/",
            {"description": "Training klantgericht schrijven", "competency": samen["competency"]},
            format="json",
        ),
        201,
    )
    detail = ok(manager.get(detail_url))
    assert detail["available_transitions"] == [
        {
            "name": "record_planning_talk",
            "url": f"{url}/record-planning-talk/",
            "allowed": True,
            "blocked_by": [],
        }
    ]
    assert (
        ok(manager.post(f"{url}/record-planning-talk/", {"talk_date": "2026-01-14"}))["state"]
        == "plan_signoff"
    )
    assert ok(employee.post(f"{url}/sign-plan/", {"signature": "agreed"}))["state"] == "in_progress"

    # Progress talk, adjusting a goal (kept as history).
    at(traveller, 2026, 6, 10)
    detail = ok(
        manager.post(
            f"{url}/record-progress-talk/",
            {
                "talk_date": "2026-06-10",
                "notes": "Op schema; wachttijd nu 12 minuten.",
                "goal_changes": [{"id": goal["id"], "measure": "Maandmonitor"}],
            },
            format="json",
        )
    )
    adjusted = next(g for g in detail["goals"] if g["id"] == goal["id"])
    assert adjusted["history"][0]["changes"] == {"measure": ["Kwartaalmonitor", "Maandmonitor"]}

    # Appraisal: self-assessment, then scoring against the indicators of the expected level.
    at(traveller, 2026, 9, 1)
    assert ok(manager.post(f"{url}/start-appraisal/"))["state"] == "self_assessment"
    detail = ok(employee.get(detail_url))
    for item in detail["assessments"]:
        if item["in_focus"]:
            ok(
                employee.put(
                    f"{url}/assessments/{item['id']}/self-assessment/",
                    {"rating": 4, "remark": "Goed"},
                    format="json",
                )
            )
    ratings = [{"goal": g["id"], "rating": 3} for g in detail["goals"]]
    assert (
        ok(employee.post(f"{url}/submit-self-assessment/", {"ratings": ratings}, format="json"))["state"]
        == "scoring"
    )

    def score(client, rating_for_klant: int, justification: str = ""):
        current = ok(client.get(detail_url))
        for item in current["assessments"]:
            if not item["in_focus"]:
                continue
            marks = {m["id"]: "fully" for m in item["indicators"] if not m["is_next_level"]}
            rating = rating_for_klant if item["name"] == "Klantgerichtheid" else 3
            ok(
                client.put(
                    f"{url}/assessments/{item['id']}/score/",
                    {"marks": marks, "rating": rating, "justification": justification},
                    format="json",
                )
            )
        for g in current["goals"]:
            ok(
                client.put(
                    f"{url}/goals/{g['id']}/score/", {"rating": 3, "result_note": "Behaald"}, format="json"
                )
            )

    score(manager, rating_for_klant=2)
    blocked = manager.post(f"{url}/submit-scores/")
    assert blocked.status_code == 409
    assert blocked.json()["conditions"] == [
        "Klantgerichtheid: a rating below the norm or other than the proposal (goed) needs a justification with "
        "examples. Write at least 20 characters."  # and says what to write
    ]
    # The employee does not see the manager's draft scores.
    draft_view = ok(employee.get(detail_url))
    assert all(item["rating"] is None for item in draft_view["assessments"])
    score(manager, rating_for_klant=2, justification="Twee klachten over bejegening in mei; zie verslag.")
    scored = ok(manager.post(f"{url}/submit-scores/"))
    assert (scored["state"], scored["overall_rating"]) == ("appraisal_talk", "goed")
    at(traveller, 2026, 11, 10)
    assert (
        ok(
            manager.post(
                f"{url}/record-appraisal-talk/", {"talk_date": "2026-11-10", "summary": "Besproken."}
            )
        )["state"]
        == "employee_response"
    )

    # The employee objects; HR upholds it; the manager scores again.
    assert ok(employee.post(f"{url}/object/", {"grounds": "De klachten waren niet aan mij te wijten."}))[
        "state"
    ] == ("objection")
    decided = ok(
        hr.post(f"{url}/decide-objection/", {"decision": "upheld", "reason": "Klachten betroffen collega."})
    )
    assert decided["state"] == "scoring"
    score(manager, rating_for_klant=3)
    assert ok(manager.post(f"{url}/submit-scores/"))["state"] == "appraisal_talk"
    at(traveller, 2026, 11, 20)
    ok(
        manager.post(
            f"{url}/record-appraisal-talk/", {"talk_date": "2026-11-20", "summary": "Herzien oordeel."}
        )
    )

    # The employee does not sign: after the term the system moves it on, marked not signed.
    assert employee.post(f"{url}/expire-response/").status_code == 403
    at(traveller, 2026, 12, 5)
    review_expire_response(review=Review.objects.get(pk=review_id))
    detail = ok(second.get(detail_url))
    assert (detail["state"], detail["signature"]) == ("second_review", "not_signed")

    # The second reviewer returns it once, then finalises.
    assert (
        ok(second.post(f"{url}/return-to-manager/", {"reason": "Licht de resultaten toe."}))["state"]
        == "scoring"
    )
    assert ok(manager.post(f"{url}/submit-scores/"))["state"] == "appraisal_talk"
    ok(manager.post(f"{url}/record-appraisal-talk/", {"talk_date": "2026-12-05", "summary": "Toegelicht."}))
    signed = ok(
        employee.post(f"{url}/sign/", {"signature": "seen", "response": "Gezien, niet eens met punt 2."})
    )
    assert (signed["state"], signed["signature"]) == ("second_review", "seen")
    # Signed as seen: the employee may still object until the term ends, and finalising waits for it.
    assert [step["name"] for step in ok(employee.get(detail_url))["available_transitions"]] == ["object"]
    waiting = ok(second.post(f"{url}/finalise/"), 409)
    assert (
        waiting["detail"]
        == "The employee can still object until 19 December 2026; you can finalise after that."
    )
    at(traveller, 2026, 12, 20)
    assert ok(employee.get(detail_url))["available_transitions"] == []
    final = ok(second.post(f"{url}/finalise/"))
    assert final["state"] == "final"
    assert final["available_transitions"] == []

    # Reading the final appraisal is logged, except for the employee.
    ok(employee.get(detail_url))
    ok(hr.get(detail_url))
    assert list(ReviewAccess.objects.values_list("user__username", "via")) == [("hans-hr", "api")]

    # HR reopens it; the audit trail has every step, by whom.
    assert ok(hr.post(f"{url}/reopen/", {"reason": "Rekenfout in resultaat"}))["state"] == "scoring"
    trail = [
        (e["transition"], e["actor"])
        for e in ok(hr.get(detail_url))["events"]
        if e["from_state"] != e["to_state"]
    ]
    assert trail == [
        ("open", "hans-hr"),
        ("record_planning_talk", org.manager.user.username),
        ("sign_plan", org.employee.user.username),
        ("start_appraisal", org.manager.user.username),
        ("submit_self_assessment", org.employee.user.username),
        ("submit_scores", org.manager.user.username),
        ("record_appraisal_talk", org.manager.user.username),
        ("object", org.employee.user.username),
        ("decide_objection", "hans-hr"),
        ("submit_scores", org.manager.user.username),
        ("record_appraisal_talk", org.manager.user.username),
        ("expire_response", None),
        ("return_to_manager", org.director.user.username),
        ("submit_scores", org.manager.user.username),
        ("record_appraisal_talk", org.manager.user.username),
        ("sign", org.employee.user.username),
        ("finalise", org.director.user.username),
        ("reopen", "hans-hr"),
    ]

    # Cancel and exempt, on the colleague's and another review.
    others = {
        r["employee"]["name"]: r["id"] for r in ok(hr.get(f"/api/v1/reviews/?cycle={cycle['id']}"))["results"]
    }
    assert ok(hr.post(f"/api/v1/reviews/{others['Cor Collega']}/cancel/", {"reason": "Uit dienst"}))[
        "state"
    ] == ("cancelled")
    assert ok(hr.post(f"/api/v1/reviews/{others['Otto Ander']}/exempt/", {"reason": "Langdurig ziek"}))[
        "state"
    ] == ("exempt")
    progress = ok(hr.get(f"/api/v1/cycles/{cycle['id']}/progress/"))
    assert progress["states"]["cancelled"] == progress["states"]["exempt"] == 1
    assert progress["total"] == 5
