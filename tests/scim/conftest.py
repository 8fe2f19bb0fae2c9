import json

import pytest

from people.models import ProvisioningClient

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


@pytest.fixture
def provisioning_client(db):
    client = ProvisioningClient(name="Entra ID")
    token = client.set_new_token()
    client.save()
    client.token = token
    return client


class Scim:
    """Requests as Entra ID sends them: a bearer token, ``application/scim+json``."""

    def __init__(self, django_client, token: str):
        self.client, self.token = django_client, token

    def __call__(self, method: str, path: str, body=None, *, raw: bytes | None = None, token=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs = {"content_type": "application/scim+json"} if data is not None else {}
        headers = {"Authorization": f"Bearer {token if token is not None else self.token}"}
        response = getattr(self.client, method.lower())(
            f"/scim/v2/{path}", data=data, headers=headers, **kwargs
        )
        response.body = json.loads(response.content) if response.content else None
        return response


@pytest.fixture
def postgresql(db):
    """Integration tests of provisioning run on PostgreSQL (DATABASE_URL), like the import they reuse."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def scim(client, provisioning_client):
    return Scim(client, provisioning_client.token)


def entra_user(
    number: str, *, manager: str | None = None, department: str = "Burgerzaken", active=True
) -> dict:
    """A User as Entra ID's default attribute mappings send it on creation."""
    enterprise = {"employeeNumber": number, "department": department}
    if manager:
        enterprise["manager"] = {"value": manager}
    return {
        "schemas": [USER_SCHEMA, ENTERPRISE],
        "externalId": f"ext-{number}",
        "userName": f"user{number}@voorbeeld.nl",
        "active": active,
        "displayName": f"Medewerker {number}",
        "name": {"givenName": "Medewerker", "familyName": number},
        "emails": [{"primary": True, "type": "work", "value": f"mail{number}@voorbeeld.nl"}],
        ENTERPRISE: enterprise,
    }


def patch(*operations: dict) -> dict:
    return {"schemas": [PATCH_SCHEMA], "Operations": list(operations)}
