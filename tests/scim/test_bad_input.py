"""What a provisioning client gets wrong is answered in the SCIM error shape, never a 500 or HTML."""

import pytest
import time_machine

from people.models import Employee, PeopleEvent
from tests.factories import EmployeeFactory
from tests.scim.conftest import ENTERPRISE, ERROR_SCHEMA, entra_user, patch

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, scim_type: str | None = None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/scim+json"
    assert response.body["schemas"] == [ERROR_SCHEMA]
    assert response.body["status"] == str(status)
    assert response.body["detail"]
    if scim_type:
        assert response.body["scimType"] == scim_type


@pytest.mark.parametrize("token", ["", "gcscim_wrong"])
def test_a_missing_or_wrong_token_is_401(scim, token):
    response = scim("get", "Users", token=token)

    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_switched_off_client_is_401(scim, provisioning_client):
    provisioning_client.active = False
    provisioning_client.save()

    assert_error(scim("get", "ServiceProviderConfig"), 401)


def test_malformed_json_is_invalid_syntax(scim, org_tree):
    assert_error(scim("post", "Users", raw=b'{"userName": '), 400, "invalidSyntax")
    assert_error(scim("post", "Users", raw=b"[1, 2]"), 400, "invalidSyntax")


def test_an_unknown_attribute_is_refused(scim, org_tree):
    body = entra_user("1001")
    body["title"] = "Adviseur"

    assert_error(scim("post", "Users", body), 400)
    assert not Employee.objects.exists()


def test_an_unknown_patch_path_is_refused(scim, org_tree):
    created = scim("post", "Users", entra_user("1001")).body

    response = scim(
        "patch", f"Users/{created['id']}", patch({"op": "Replace", "path": "nickName", "value": "x"})
    )

    assert_error(response, 400)


@pytest.mark.parametrize(
    "query",
    [
        'userName eq "unterminated',
        'title eq "Adviseur"',
        'userName eq "a@b.nl" and title eq "Adviseur"',  # never half a filter, silently widened
        "userName zz 1",
        "and or",
    ],
)
def test_a_bad_filter_is_invalid_filter(scim, query):
    assert_error(scim("get", f"Users?filter={query}"), 400, "invalidFilter")


def test_the_imports_checks_apply(scim, org_tree):
    bad_number = entra_user("12 34")
    bad_number["emails"][0]["value"] = "mail1234@voorbeeld.nl"
    unknown_manager = entra_user("1002", manager="999999")
    no_department = entra_user("1003")
    del no_department[ENTERPRISE]["department"]

    response = scim("post", "Users", bad_number)
    assert_error(response, 400, "invalidValue")
    assert "employeeNumber" in response.body["detail"]
    assert_error(scim("post", "Users", unknown_manager), 400, "invalidValue")
    assert_error(scim("post", "Users", no_department), 400)
    assert not Employee.objects.exists()
    assert not PeopleEvent.objects.exists()


def test_a_circular_manager_chain_is_refused(scim, org_tree):
    boss = scim("post", "Users", entra_user("1001")).body
    report = scim("post", "Users", entra_user("1002", manager=boss["id"])).body

    response = scim(
        "patch",
        f"Users/{boss['id']}",
        patch({"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": report["id"]}),
    )

    assert_error(response, 400, "invalidValue")
    assert "1001 → 1002 → 1001" in response.body["detail"]  # the import's message, in Dutch as its report
    assert Employee.objects.get(employee_number="1001").manager is None


def test_duplicates_are_409(scim, org_tree):
    EmployeeFactory(employee_number="1001", org_unit=org_tree["team"], email="taken@voorbeeld.nl")
    same_number = entra_user("1001")
    same_mail = entra_user("1002")
    same_mail["emails"][0]["value"] = "TAKEN@voorbeeld.nl"
    scim("post", "Users", entra_user("1003"))
    same_user_name = entra_user("1004")
    same_user_name["userName"] = "USER1003@voorbeeld.nl"

    for body in (same_number, same_mail, same_user_name):
        assert_error(scim("post", "Users", body), 409, "uniqueness")


def test_another_employee_number_is_a_mutability_error(scim, org_tree):
    created = scim("post", "Users", entra_user("1001")).body

    response = scim("put", f"Users/{created['id']}", entra_user("1009"))

    assert_error(response, 400, "mutability")


def test_unknown_users_and_endpoints_are_404(scim):
    assert_error(scim("get", "Users/12345"), 404)
    assert_error(scim("get", "Users/abc"), 404)
    assert_error(scim("get", "Groups"), 404)


def test_the_list_costs_the_same_queries_for_any_page_size(scim, org_tree, django_assert_max_num_queries):
    boss = EmployeeFactory(org_unit=org_tree["team"])
    EmployeeFactory.create_batch(60, org_unit=org_tree["team"], manager=boss)

    for count in (1, 10, 60):
        with django_assert_max_num_queries(3):
            response = scim("get", f"Users?startIndex=1&count={count}")
        assert len(response.body["Resources"]) == count
    with django_assert_max_num_queries(3):
        scim("get", 'Users?filter=emails[type eq "work"].value co "example"&count=50')


def test_a_client_over_its_budget_gets_429(scim, settings):
    settings.SCIM_RATE_LIMIT_PER_MINUTE = 3

    with time_machine.travel("2026-05-04 10:00:30", tick=False):  # all four in one minute
        answers = [scim("get", "ServiceProviderConfig").status_code for _attempt in range(4)]

    assert answers == [200, 200, 200, 429]
