"""Users over SCIM as Entra ID sends them: create, read, filter, replace, patch, delete."""

import pytest

from people.models import Employee, PeopleEvent
from tests.scim.conftest import ENTERPRISE, entra_user, patch

pytestmark = pytest.mark.django_db


def test_create_makes_an_employee_with_an_account_and_an_audit_event(scim, org_tree, provisioning_client):
    response = scim("post", "Users", entra_user("1001"))

    assert response.status_code == 201, response.body
    employee = Employee.objects.get(employee_number="1001")
    assert employee.org_unit == org_tree["department"]
    assert employee.email == "mail1001@voorbeeld.nl"
    assert employee.user.username == "1001"
    assert response.body["id"] == str(employee.pk)
    assert response.body["userName"] == "user1001@voorbeeld.nl"
    assert response.body[ENTERPRISE]["employeeNumber"] == "1001"
    assert response["Location"].endswith(f"/scim/v2/Users/{employee.pk}")
    event = PeopleEvent.objects.get(kind=PeopleEvent.Kind.EMPLOYEE_PROVISIONED)
    assert event.client == provisioning_client
    assert event.user == employee.user
    assert event.actor is None


def test_a_second_create_is_a_conflict_and_changes_nothing(scim, org_tree):
    scim("post", "Users", entra_user("1001"))

    again = scim("post", "Users", entra_user("1001"))

    assert again.status_code == 409
    assert again.body["scimType"] == "uniqueness"
    assert Employee.objects.count() == 1
    assert PeopleEvent.objects.count() == 1


def test_filters_as_entra_id_sends_them(scim, org_tree):
    created = scim("post", "Users", entra_user("1001")).body
    scim("post", "Users", entra_user("1002"))

    for query in (
        'userName eq "USER1001@voorbeeld.nl"',
        'externalId eq "ext-1001"',
        'emails[type eq "work"].value eq "mail1001@voorbeeld.nl"',
        f'{ENTERPRISE}:employeeNumber eq "1001"',
    ):
        listed = scim("get", f"Users?filter={query}").body
        assert listed["totalResults"] == 1, query
        assert listed["Resources"][0]["id"] == created["id"]


def test_paging(scim, org_tree):
    ids = [scim("post", "Users", entra_user(f"10{n}")).body["id"] for n in range(3)]

    page = scim("get", "Users?startIndex=2&count=1").body

    assert page["totalResults"] == 3
    assert page["startIndex"] == 2
    assert page["itemsPerPage"] == 1
    assert [user["id"] for user in page["Resources"]] == ids[1:2]
    assert scim("get", "Users?startIndex=4&count=10").body["Resources"] == []


def test_replace_and_patch_are_idempotent(scim, org_tree):
    created = scim("post", "Users", entra_user("1001")).body
    body = entra_user("1001", department="Bedrijfsvoering")

    first = scim("put", f"Users/{created['id']}", body)
    second = scim("put", f"Users/{created['id']}", body)

    assert first.status_code == second.status_code == 200
    assert Employee.objects.get().org_unit.name == "Bedrijfsvoering"
    assert PeopleEvent.objects.filter(kind=PeopleEvent.Kind.EMPLOYEE_UPDATED).count() == 1

    operation = {"op": "Replace", "path": "name.givenName", "value": "Anna"}
    for _attempt in range(2):
        response = scim("patch", f"Users/{created['id']}", patch(operation))
        assert response.status_code == 200, response.body
    assert response.body["name"]["givenName"] == "Anna"
    assert PeopleEvent.objects.filter(kind=PeopleEvent.Kind.EMPLOYEE_UPDATED).count() == 2


def test_delete_is_leaving_and_hides_the_user(scim, org_tree):
    created = scim("post", "Users", entra_user("1001")).body

    assert scim("delete", f"Users/{created['id']}").status_code == 204
    assert scim("delete", f"Users/{created['id']}").status_code == 404
    assert scim("get", f"Users/{created['id']}").status_code == 404
    employee = Employee.objects.get()
    assert not employee.active
    assert not employee.user.is_active
    assert PeopleEvent.objects.filter(kind=PeopleEvent.Kind.EMPLOYEE_DEPROVISIONED).count() == 1


def test_patch_in_entra_ids_other_forms(scim, org_tree):
    boss = scim("post", "Users", entra_user("1001")).body
    created = scim("post", "Users", entra_user("1002", manager=boss["id"])).body
    path = f"Users/{created['id']}"

    renamed = scim(
        "patch",
        path,
        patch({"op": "Replace", "value": {"displayName": "Nieuwe Naam", "name.givenName": "Nieuwe"}}),
    )
    moved = scim(
        "patch",
        path,
        patch({"op": "Replace", "path": 'emails[type eq "work"].value', "value": "nieuw@voorbeeld.nl"}),
    )
    unmanaged = scim(
        "patch",
        path,
        patch({"op": "Remove", "path": f"{ENTERPRISE}:manager", "value": [{"value": boss["id"]}]}),
    )

    assert renamed.status_code == moved.status_code == unmanaged.status_code == 200, unmanaged.body
    employee = Employee.objects.get(employee_number="1002")
    assert employee.name == "Nieuwe Naam"
    assert employee.email == "nieuw@voorbeeld.nl"
    assert employee.manager is None
    assert "manager" not in unmanaged.body[ENTERPRISE]
