"""What a hostile or careless provisioning client sends is answered in the SCIM error shape (RFC 7644 §3.12):
never Django's HTML error pages, never a stack trace."""

import pytest

from tests.scim.conftest import ENTERPRISE, entra_user, patch
from tests.scim.test_bad_input import assert_error

pytestmark = pytest.mark.django_db

SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"


@pytest.fixture
def raw_client(client):
    """The Django test client answering an unhandled error with the 500 a real client gets."""
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "query",
    [
        'meta.lastModified gt "not a date"',
        'meta.created ge "yesterday"',
    ],
)
def test_a_filter_value_of_the_wrong_type_is_invalid_filter(scim, raw_client, org_tree, query):
    scim("post", "Users", entra_user("1001"))

    assert_error(scim("get", f"Users?filter={query}"), 400, "invalidFilter")


@pytest.mark.parametrize("start", ["99999999999999999999999", str(2**63)])
def test_a_start_index_past_every_user_is_an_empty_page(scim, raw_client, org_tree, start):
    scim("post", "Users", entra_user("1001"))

    response = scim("get", f"Users?startIndex={start}")

    assert response.status_code == 200, response.content
    assert response.body["totalResults"] == 1
    assert response.body["Resources"] == []


def test_a_body_over_the_upload_limit_is_413_in_the_scim_shape(scim, raw_client, org_tree, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = entra_user("1001")
    body["displayName"] = "x" * 20_000

    assert_error(scim("post", "Users", body), 413)


def test_an_unexpected_failure_is_a_500_in_the_scim_shape_without_a_trace(
    scim, raw_client, org_tree, monkeypatch
):
    from people.scim import views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /work/people/scim/views.py")

    monkeypatch.setattr(views, "scim_users", broken)

    response = scim("get", "Users")

    assert_error(response, 500)
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content


@pytest.mark.parametrize(
    "query",
    [
        "(" * 3000 + 'userName eq "a"' + ")" * 3000,
        " or ".join(f'userName eq "u{n}"' for n in range(3000)),
    ],
)
def test_a_filter_built_to_exhaust_the_parser_is_refused(scim, raw_client, org_tree, query):
    response = scim("post", "Users/.search", {"schemas": [SEARCH], "filter": query})

    assert_error(response, 400, "invalidFilter")


def test_a_filter_nested_deep_within_the_length_limit_is_refused(scim, raw_client, org_tree):
    query = "(" * 450 + 'userName eq "a"' + ")" * 450

    assert_error(scim("get", f"Users?filter={query}"), 400, "invalidFilter")


def test_an_id_of_digits_int_cannot_read_is_an_unknown_user(scim, raw_client, org_tree):
    """``"²".isdigit()`` is true, ``int("²")`` fails: superscripts are no id (404, 400), not a 500."""
    created = scim("post", "Users", entra_user("1001")).body
    body = entra_user("1002", manager="²")

    assert_error(scim("get", "Users/²"), 404)
    assert_error(scim("post", "Users", body), 400, "invalidValue")
    assert_error(
        scim(
            "patch",
            f"Users/{created['id']}",
            patch({"op": "replace", "path": f"{ENTERPRISE}:manager", "value": "³"}),
        ),
        400,
        "invalidValue",
    )
