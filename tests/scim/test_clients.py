"""Provisioning clients: the command prints a token once, only its hash is kept, a new one ends the old."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from people.models import ProvisioningClient
from tests.scim.conftest import Scim

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_working_token_and_keeps_its_hash(client):
    out = StringIO()
    call_command("scim_client_create", "Entra ID", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()

    stored = ProvisioningClient.objects.get(name="Entra ID")
    assert token.startswith("gcscim_")
    assert token not in stored.token_hash
    assert Scim(client, token)("get", "ServiceProviderConfig").status_code == 200

    renewed = StringIO()
    call_command("scim_client_create", "Entra ID", "--new-token", stdout=renewed, stderr=StringIO())
    assert Scim(client, token)("get", "ServiceProviderConfig").status_code == 401
    assert Scim(client, renewed.getvalue().strip())("get", "ServiceProviderConfig").status_code == 200


def test_a_name_is_used_once():
    call_command("scim_client_create", "Entra ID", stdout=StringIO(), stderr=StringIO())

    with pytest.raises(CommandError):
        call_command("scim_client_create", "Entra ID", stdout=StringIO(), stderr=StringIO())


def test_the_admin_shows_a_new_clients_token_once(admin_client):
    response = admin_client.post(
        "/admin/people/provisioningclient/add/", {"name": "Keycloak", "active": "on"}, follow=True
    )

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    token = next(message.rsplit(" ", 1)[-1] for message in messages if "gcscim_" in message)
    assert ProvisioningClient.for_token(token).name == "Keycloak"


def test_the_token_message_says_where_the_endpoint_is(admin_client, settings):
    """Found walking the admin as IT: the token came without the address the identity provider asks for
    next to it (Entra ID's *Tenant URL*)."""
    settings.SITE_URL = "https://gesprekken.example.nl"
    response = admin_client.post("/admin/people/provisioningclient/add/", {"name": "Entra ID"}, follow=True)
    [message] = [str(message) for message in response.context["messages"] if "gcscim_" in str(message)]
    assert "https://gesprekken.example.nl/scim/v2 in als adres" in message  # as docs/sso.md writes it


def test_the_admin_speaks_dutch_and_names_the_organisation(admin_client, settings):
    """Found walking the admin as IT: the header said *Django-beheer* and a column *Created at*."""
    admin_client.post("/admin/people/provisioningclient/add/", {"name": "Entra ID"})
    page = admin_client.get("/admin/people/provisioningclient/", headers={"accept-language": "nl"})
    text = page.content.decode()
    assert "Created at" not in text
    assert "Aangemaakt" in text
    assert f"{settings.ORGANISATION_NAME} – beheer" in text
    assert "Django-beheer" not in text
