"""``manage.py scim_client_create NAME``: a provisioning client for /scim/v2/; prints its token once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from people.scim.clients import provisioning_client_create, provisioning_client_new_token
from people.scim.models import ProvisioningClient


class Command(BaseCommand):
    help = "Create a SCIM provisioning client (or give an existing one a new token with --new-token) and print its token."

    def add_arguments(self, parser):
        parser.add_argument("name", help="e.g. 'Entra ID'")
        parser.add_argument(
            "--new-token",
            action="store_true",
            help="the client exists: replace its token (the old one stops)",
        )

    def handle(self, *args, name, new_token, **options):
        if new_token:
            client = ProvisioningClient.objects.filter(name=name).first()
            if client is None:
                raise CommandError(f"No provisioning client {name!r}.")
            token = provisioning_client_new_token(client=client)
        else:
            try:
                client, token = provisioning_client_create(name=name)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(f"Provisioning client {client.name!r}: the token is shown only now.")
        self.stdout.write(token)
