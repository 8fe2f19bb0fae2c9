"""HR chooses the regeling a cycle runs on, on the page and in the API; a draft version is refused; a
copy for next year takes the regeling's newest published version."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from reviewcycle.models import CycleTemplate, CycleTemplateVersion, ReviewCycle
from reviewcycle.services import cycle_copy
from reviewcycle.shapes.services import current_template_version, cycle_templates_load_builtin
from tests.language import speaking
from tests.reviewcycle.services.test_cycle_create import api_payload
from tests.reviewcycle.test_hr_pages import cycle_post

pytestmark = pytest.mark.django_db


def version_of(slug: str) -> CycleTemplateVersion:
    return current_template_version(CycleTemplate.objects.get(slug=slug))


@pytest.fixture
def api(org):
    cycle_templates_load_builtin()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(org.hr)
    return client


def test_the_api_lists_the_regelingen_and_makes_a_cycle_on_one(api, org):
    listed = api.get("/api/v1/cycle-templates/")
    assert listed.status_code == 200
    by_code = {item["code"]: item for item in listed.json()}
    goede = by_code["goede-gesprekken"]["versions"][0]
    assert (goede["has_scores"], goede["has_appraisal_talk"], goede["min_progress_talks"]) == (
        False,
        False,
        2,
    )
    assert goede["signature_options"] == ["seen"]

    payload = {**api_payload(org), "template_version": goede["id"]}
    del payload["min_progress_talks"]  # left out: the regeling's
    created = api.post("/api/v1/cycles/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["template_version"] == goede["id"]
    assert created.json()["min_progress_talks"] == 2

    without = api.post("/api/v1/cycles/", {**api_payload(org), "name": "Standaard"}, format="json")
    assert without.json()["template_version"] == version_of("gemeentelijk").pk


def test_a_draft_version_is_refused_next_to_its_field(api, org):
    draft = CycleTemplateVersion.objects.create(
        template=CycleTemplate.objects.get(slug="twee-gesprekken"), number=2, signature_options=["seen"]
    )
    refused = api.post("/api/v1/cycles/", {**api_payload(org), "template_version": draft.pk}, format="json")
    assert refused.status_code == 400
    assert "template_version" in refused.json()
    assert not ReviewCycle.objects.exists()


def test_the_page_offers_the_regelingen_and_stores_the_choice(org):
    cycle_templates_load_builtin()
    page = speaking(Client(), "nl")
    page.force_login(org.hr)
    form = page.get("/cycles/new/").content.decode()
    assert "Gemeentelijk (de standaard)" not in form  # UX finding 21: each regeling once, by its name
    assert f'<option value="{version_of("gemeentelijk").pk}" selected>Gemeentelijk</option>' in form
    assert ">Goede gesprekken</option>" in form
    assert "Goede gesprekken, versie" not in form
    twee = version_of("twee-gesprekken")
    assert page.post("/cycles/new/", cycle_post(org, template_version=str(twee.pk))).status_code == 302
    cycle = ReviewCycle.objects.get(name="Gesprekscyclus 2027")
    assert cycle.template_version == twee


def test_next_years_copy_takes_the_newest_published_version(api, org):
    created = api.post(
        "/api/v1/cycles/",
        {**api_payload(org), "template_version": version_of("twee-gesprekken").pk},
        format="json",
    )
    cycle = ReviewCycle.objects.get(pk=created.json()["id"])
    newer = CycleTemplateVersion.objects.create(
        template=cycle.template_version.template,
        number=2,
        status=CycleTemplateVersion.Status.PUBLISHED,
        published_at=cycle.created_at,
        signature_options=["agreed"],
        rating_scale=cycle.rating_scale,
        due_offsets=cycle.template_version.due_offsets,
        min_progress_talks=0,
        has_self_assessment=False,
    )
    copy = cycle_copy(cycle=cycle, actor=org.hr)
    assert copy.template_version == newer


def test_a_review_says_its_shape(org, api):
    from reviewcycle.models import Review
    from tests.reviewcycle.shapes.test_paths import review_on

    review = review_on(org, "r-en-o-gesprek")
    shape = api.get(f"/api/v1/reviews/{review.pk}/").json()["shape"]
    assert shape["regeling"] == "Jaarlijks R&O-gesprek"
    assert (shape["has_scores"], shape["has_second_review"], shape["signature_options"]) == (
        False,
        False,
        ["agreed"],
    )
    assert Review.objects.get(pk=review.pk).cycle.template_version_id == shape["template_version"]
