"""Schema fuzzing: schemathesis generates requests for every API operation from the OpenAPI schema.

The schema is docs/openapi.yaml, which tests/test_openapi.py keeps identical to /api/v1/schema/. Calls go
in-process to the WSGI application as HR of the organisation (who may reach most), on a real review.
No answer may be a 5xx, and every answer must be one the schema documents, in the documented shape.
"""

from pathlib import Path

import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

SCHEMA = schemathesis.openapi.from_dict(
    yaml.safe_load((Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml").read_text())
)
SCHEMA.app = get_wsgi_application()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The app is called directly, not through Django's test client: like that client, keep the request
    signals from closing the test's database connection (PostgreSQL would lose the test transaction)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def hr_token(review, org):
    return Token.objects.create(user=org.hr).key


@pytest.mark.django_db
@SCHEMA.parametrize()
@settings(
    max_examples=8,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case, hr_token):
    case.call_and_validate(headers={"Authorization": f"Token {hr_token}"}, checks=CHECKS)
