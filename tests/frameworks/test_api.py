import pytest

from frameworks.models import Framework
from frameworks.services import framework_version_new_draft, frameworks_load_builtin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    frameworks_load_builtin()
    client.force_login(UserFactory())
    return client


def test_list_shows_published_frameworks_with_their_current_version(api):
    response = api.get("/api/v1/frameworks/")
    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()}
    assert set(rows) == {
        "kempen-competenties",
        "competentiewoordenboek",
        "ufo-functieprofielen",
        "functiebeschrijvingen-bedrijf",
    }
    assert rows["kempen-competenties"]["current_version"]["number"] == 1


def test_detail_nests_competencies_levels_indicators_cells_and_profiles(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = api.get("/api/v1/frameworks/kempen-competenties/")
    assert response.status_code == 200
    body = response.json()
    assert [c["name"] for c in body["competencies"]] == [
        "Klantgerichtheid",
        "Resultaatgericht",
        "Samenwerken",
    ]
    assert len(body["competencies"][1]["levels"][3]["indicators"]) == 2
    cells = {cell["name"]: cell for cell in body["role_types"]}
    assert len(cells) == 20
    assert cells["Leidinggevende A"]["expected_levels"] == {
        "klantgerichtheid": 4,
        "resultaatgericht": 4,
        "samenwerken": 4,
    }
    ufo = api.get("/api/v1/frameworks/ufo-functieprofielen/").json()
    profile = next(p for p in ufo["job_profiles"] if p["key"] == "juridisch-adviseur")
    assert profile["levels"][0] == {"level": 1, "salary_scale": 12}
    assert len(profile["result_areas"]) == 10


def test_detail_shows_the_published_version_not_a_newer_draft(api):
    draft = framework_version_new_draft(framework=Framework.objects.get(slug="kempen-competenties"))
    draft.competencies.filter(key="samenwerken").update(name="Samenwerking (concept)")
    body = api.get("/api/v1/frameworks/kempen-competenties/").json()
    assert body["current_version"]["number"] == 1
    assert "Samenwerking (concept)" not in [c["name"] for c in body["competencies"]]


def test_unknown_framework_is_404_and_anonymous_is_refused(api, client):
    assert api.get("/api/v1/frameworks/bestaat-niet/").status_code == 404
    client.logout()
    assert client.get("/api/v1/frameworks/").status_code == 401
