"""``manage.py revoke_api_client CLIENT_ID``: the admin's "Revoke" action from the shell."""

from django.core.management.base import BaseCommand, CommandError

from accounts import api_clients
from accounts.models import ApiClient


class Command(BaseCommand):
    help = "Revoke an API client: its credentials stop working at once."

    def add_arguments(self, parser):
        parser.add_argument("client_id")

    def handle(self, *args, client_id, **options):
        client = ApiClient.objects.filter(client_id=client_id).first()
        if client is None:
            raise CommandError(f"No API client {client_id!r}.")
        if not client.usable:
            self.stdout.write(f"{client_id} was already revoked.")
            return
        api_clients.revoke(client)
        self.stdout.write(f"Revoked {client_id} ({client.name}).")
