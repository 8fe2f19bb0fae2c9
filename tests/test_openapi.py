"""docs/openapi.yaml is the schema the code serves: regenerate it with
``python manage.py spectacular --lang en --file docs/openapi.yaml`` after changing the API."""

import io
from pathlib import Path

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
