"""``GET /api/v1/framework-versions/`` and ``GET /api/v1/rating-scales/``: the ids and codes a cycle takes,
and the ids of what a version holds, for anyone logged in, in a fixed number of queries."""

import pytest
from rest_framework.test import APIClient

from frameworks.models import Framework, FrameworkVersion
from frameworks.selectors import current_version
from frameworks.services import (
    framework_version_new_draft,
    framework_version_publish,
    frameworks_load_builtin,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    frameworks_load_builtin()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(UserFactory())
    return client


def test_the_frameworks_list_gives_the_current_versions_id(api):
    rows = {row["slug"]: row for row in api.get("/api/v1/frameworks/").json()}
    kempen = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    assert rows["kempen-competenties"]["current_version"]["id"] == kempen.pk


def test_published_versions_are_listed_with_their_ids_and_which_is_current(api):
    kempen = Framework.objects.get(slug="kempen-competenties")
    first = current_version(framework=kempen)
    second = framework_version_publish(version=framework_version_new_draft(framework=kempen), actor=None)
    framework_version_new_draft(framework=kempen)  # a draft: never listed

    rows = api.get("/api/v1/framework-versions/", {"page_size": 100}).json()["results"]

    kempen_rows = [row for row in rows if row["framework"] == "kempen-competenties"]
    assert [(row["id"], row["number"], row["is_current"]) for row in kempen_rows] == [
        (second.pk, 2, True),
        (first.pk, 1, False),
    ]
    assert FrameworkVersion.objects.filter(framework=kempen, status="draft").exists()


def test_a_versions_detail_lists_its_competencies_cells_and_profiles_by_id(api):
    kempen = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    body = api.get(f"/api/v1/framework-versions/{kempen.pk}/").json()

    assert body["id"] == kempen.pk
    assert body["framework"] == "kempen-competenties"
    competencies = {row["name"]: row["id"] for row in body["competencies"]}
    assert competencies["Samenwerken"] == kempen.competencies.get(name="Samenwerken").pk
    cell = next(row for row in body["role_types"] if row["name"] == "Dienstverlener B")
    assert cell["id"] == kempen.role_types.get(family="Dienstverlener", grade="B").pk
    assert cell["default_level"] == 2

    ufo = current_version(framework=Framework.objects.get(slug="ufo-functieprofielen"))
    profiles = api.get(f"/api/v1/framework-versions/{ufo.pk}/").json()["job_profiles"]
    assert profiles
    assert all(profile["id"] and profile["levels"] for profile in profiles)


def test_a_draft_version_is_a_404(api):
    draft = framework_version_new_draft(framework=Framework.objects.get(slug="kempen-competenties"))
    assert api.get(f"/api/v1/framework-versions/{draft.pk}/").status_code == 404


def test_rating_scales_give_the_code_a_cycle_takes_and_the_values_a_rating_takes(api):
    scales = {row["code"]: row for row in api.get("/api/v1/rating-scales/").json()}
    five = scales["vijfpuntsschaal"]
    assert [option["value"] for option in five["options"]] == [1, 2, 3, 4, 5]
    assert five["options"][0]["meets_norm"] is False
    assert api.get("/api/v1/rating-scales/vijfpuntsschaal/").json() == five
    assert api.get("/api/v1/rating-scales/bestaat-niet/").status_code == 404


@pytest.mark.parametrize(
    ("url", "budget"),
    [("/api/v1/frameworks/", 3), ("/api/v1/framework-versions/", 4), ("/api/v1/rating-scales/", 4)],
)
def test_the_lists_take_a_fixed_number_of_queries(api, url, budget, django_assert_max_num_queries):
    with django_assert_max_num_queries(budget) as few:
        api.get(url)
    for framework in Framework.objects.all():  # a second published version of everything
        framework_version_publish(version=framework_version_new_draft(framework=framework), actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get(url).status_code == 200
