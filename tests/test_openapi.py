"""docs/openapi.yaml is the schema the code serves: regenerate it with
``python manage.py spectacular --lang en --file docs/openapi.yaml`` after changing the API."""

import io
from pathlib import Path

import yaml
from django.core.management import call_command

SNAPSHOT = Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml"


def test_committed_openapi_schema_matches_the_code_and_validates():
    generated = io.StringIO()
    call_command("spectacular", "--lang", "en", "--validate", "--fail-on-warn", stdout=generated)
    assert generated.getvalue() == SNAPSHOT.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is stale: run `python manage.py spectacular --lang en --file docs/openapi.yaml`"
    )


def test_schema_is_served(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("lezer", password="x"))
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/frameworks/{slug}/" in response.content


# --- what a client generator needs (issue 23; tests/test_generated_clients.py runs the generators) ---------

SCHEMA = yaml.safe_load(SNAPSHOT.read_text(encoding="utf-8"))
UPLOADS = {("post", "/api/v1/people/import/")}  # the one upload: a multipart form, nothing else


def _operations():
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation


def test_every_request_body_is_json_but_the_upload():
    bodies = {
        (method, path): sorted(operation["requestBody"]["content"])
        for method, path, operation in _operations()
        if "requestBody" in operation
    }
    assert {key: types for key, types in bodies.items() if key in UPLOADS} == {
        key: ["multipart/form-data"] for key in UPLOADS
    }
    assert {
        key: types for key, types in bodies.items() if key not in UPLOADS and types != ["application/json"]
    } == {}


def test_logging_in_is_anonymous_with_its_own_request_and_answer():
    operation = SCHEMA["paths"]["/api/v1/auth/token/"]["post"]
    assert operation["security"] == [{}]
    assert "401" not in operation["responses"]
    schemas = SCHEMA["components"]["schemas"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert sorted(schemas[request]["required"]) == ["password", "username"]
    assert schemas[answer]["required"] == ["token"]


def test_creating_a_cycle_asks_only_for_its_settings():
    body = SCHEMA["paths"]["/api/v1/cycles/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    request = SCHEMA["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert not {"id", "state", "opened_at", "closed_at", "excluded"} & set(request["properties"])


def _free_form(node, path=""):
    """Paths of objects that say nothing of their properties."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" not in node and "additionalProperties" not in node:
            yield path
        for key, value in node.items():
            yield from _free_form(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            yield from _free_form(value, path)


def test_nested_objects_are_typed():
    assert list(_free_form(SCHEMA["components"])) == []
    detail = SCHEMA["components"]["schemas"]["ReviewDetail"]["properties"]
    for name in ("goals", "assessments", "events", "available_transitions"):
        assert detail[name]["items"]["$ref"], name
    dashboard = SCHEMA["paths"]["/api/v1/cycles/{id}/dashboard/"]["get"]["responses"]["200"]
    assert dashboard["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Dashboard"}


def test_ids_in_filters_are_integers_and_a_new_goal_needs_a_title():
    parameters = {p["name"]: p["schema"] for p in SCHEMA["paths"]["/api/v1/reviews/"]["get"]["parameters"]}
    assert parameters["cycle"]["type"] == parameters["manager"]["type"] == "integer"
    assert SCHEMA["components"]["schemas"]["GoalInputRequest"]["required"] == ["title"]


def test_files_are_bytes_to_a_generator_and_headers_are_declared():
    for method, path, operation in _operations():
        for status, answer in operation["responses"].items():
            content = answer.get("content", {})
            if any(media.get("schema", {}).get("format") == "binary" for media in content.values()):
                assert next(iter(content)) == "application/octet-stream", (method, path, status)
            if status in ("429", "503"):
                assert "Retry-After" in answer["headers"], (method, path, status)
    assert (
        "application/pdf"
        in SCHEMA["paths"]["/api/v1/reviews/{id}/pdf/"]["get"]["responses"]["200"]["content"]
    )
    inbox = SCHEMA["paths"]["/api/v1/notifications/"]["get"]["responses"]["200"]
    assert inbox["headers"]["X-Unread-Count"]["schema"] == {"type": "integer"}
