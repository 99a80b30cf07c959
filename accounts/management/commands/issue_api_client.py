"""``manage.py issue_api_client``: issue Spacebring Basic-auth credentials without the admin.

    manage.py issue_api_client --name "Facilities app" --network "Red principal" \\
        --membership mesa@example.org --scopes support

Prints the client id and the secret once (only the secret's digest is stored), through the
same ``accounts.api_clients.issue`` the admin uses.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import api_clients
from accounts.models import ApiClientScope, Membership, Network


def _network(value: str) -> Network:
    try:
        return Network.objects.get(pk=uuid.UUID(value))
    except (ValueError, Network.DoesNotExist):
        pass
    matches = list(Network.objects.filter(name=value)[:2])
    if len(matches) != 1:
        raise CommandError(
            f"No network with id or name {value!r}." if not matches
            else f"Several networks are named {value!r}; give its id."
        )
    return matches[0]


def _membership(value: str, network: Network) -> Membership:
    in_network = Membership.objects.select_related("user", "location").filter(
        location__network=network
    )
    try:
        return in_network.get(pk=uuid.UUID(value))
    except (ValueError, Membership.DoesNotExist):
        pass
    matches = list(in_network.filter(user__email__iexact=value)[:2])
    if len(matches) != 1:
        raise CommandError(
            f"{value!r} has no membership in a location of {network}." if not matches
            else f"{value!r} has several memberships in {network}; give the membership id."
        )
    return matches[0]


class Command(BaseCommand):
    help = "Issue an API client (HTTP Basic on the Spacebring face); prints its secret once."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="What the client is for.")
        parser.add_argument("--network", required=True, help="Network id or exact name.")
        parser.add_argument(
            "--membership",
            required=True,
            help="The membership the client acts as: its id, or its user's e-mail.",
        )
        parser.add_argument(
            "--scopes",
            nargs="+",
            default=[ApiClientScope.SUPPORT_READONLY],
            choices=list(ApiClientScope.values),
            help="support and/or support.readonly (default: support.readonly).",
        )

    def handle(self, *args, name, network, membership, scopes, **options):
        net = _network(network)
        member = _membership(membership, net)
        try:
            client, secret = api_clients.issue(
                name=name, network=net, membership=member, scopes=" ".join(dict.fromkeys(scopes))
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"client_id: {client.client_id}")
        self.stdout.write(f"secret:    {secret}")
        self.stderr.write(
            f"Issued {client.name!r} acting as {member.user.email} in {net}, scopes "
            f"{client.scopes}. Copy the secret now: it is not stored and will not be shown again."
        )
