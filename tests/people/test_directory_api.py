"""``GET /api/v1/org-units/tree/`` and ``GET /api/v1/employees/``: the organisation with its ids, filtered by
what the caller may see, in a number of queries that does not grow with the organisation."""

import pytest
from rest_framework.test import APIClient

from people.services import hr_grant
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def names(nodes: list[dict]) -> list:
    return [(node["name"], names(node["children"])) for node in nodes]


def test_hr_reads_the_units_of_their_scope_as_a_tree(org_tree):
    hr = UserFactory()
    hr_grant(user=hr, org_units=[org_tree["directorate"]], actor=None)
    OrgUnitFactory(name="Andere gemeente", kind="organisation")

    tree = client_for(hr).get("/api/v1/org-units/tree/").json()

    assert names(tree) == [("Dienstverlening", [("Burgerzaken", [("Team Balie", [])])])]
    assert tree[0]["id"] == org_tree["directorate"].pk
    assert tree[0]["parent"] == org_tree["root"].pk  # the real parent, outside the scope
    team = tree[0]["children"][0]["children"][0]
    assert team == {
        "id": org_tree["team"].pk,
        "name": "Team Balie",
        "kind": "team",
        "active": True,
        "parent": org_tree["department"].pk,
        "children": [],
    }


def test_anyone_else_reads_only_their_own_unit(org_tree):
    employee = EmployeeFactory(org_unit=org_tree["department"])

    tree = client_for(employee.user).get("/api/v1/org-units/tree/").json()

    assert names(tree) == [("Burgerzaken", [])]


def test_the_unit_search_gives_each_units_parent(org_tree):
    hr = UserFactory()
    hr_grant(user=hr, org_units=[org_tree["root"]], actor=None)

    rows = client_for(hr).get("/api/v1/org-units/", {"search": "balie"}).json()["results"]

    assert rows == [
        {
            "id": org_tree["team"].pk,
            "name": "Team Balie",
            "label": "Team Balie",
            "kind": "team",
            "parent": org_tree["department"].pk,
        }
    ]


def test_hr_lists_every_employee_of_their_scope_with_the_ids_writes_take(org_tree):
    hr = UserFactory()
    hr_grant(user=hr, org_units=[org_tree["directorate"]], actor=None)
    boss = EmployeeFactory(name="Bea Baas", org_unit=org_tree["directorate"])
    clerk = EmployeeFactory(name="Carla Klerk", org_unit=org_tree["team"], manager=boss)
    gone = EmployeeFactory(name="Gijs Gegaan", org_unit=org_tree["team"], manager=boss, active=False)
    EmployeeFactory(name="Elders", org_unit=org_tree["other"])  # outside the scope
    client = client_for(hr)

    rows = client.get("/api/v1/employees/").json()["results"]
    assert [row["name"] for row in rows] == ["Bea Baas", "Carla Klerk", "Gijs Gegaan"]
    carla = rows[1]
    assert carla["id"] == clerk.pk
    assert carla["org_unit"] == org_tree["team"].pk
    assert carla["manager"] == boss.pk
    assert carla["role_type"] == clerk.role_type_id
    assert carla["job_profile"] is None
    assert carla["employee_number"] == clerk.employee_number

    in_team = client.get("/api/v1/employees/", {"org_unit": org_tree["department"].pk, "active": "true"})
    assert [row["id"] for row in in_team.json()["results"]] == [clerk.pk]
    assert client.get("/api/v1/employees/", {"search": "gijs"}).json()["results"][0]["id"] == gone.pk
    assert client.get(f"/api/v1/employees/{gone.pk}/").json()["active"] is False


def test_an_employee_outside_hrs_scope_is_a_404_and_anyone_but_hr_a_403(org_tree):
    hr = UserFactory()
    hr_grant(user=hr, org_units=[org_tree["directorate"]], actor=None)
    elsewhere = EmployeeFactory(org_unit=org_tree["other"])

    assert client_for(hr).get(f"/api/v1/employees/{elsewhere.pk}/").status_code == 404
    assert client_for(elsewhere.user).get("/api/v1/employees/").status_code == 403
    assert client_for(elsewhere.user).get(f"/api/v1/employees/{elsewhere.pk}/").status_code == 403


def build_organisation(size: int):
    root = OrgUnitFactory(name=f"Gemeente {size}", kind="organisation")
    hr = UserFactory()
    hr_grant(user=hr, org_units=[root], actor=None)
    for number in range(size):
        unit = OrgUnitFactory(name=f"Afdeling {number}", parent=root)
        team = OrgUnitFactory(name=f"Team {number}", kind="team", parent=unit)
        EmployeeFactory(org_unit=team, manager=EmployeeFactory(org_unit=unit))
    return hr


@pytest.mark.parametrize("url", ["/api/v1/org-units/tree/", "/api/v1/employees/", "/api/v1/org-units/"])
def test_the_lists_take_as_many_queries_for_a_large_organisation_as_for_a_small_one(
    url, django_assert_max_num_queries, django_assert_num_queries
):
    small, large = build_organisation(2), build_organisation(30)
    client = client_for(small)
    with django_assert_max_num_queries(6) as counted:
        assert client.get(url).status_code == 200
    client = client_for(large)
    with django_assert_num_queries(len(counted.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
