"""Provisioning clients: created with a token shown once, given a new one when it leaked or expired."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from people.scim.models import ProvisioningClient


@transaction.atomic
def provisioning_client_create(*, name: str) -> tuple[ProvisioningClient, str]:
    """A new active client called ``name`` and its bearer token (keep it: only its hash is stored).

    Raises ``ValidationError`` (400 in a form) for an empty name or one another client has.
    """
    client = ProvisioningClient(name=name.strip())
    token = client.set_new_token()
    client.full_clean()
    client.save()
    return client, token


@transaction.atomic
def provisioning_client_new_token(*, client: ProvisioningClient) -> str:
    """Replace the client's token: the old one stops working at once. Returns the new one (shown once)."""
    client = ProvisioningClient.objects.select_for_update().get(pk=client.pk)
    token = client.set_new_token()
    client.save(update_fields=["token_hash", "updated_at"])
    return token


def token_message(*, client: ProvisioningClient, token: str) -> str:
    """What the admin shows once: the token, last, and the endpoint's address the provider asks for with it
    (Entra ID's *Tenant URL*)."""
    return _(
        "The secret token of %(client)s, shown only now. In the identity provider, enter %(url)s as the "
        "address (Entra ID: Tenant URL) and this as the secret token: %(token)s"
    ) % {"client": client.name, "url": f"{settings.SITE_URL.rstrip('/')}/scim/v2", "token": token}
