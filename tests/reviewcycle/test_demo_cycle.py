"""Opening a cycle for the demo organisation, from the API and from the admin."""

import datetime

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from rest_framework.test import APIClient

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from people.models import OrgUnit
from reviewcycle.demo import demo_cycle_dates
from reviewcycle.models import Review, ReviewCycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(traveller, settings):
    settings.DEMO_MODE = True  # the demo password opens the accounts in demo mode only
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def new_cycle_payload(name):
    return {
        "name": name,
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "scope": [OrgUnit.objects.get(name="Dienstverlening").pk],
        "framework_version": current_version(framework=Framework.objects.get(slug="kempen-competenties")).pk,
        "rating_scale": "vijfpuntsschaal",
        "planning_due": "2027-03-01",
        "progress_due": "2027-07-01",
        "self_assessment_due": "2027-10-01",
        "scoring_due": "2027-11-01",
        "appraisal_due": "2027-12-01",
    }


def test_the_demo_has_an_open_cycle_for_everyone_with_a_manager(demo):
    cycle = ReviewCycle.objects.get()
    assert cycle.state == "open"
    assert cycle.name == "Cyclus 2026"  # today is 15 January 2026 (the traveller)
    assert (cycle.period_start, cycle.period_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert cycle.planning_due == datetime.date(2026, 1, 25)
    assert cycle.reviews.count() == 39  # all but the gemeentesecretaris, who has no manager
    assert (
        cycle.reviews.filter(second_reviewer=None).count() == 3
    )  # the directors report to her, she to nobody


def test_hr_opens_a_cycle_for_the_demo_organisation_through_the_api(demo):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(request=HttpRequest(), username="hanneke", password="gesprek2026")
    created = client.post("/api/v1/cycles/", new_cycle_payload("Dienstverlening 2027"), format="json")
    assert created.status_code == 201, created.content
    report = client.post(f"/api/v1/cycles/{created.json()['id']}/open/").json()
    # Dienstverlening: its director, 2 department heads and 11 staff.
    assert report["created"] == 14
    assert Review.objects.filter(cycle_id=created.json()["id"]).count() == 14


def test_hr_opens_a_cycle_from_the_admin(demo, client):
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    cycle = ReviewCycle.objects.create(
        name="Admin 2027",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
        framework_version=version,
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        planning_due=datetime.date(2027, 3, 1),
        progress_due=datetime.date(2027, 7, 1),
        self_assessment_due=datetime.date(2027, 10, 1),
        scoring_due=datetime.date(2027, 11, 1),
        appraisal_due=datetime.date(2027, 12, 1),
    )
    cycle.scope.set([OrgUnit.objects.get(name="Gemeente Voorbeeld")])
    assert client.login(request=HttpRequest(), username="hanneke", password="gesprek2026")
    assert client.get("/admin/reviewcycle/reviewcycle/").status_code == 200
    response = client.post(
        "/admin/reviewcycle/reviewcycle/",
        {"action": "open_cycles", "_selected_action": [cycle.pk]},
        follow=True,
    )
    assert response.status_code == 200
    cycle.refresh_from_db()
    assert cycle.state == "open"
    assert cycle.reviews.count() == 39
    assert "39 gesprekscycli aangemaakt" in response.content.decode()  # Dutch by default


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), datetime.date(2026, 11, 23)]
)
def test_the_demo_cycle_always_starts_now_with_its_phases_in_order(today):
    dates = demo_cycle_dates(today)
    assert dates["period_start"] <= today < dates["planning_due"] <= today + datetime.timedelta(days=14)
    phases = ["planning_due", "progress_due", "self_assessment_due", "scoring_due", "appraisal_due"]
    assert [dates[phase] for phase in phases] == sorted(dates[phase] for phase in phases)
    assert dates["appraisal_due"] < dates["period_end"]
    assert (dates["period_end"] - dates["period_start"]).days in (364, 365)
