"""The dashboard shows one level of the unit tree at a time and at most fifty managers (issue 17: a page
that does not grow with the organisation); ``?unit=`` opens a unit on the page, the API and the PDF."""

import re
import shutil
import subprocess

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reports.dashboard import cycle_dashboard
from reviewcycle.models import Review
from reviewcycle.services import cycle_add_missing

pytestmark = pytest.mark.django_db


def test_hr_opens_one_unit_at_a_time_and_the_managers_are_listed_fifty_at_most(org, cycle):
    """Issue 17: the per-unit sections show one level of the tree (open a unit for the units within
    it), the per-manager ones the first ``MANAGERS_LISTED``; so the page does not grow with the
    organisation."""
    from people.models import OrgUnit
    from reports.dashboard.levels import MANAGERS_LISTED
    from tests.factories import EmployeeFactory, OrgUnitFactory

    desk = OrgUnitFactory(name="Balie", parent=org.team)
    EmployeeFactory(name="Bea Balie", org_unit=desk, manager=org.manager)
    cycle_add_missing(cycle=cycle, actor=org.hr)
    top = cycle_dashboard(cycle=cycle, user=org.hr)
    rows = {row["name"]: row for row in top["org_units"]}
    assert set(rows) == {"Burgerzaken", "Financiën"}
    assert rows["Burgerzaken"]["has_units"]
    assert not rows["Financiën"]["has_units"]
    opened = cycle_dashboard(cycle=cycle, user=org.hr, unit=org.team.pk)
    assert opened["unit"]["name"] == "Burgerzaken"
    assert opened["unit_path"] == [{"org_unit": org.root.pk, "name": "Gemeente Proef"}]
    assert [row["name"] for row in opened["org_units"]] == ["Balie"]
    assert opened["total"] == Review.objects.filter(cycle=cycle, org_unit__in=[org.team, desk]).count()
    client = Client()
    client.force_login(org.hr)
    html = client.get(f"/reports/cycles/{cycle.pk}/", {"unit": org.team.pk}).content.decode()
    assert f'<a href="?unit={org.root.pk}#units">' in html  # the way back up
    assert 'aria-current="page">Burgerzaken</strong>' in html
    assert client.get(f"/reports/cycles/{cycle.pk}/", {"unit": "x"}).status_code == 200  # the whole cycle
    api = APIClient()
    api.force_authenticate(org.hr)
    assert api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/", {"unit": "x"}).status_code == 400
    assert (
        api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/", {"unit": org.team.pk}).json()["unit"]["name"]
        == "Burgerzaken"
    )

    # Many managers: the most overdue first, fifty at most, with the number in all.
    teams = [
        OrgUnit.objects.create(name=f"Team {n:02d}", parent=org.other_team)
        for n in range(MANAGERS_LISTED + 5)
    ]
    for n, team in enumerate(teams):
        boss = EmployeeFactory(name=f"Chef {n:02d}", org_unit=team, manager=org.director)
        EmployeeFactory(org_unit=team, manager=boss)
    cycle_add_missing(cycle=cycle, actor=org.hr)
    many = cycle_dashboard(cycle=cycle, user=org.hr)
    assert len(many["managers"]) == MANAGERS_LISTED
    assert many["managers_total"] > MANAGERS_LISTED
    overdue = [row["overdue"] for row in many["managers"]]
    assert overdue == sorted(overdue, reverse=True)
    if shutil.which("pdftotext"):  # the PDF lists as many, and says of how many
        pdf = client.get(f"/reports/cycles/{cycle.pk}/dashboard.pdf").content
        text = " ".join(
            subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode().split()
        )
        assert f"De {MANAGERS_LISTED} leidinggevenden met de meeste te late gesprekscycli, van de " in text


def test_the_progress_api_answers_one_level_and_a_unit_on_request(org, cycle):
    api = APIClient()
    api.force_authenticate(org.hr)
    top = api.get(f"/api/v1/cycles/{cycle.pk}/progress/").json()
    assert top["unit"]["name"] == "Gemeente Proef"
    assert {row["name"] for row in top["org_units"]} == {"Burgerzaken", "Financiën"}
    team = api.get(f"/api/v1/cycles/{cycle.pk}/progress/", {"unit": org.team.pk}).json()
    assert team["unit"]["name"] == "Burgerzaken"
    assert team["total"] == Review.objects.filter(cycle=cycle, org_unit=org.team).count()
    assert team["org_units"] == []
    assert "unit" in api.get(f"/api/v1/cycles/{cycle.pk}/progress/", {"unit": "x"}).json()


def test_the_new_cycle_page_finds_the_units_in_scope_by_typing(org):
    client = Client()
    client.force_login(org.hr)
    html = client.get("/cycles/new/").content.decode()
    scope = re.search(r'<select name="scope".*?</select>', html, re.S).group(0)
    assert "<option" not in scope  # no list of every unit: they are found by typing
    assert 'data-search-url="/api/v1/org-units/"' in scope
    assert "multiple" in scope


def test_a_drafts_edit_page_holds_its_chosen_units(org, cycle):
    from reviewcycle.services import cycle_copy

    draft = cycle_copy(cycle=cycle, actor=org.hr)
    client = Client()
    client.force_login(org.hr)
    html = client.get(f"/cycles/{draft.pk}/edit/").content.decode()
    scope = re.search(r'<select name="scope".*?</select>', html, re.S).group(0)
    assert f'<option value="{org.root.pk}" selected>Gemeente Proef</option>' in scope
    assert scope.count("<option") == 1


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_the_printable_dashboard_of_an_opened_unit_is_that_unit_s_and_says_so(org, cycle):
    """The page opened at a unit links to the PDF of that unit, which names it (else it prints the whole
    cycle, or sub-units without saying whose)."""
    client = Client()
    client.force_login(org.hr)
    html = client.get(f"/reports/cycles/{cycle.pk}/", {"unit": org.team.pk}).content.decode()
    link = re.search(r'<a href="([^"]*dashboard\.pdf[^"]*)"', html).group(1).replace("&amp;", "&")
    assert link == f"/reports/cycles/{cycle.pk}/dashboard.pdf?unit={org.team.pk}"
    pdf = client.get(link).content
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode().split()
    )
    assert "Organisatie-eenheid: Burgerzaken" in text
