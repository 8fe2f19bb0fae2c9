"""Every declared query parameter is validated and every 404 under /api/ is JSON, over the whole API.

The operations and their parameters come from the schema the code generates (drf-spectacular's
SchemaGenerator), so a new endpoint or parameter is covered without touching this file:

- each query parameter declared with a type, an enum or a format gets values that break it (``maybe`` for
  a boolean, ``abc`` and an absurd number for an integer, ``2026-13-45`` for a date, a value outside the
  enum); the answer is 400 in the documented error shape with the parameter's name as the key. A valid
  value still answers 200, so strictness breaks nothing.
- each path id gets ``99999999999999999999`` (beyond any integer column), ``0`` and ``-1``; the answer is
  404 JSON with ``detail``, for every method.
"""

import datetime
import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from notifications.models import Notification, WebhookEndpoint
from people.models import PeopleImport
from reports.models import ReviewFormExport
from reviewcycle.informants import tokens
from tests.factories import UserFactory
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
METHODS = ("get", "post", "put", "patch", "delete")


def bad_values(schema: dict) -> list[str]:
    """Values the declared type, enum or format of a query parameter refuses."""
    if schema.get("type") == "array":
        return bad_values(schema["items"])
    if "enum" in schema:
        return ["nonsense", "CSV" if "csv" in schema["enum"] else "x"]
    if schema.get("format") == "date":
        return ["2026-13-45", "today", "9999-99-99"]
    if schema.get("type") == "boolean":
        return ["maybe", "yes please", "2x"]
    if schema.get("type") == "integer":
        return ["abc", "1.5", "-1", "9999999999999999999999"]
    if schema.get("type") == "number":
        return ["abc", "-1", "9999999999999999999999"]
    return []


def good_value(schema: dict) -> str:
    if schema.get("type") == "array":
        return good_value(schema["items"])
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("format") == "date":
        return "2026-06-01"
    if schema.get("type") == "boolean":
        return "true"
    return "1"


# Query parameters the schema declares as any text: a value the endpoint refuses all the same, and one it
# takes. A new one must be added here (KeyError at collection), or better declared with its enum or format.
UNTYPED = {
    (path, name): ("x" * 101, "Eva")  # free text, up to 100 characters
    for path in ("/api/v1/reviews/", "/api/v1/reviews/export/")
    for name in ("search", "manager_search")
} | {
    (path, "search"): ("x" * 101, "Eva")
    for path in ("/api/v1/people/", "/api/v1/org-units/", "/api/v1/employees/")
}
UNTYPED[("/api/v1/people/", "exclude")] = ("1,x", "1,2")  # ids, comma-separated
UNTYPED[("/api/v1/reviews/{id}/informants/candidates/", "search")] = ("x" * 101, "Eva")
QUERY_CASES: dict[str, list[tuple[str, str, str]]] = {}  # path -> (parameter, bad value, good value)
PATH_CASES: dict[str, list[tuple[str, str]]] = {}  # path -> (method, path parameter)
for _path, _operations in SCHEMA["paths"].items():
    for _method, _operation in _operations.items():
        if _method not in METHODS:
            continue
        for _parameter in _operation.get("parameters", []):
            if _parameter["in"] == "path" and _parameter["name"] != "slug":
                PATH_CASES.setdefault(_path, []).append((_method, _parameter["name"]))
            if _parameter["in"] != "query" or _method != "get":
                continue
            if bad_values(_parameter["schema"]):
                _bad, _good = bad_values(_parameter["schema"]), good_value(_parameter["schema"])
            else:
                _bad, _good = (
                    [UNTYPED[(_path, _parameter["name"])][0]],
                    UNTYPED[(_path, _parameter["name"])][1],
                )
            for _value in _bad:
                QUERY_CASES.setdefault(_path, []).append((_parameter["name"], _value, _good))
ID_VALUES = ("99999999999999999999", "0", "-1")


