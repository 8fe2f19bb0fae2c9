"""An integrator creates and opens a cycle with nothing but the API: every id it sends was read from the API.

The fixtures build the organisation (as the people import would); no id below comes from the ORM."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json()


def login(username: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token = ok(client.post("/api/v1/auth/token/", {"username": username, "password": "demo-wachtwoord"}))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    return client


def test_a_cycle_is_created_and_opened_with_ids_read_from_the_api(org):
    hr = login("hans-hr")

    # The organisation: HR's tree, its top unit is the scope.
    tree = ok(hr.get("/api/v1/org-units/tree/"))
    assert [unit["name"] for unit in tree] == ["Gemeente Proef"]
    scope = [tree[0]["id"]]
    assert {child["name"] for child in tree[0]["children"]} == {"Burgerzaken", "Financiën"}

    # The framework version and the scale, by what a person reads: the framework's and the scale's names.
    versions = ok(hr.get("/api/v1/framework-versions/", {"page_size": 100}))["results"]
    version = next(v for v in versions if v["framework_name"] == "Kempen competenties" and v["is_current"])
    scales = ok(hr.get("/api/v1/rating-scales/"))
    scale = next(s for s in scales if [o["label"] for o in s["options"]][-1] == "uitstekend")

    # Someone HR leaves out of this cycle, found by name.
    otto = ok(hr.get("/api/v1/employees/", {"search": "Otto"}))["results"]
    assert [person["name"] for person in otto] == ["Otto Ander"]

    cycle = ok(
        hr.post(
            "/api/v1/cycles/",
            {
                "name": "Gesprekscyclus 2026",
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
                "scope": scope,
                "framework_version": version["id"],
                "rating_scale": scale["code"],
                "planning_due": "2026-03-01",
                "progress_due": "2026-07-01",
                "self_assessment_due": "2026-10-01",
                "scoring_due": "2026-11-01",
                "appraisal_due": "2026-12-01",
            },
        ),
        201,
    )
    assert cycle["state"] == "draft"

    preview = ok(hr.get(f"/api/v1/cycles/{cycle['id']}/open/"))
    report = ok(hr.post(f"/api/v1/cycles/{cycle['id']}/open/", {"exclude": [otto[0]["id"]]}))
    assert report["created"] == preview["reviews"] - 1
    assert report["excluded"] == [otto[0]["employee_number"]]

    reviews = ok(hr.get("/api/v1/reviews/", {"cycle": cycle["id"], "page_size": 100}))["results"]
    assert {review["employee"]["name"] for review in reviews} == {
        "Max Manager",
        "Eva Employee",
        "Cor Collega",
        "Olaf Ander",
    }
    assert {review["state"] for review in reviews} == {"planning"}

    # The employee's review names the ids its writes take: its competencies, by the version's ids.
    eva = next(review for review in reviews if review["employee"]["name"] == "Eva Employee")
    detail = ok(hr.get(f"/api/v1/reviews/{eva['id']}/"))
    competencies = {
        c["id"] for c in ok(hr.get(f"/api/v1/framework-versions/{version['id']}/"))["competencies"]
    }
    assert {assessment["competency"] for assessment in detail["assessments"]} <= competencies
    assert detail["assessments"]
