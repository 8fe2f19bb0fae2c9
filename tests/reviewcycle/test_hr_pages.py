"""HR's pages: a new cycle with its reminders, opening and closing it, the objection queue."""

import pytest
from django.test import Client

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import Review, ReviewCycle
from tests.language import speaking

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return speaking(Client(), "en")


def cycle_post(org, **overrides) -> dict:
    data = {
        "name": "Gesprekscyclus 2027",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "scope": [str(org.root.pk)],
        "framework_version": str(
            current_version(framework=Framework.objects.get(slug="kempen-competenties")).pk
        ),
        "rating_scale": str(RatingScale.objects.get(slug="vijfpuntsschaal").pk),
        "planning_due": "2027-03-01",
        "progress_due": "2027-07-01",
        "self_assessment_due": "2027-10-01",
        "scoring_due": "2027-11-01",
        "appraisal_due": "2027-12-01",
        "response_term_days": "14",
        "second_review_days": "14",
        "objection_decision_days": "28",
        "min_progress_talks": "1",
        "min_review_period_days": "183",
        "goal_weight": "60",
        "competency_weight": "40",
        "reminder_offsets": "10, 3",
    }
    data.update(overrides)
    return data


def test_hr_creates_opens_and_closes_a_cycle_from_the_pages(org, client):
    client.force_login(org.hr)
    assert client.get("/cycles/new/").status_code == 200
    wrong = client.post("/cycles/new/", cycle_post(org, competency_weight="50", reminder_offsets="tien"))
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert "Give whole numbers of days" in body
    assert not ReviewCycle.objects.filter(name="Gesprekscyclus 2027").exists()

    created = client.post("/cycles/new/", cycle_post(org))
    cycle = ReviewCycle.objects.get(name="Gesprekscyclus 2027")
    assert created.status_code == 302
    assert created["Location"] == f"/reports/cycles/{cycle.pk}/"
    assert (cycle.state, cycle.goal_weight, cycle.competency_weight) == ("draft", 60, 40)
    assert cycle.reminder_offsets == [10, 3]
    dashboard = client.get(created["Location"]).content.decode()
    assert "Open the cycle" in dashboard

    opened = client.post(f"/cycles/{cycle.pk}/open/", follow=True).content.decode()
    assert "The cycle is open" in opened
    cycle.refresh_from_db()
    assert cycle.state == "open"
    assert Review.objects.filter(cycle=cycle).count() == 5  # everyone with a manager
    assert "No review for 1 employee without a manager" in opened  # the director reports to nobody

    refused = client.post(f"/cycles/{cycle.pk}/close/", {"force_reason": ""}, follow=True).content.decode()
    assert "not final, cancelled or exempt yet" in refused
    assert ReviewCycle.objects.get(pk=cycle.pk).state == "open"
    client.post(f"/cycles/{cycle.pk}/close/", {"force_reason": "Reorganisatie: cyclus vervalt."})
    assert ReviewCycle.objects.get(pk=cycle.pk).state == "closed"


def test_only_hr_of_the_units_reaches_the_cycle_pages(org, cycle, client):
    client.force_login(org.manager.user)
    assert client.get("/cycles/new/").status_code == 403
    assert client.post(f"/cycles/{cycle.pk}/close/", {"force_reason": "x"}).status_code == 403
    client.force_login(org.hr_elsewhere)
    assert client.post(f"/cycles/{cycle.pk}/close/", {"force_reason": "x"}).status_code == 404
    page = client.get("/cycles/new/").content.decode()
    assert "Gemeente Proef" not in page  # only their own units to choose from
    assert ReviewCycle.objects.get(pk=cycle.pk).state == "open"


def test_the_objection_queue_lists_what_hr_must_decide(review, org, client, traveller):
    from reviewcycle.services import review_object
    from tests.reviewcycle.helpers import advance

    review = advance(review, org, "employee_response", traveller)
    review_object(review=review, actor=org.employee.user, grounds="Oneens met het oordeel over samenwerken.")
    client.force_login(org.hr)
    page = client.get("/objections/").content.decode()
    assert "Eva Employee" in page
    client.force_login(org.hr_elsewhere)
    assert "Eva Employee" not in client.get("/objections/").content.decode()
    client.force_login(org.employee.user)
    assert client.get("/objections/").status_code == 403


def test_date_fields_carry_iso_values_whatever_the_language(org):
    """A browser's date picker shows nothing for 01-01-2026: its value must be 2026-01-01, in Dutch too."""
    import re

    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(org.hr)
    page = client.get("/cycles/new/").content.decode()
    values = re.findall(r'<input type="date" name="(\w+)" value="([^"]*)"', page)
    assert values, page
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for _name, value in values), values


def test_hr_of_part_of_a_cycles_scope_cannot_run_it_nor_read_who_else_it_covers(org, cycle, client):
    """Fenna is HR of Financiën; next year's draft covers Burgerzaken too. She cannot open, change,
    copy or delete it (the services refuse), so the pages refuse her at once (403) and the opening
    preview, on the page and in the API, never names the people of Burgerzaken."""
    from rest_framework.test import APIClient

    from people.services import hr_grant
    from reviewcycle.services import cycle_create
    from tests.factories import UserFactory
    from tests.reviewcycle.fixtures import cycle_fields

    draft = cycle_create(
        actor=org.hr,
        scope=[org.team, org.other_team],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(name="Nog een cyclus"),  # overlaps the open one: the preview would name people
    )
    fenna = UserFactory(username="fenna-hr")
    hr_grant(user=fenna, org_units=[org.other_team], actor=None)
    client.force_login(fenna)
    for url in ("open", "edit", "delete", "opening"):  # opening: its report names employee numbers
        refused = client.get(f"/cycles/{draft.pk}/{url}/")
        assert refused.status_code == 403, url
        assert "Eva Employee" not in refused.content.decode()
    for url in ("open", "edit", "delete", "copy"):
        assert client.post(f"/cycles/{draft.pk}/{url}/", {}).status_code == 403, url
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(fenna)
    preview = api.get(f"/api/v1/cycles/{draft.pk}/open/")
    assert preview.status_code == 403
    assert "Eva Employee" not in preview.content.decode()
    assert api.get(f"/api/v1/cycles/{draft.pk}/opening/").status_code == 403
    dashboard = client.get(f"/reports/cycles/{draft.pk}/")  # her part of the dashboard, no buttons to run it
    assert dashboard.status_code == 200
    assert f"/cycles/{draft.pk}/open/" not in dashboard.content.decode()
    assert f"/cycles/{draft.pk}/copy/" not in dashboard.content.decode()
    assert ReviewCycle.objects.filter(state="draft").count() == 1
    # HR of the whole scope still runs it.
    client.force_login(org.hr)
    assert client.get(f"/cycles/{draft.pk}/open/").status_code == 200
    assert f"/cycles/{draft.pk}/open/" in client.get(f"/reports/cycles/{draft.pk}/").content.decode()
