"""The dashboard and HR's review list show only what the cycle's regeling has (UX finding 6): a *Goede
gesprekken* cycle has no scores, no sign-off and no objection, so no calibration, no competency gap, no
payroll consequences, no objections, and no filters on ratings, signatures or objections; both pages name
the regeling and its version. A *Gemeentelijk* cycle keeps every part."""

import re

import pytest
from rest_framework.test import APIClient

from reports.dashboard import cycle_dashboard
from tests.reviewcycle.shapes.test_paths import review_on

pytestmark = pytest.mark.django_db


def _page(client, org, url: str) -> str:
    client.force_login(org.hr)
    response = client.get(url)  # in HR's language: Dutch
    assert response.status_code == 200
    return response.content.decode()


def _select_options(html: str, name: str) -> list[str]:
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, name
    return [value for value in re.findall(r'<option value="([^"]*)"', found.group(1)) if value]


def test_the_dashboard_of_goede_gesprekken_leaves_out_what_it_does_not_have(org, client):
    cycle = review_on(org, "goede-gesprekken").cycle
    data = cycle_dashboard(cycle=cycle, user=org.hr)
    assert data["regeling"] == {
        "name": "Goede gesprekken",
        "version": cycle.template_version.number,
        "has_scores": False,
        "has_self_assessment": False,
        "has_second_review": False,
        "has_objection": False,
        "has_closing_talk": False,
        "has_advice": False,
    }
    assert data["advice"] is None  # no advice on the contract
    assert data["calibration"]["scale"] == []
    assert data["competency_gap"] == []
    html = _page(client, org, f"/reports/cycles/{cycle.pk}/")
    assert f"Op de regeling Goede gesprekken, versie {cycle.template_version.number}" in html
    for absent in (
        'id="calibration"',
        'id="gap"',
        "/payroll/",
        "chart-calibration",
        "Kalibratie",
        "contract-advice",
    ):
        assert absent not in html, absent
    assert html.count('href="/objections/"') == 1  # the header's, not the dashboard's own link
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.hr)
    answer = api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/").json()
    assert answer["regeling"]["name"] == "Goede gesprekken"
    assert answer["regeling"]["has_scores"] is False


def test_the_dashboard_of_gemeentelijk_keeps_every_part(org, client):
    cycle = review_on(org, "gemeentelijk").cycle
    html = _page(client, org, f"/reports/cycles/{cycle.pk}/")
    assert f"Op de regeling Gemeentelijk, versie {cycle.template_version.number}" in html
    for present in ('id="calibration"', 'id="gap"', "/payroll/"):
        assert present in html, present
    assert html.count('href="/objections/"') == 2


def test_the_review_list_of_goede_gesprekken_filters_on_what_it_has(org, client):
    cycle = review_on(org, "goede-gesprekken").cycle
    html = _page(client, org, f"/cycles/{cycle.pk}/reviews/")
    assert f"Op de regeling Goede gesprekken, versie {cycle.template_version.number}" in html
    for absent in ('name="rating"', 'name="signed"', 'name="objection"'):
        assert absent not in html, absent
    assert _select_options(html, "phase") == ["planning", "progress", "done"]
    states = _select_options(html, "state")
    assert {"planning", "in_progress", "final"} <= set(states)
    for state in (
        "self_assessment",
        "scoring",
        "appraisal_talk",
        "employee_response",
        "objection",
        "second_review",
    ):
        assert state not in states, state


def test_the_review_list_of_gemeentelijk_filters_on_everything(org, client):
    cycle = review_on(org, "gemeentelijk").cycle
    html = _page(client, org, f"/cycles/{cycle.pk}/reviews/")
    for present in ('name="rating"', 'name="signed"', 'name="objection"'):
        assert present in html, present
    assert "second_review" in _select_options(html, "state")
    assert len(_select_options(html, "phase")) == 5