def test_the_schema_declares_query_parameters_to_check():
    """The enumeration found the parameters the issue names, so the cases below are not vacuous."""
    names = {(path, name) for path, cases in QUERY_CASES.items() for name, _bad, _good in cases}
    assert ("/api/v1/reviews/", "overdue") in names
    assert ("/api/v1/reviews/", "page") in names
    assert ("/api/v1/reviews/", "page_size") in names
    assert ("/api/v1/cycles/{id}/dashboard/", "today") in names
    assert ("/api/v1/notifications/", "unread") in names
    assert ("/api/v1/people/export/", "format") in names
    assert ("/api/v1/reviews/export/", "state") in names
    assert sum(len(cases) for cases in PATH_CASES.values()) > 50


@pytest.fixture
def objects(review, cycle, org, traveller, request):
    """One real object per kind of path id, so an operation can be reached with valid ids."""
    path = request.node.callspec.params.get("path", "") if hasattr(request.node, "callspec") else ""
    if "/informants/" in path:
        advance(review, org, "in_progress", traveller)  # input is asked in the regeling's phases: progress on
    export = ReviewFormExport.objects.create(
        cycle=cycle, org_unit=org.root, requested_by=org.hr, status=ReviewFormExport.Status.DONE
    )
    people_import = PeopleImport.objects.create(uploaded_by=org.hr, filename="medewerkers.csv", content=b"")
    notification = note(org.hr, "Let op")
    it = UserFactory(username="ilse-it")  # manages webhooks: a right of its own, not HR's
    it.user_permissions.add(Permission.objects.get(codename="change_webhookendpoint"))
    endpoint = WebhookEndpoint.objects.create(name="Dossier", url="https://dossier.example.org/", events=[])
    return {
        "/api/v1/webhooks/{id}/": endpoint.pk,
        "/api/v1/reviews/{id}/": review.pk,
        "/api/v1/cycles/{id}/": cycle.pk,
        "/api/v1/exports/{id}/": export.pk,
        "/api/v1/people/import/{id}/": people_import.pk,
        "/api/v1/people/{id}/": org.employee.pk,
        "/api/v1/employees/{id}/": org.employee.pk,
        "/api/v1/framework-versions/{id}/": cycle.framework_version_id,
        "/api/v1/notifications/{id}/": notification.pk,
    }


def note(user, subject: str) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=Notification.Kind.YOUR_TURN,
        channel=Notification.Channel.IN_APP,
        dedupe_key=f"test:{user.pk}:{subject}",
        subject=subject,
        body=subject,
    )


def fill(path: str, objects: dict) -> str:
    for prefix, pk in objects.items():
        if path.startswith(prefix):
            return prefix.replace("{id}", str(pk)) + path[len(prefix) :]
    return path


def callers(org) -> dict:
    """Tried in this order: HR reaches most; the others where HR has no role."""
    return {
        "hr": org.hr,
        "manager": org.manager.user,
        "employee": org.employee.user,
        "director": org.director.user,
        "it": get_user_model().objects.filter(username="ilse-it").first(),  # made by ``objects``
    }


def reaching_client(org, url: str) -> APIClient:
    """A client of the first role (HR first) whose plain GET of ``url`` succeeds."""
    for user in filter(None, callers(org).values()):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        if client.get(url).status_code == 200:
            return client
    raise AssertionError(f"no role reaches {url}: add one to tests/test_query_parameters.py")


def error_problem(response, status: int, key: str) -> str | None:
    """What is wrong with an error answer, or None when it is ``status`` in the documented shape."""
    if response.status_code != status:
        return f"{response.status_code} {response.content[:200]!r}"
    if response["Content-Type"] != "application/json":
        return f"content type {response['Content-Type']}"
    body = response.json()
    if not isinstance(body, dict) or set(body) != {key}:
        return f"keys {body!r}, not only {key!r}"
    messages = body[key] if isinstance(body[key], list) else [body[key]]
    if not messages or not all(isinstance(message, str) and message for message in messages):
        return f"messages {body!r}"
    return None


def assert_error(response, status: int, key: str) -> None:
    problem = error_problem(response, status, key)
    assert problem is None, problem


@pytest.mark.parametrize("path", sorted(QUERY_CASES))
def test_an_invalid_query_parameter_is_a_400_naming_it(objects, org, path):
    url = fill(path, objects)
    client = reaching_client(org, url)
    problems = []
    for name, bad, good in QUERY_CASES[path]:
        problem = error_problem(client.get(url, {name: bad}), 400, name)
        if problem:
            problems.append(f"?{name}={bad}: {problem}")
        response = client.get(url, {name: good})
        if response.status_code != 200:
            problems.append(f"?{name}={good} (valid): {response.status_code} {response.content[:200]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", sorted(PATH_CASES))
def test_an_id_that_cannot_exist_is_a_json_404(objects, org, path):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(org.hr)
    problems = []
    for (method, name), value, debug in itertools.product(PATH_CASES[path], ID_VALUES, (False, True)):
        # The other ids of the path are real where an object exists, so this one is what is not found.
        url = fill(path.replace("{" + name + "}", "<bad>"), objects).replace("<bad>", value)
        url = re.sub(r"\{[a-z_]+\}", "1", url)
        # The personal link counts refused tokens per address and answers 429 after ten (its own tests:
        # tests/reviewcycle/informants/test_links.py); here each impossible id is asked afresh.
        cache.delete(tokens._failures_key("127.0.0.1"))
        with override_settings(DEBUG=debug):
            response = client.get(url) if method == "get" else getattr(client, method)(url, {}, format="json")
        problem = error_problem(response, 404, "detail")
        if problem:
            problems.append(f"{method.upper()} {url} (DEBUG={debug}): {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nonexistent/",
        "/api/v1/nonexistent",
        "/api/v1/reviews/abc/",
        "/api/v1/reviews/1/nonexistent/",
        "/api/v2/reviews/",
        "/api/",
        "/api/v1/frameworks/no-such-framework/",
        "/api/v1/reviews/9223372036854775808/",
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_path_is_a_json_404(org, path, debug):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(org.hr)
    with override_settings(DEBUG=debug):
        response = client.get(path, follow=True)
    assert_error(response, 404, "detail")


def test_a_page_past_the_last_is_a_400_naming_page(review, org):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(org.hr)
    assert client.get("/api/v1/reviews/", {"page": 1, "page_size": 2}).status_code == 200
    response = client.get("/api/v1/reviews/", {"page": 999, "page_size": 2})
    assert_error(response, 400, "page")
    assert_error(client.get("/api/v1/reviews/", {"page_size": 501}), 400, "page_size")
    assert len(client.get("/api/v1/reviews/", {"page_size": 500}).json()["results"]) == 5


def test_the_error_is_in_dutch_for_a_dutch_caller(review, org):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_authenticate(org.hr)
    response = client.get("/api/v1/reviews/", {"overdue": "maybe"})
    assert response.status_code == 400
    assert response.json()["overdue"] == ["Vul true of false in."]


def test_the_boolean_filters_keep_their_meaning(review, org, traveller):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(org.hr)
    everyone = client.get("/api/v1/reviews/").json()["count"]
    traveller.move_to(datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC))  # planning was due 1 March
    overdue = client.get("/api/v1/reviews/", {"overdue": "true"}).json()["count"]
    in_time = client.get("/api/v1/reviews/", {"overdue": "false"}).json()["count"]
    assert overdue > 0
    assert overdue + in_time == everyone
    Notification.objects.filter(recipient=org.hr).delete()
    note(org.hr, "Nieuw")
    read = note(org.hr, "Gelezen")
    Notification.objects.filter(pk=read.pk).update(read_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC))
    assert client.get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 1
    assert client.get("/api/v1/notifications/", {"unread": "1"}).json()["count"] == 1
    assert client.get("/api/v1/notifications/", {"unread": "false"}).json()["count"] == 2
    assert client.get("/api/v1/notifications/").json()["count"] == 2


def test_a_filterset_that_is_not_strict_is_refused_by_the_filter_backend():
    """The API's filter backend takes only StrictFilterSets, so no view can filter leniently again."""
    import django_filters
    from django.core.exceptions import ImproperlyConfigured

    from core.query import FilterBackend
    from notifications.models import Notification as Model

    class Lenient(django_filters.FilterSet):
        unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

        class Meta:
            model = Model
            fields = ["unread"]

    class View:
        filterset_class = Lenient

    with pytest.raises(ImproperlyConfigured, match="StrictFilterSet"):
        FilterBackend().get_filterset_class(View(), Model.objects.none())

    class Fields:
        filterset_fields = ["kind"]

    from core.query import StrictFilterSet

    assert issubclass(FilterBackend().get_filterset_class(Fields(), Model.objects.none()), StrictFilterSet)
