"""``issue_api_client`` prints working Basic credentials once; ``revoke_api_client`` stops them."""

import base64
import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import ApiClient


def _issue(*args: str) -> tuple[str, str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_api_client", *args, stdout=out, stderr=err)
    lines = dict(line.split(":", 1) for line in out.getvalue().splitlines())
    return lines["client_id"].strip(), lines["secret"].strip(), err.getvalue()


def _get(client, client_id: str, secret: str):
    auth = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.get("/support/tickets/v1", HTTP_AUTHORIZATION=f"Basic {auth}")


@pytest.mark.django_db
def test_issued_credentials_work_and_only_their_digest_is_stored(client, mesa_user, network):
    client_id, secret, note = _issue(
        "--name",
        "Facilities",
        "--network",
        network.name,
        "--membership",
        mesa_user.email,
        "--scopes",
        "support",
    )
    stored = ApiClient.objects.get(client_id=client_id)
    assert stored.scopes == "support"
    assert stored.membership.user == mesa_user
    assert secret not in stored.secret_digest
    assert "will not be shown again" in note
    assert _get(client, client_id, secret).status_code == 200
    assert _get(client, client_id, secret + "x").status_code == 401


@pytest.mark.django_db
def test_network_by_id_and_membership_by_id_are_accepted(client, mesa_user, network):
    membership = mesa_user.memberships.get()
    client_id, secret, _ = _issue(
        "--name", "By id", "--network", str(network.pk), "--membership", str(membership.pk)
    )
    assert ApiClient.objects.get(client_id=client_id).scopes == "support.readonly"


@pytest.mark.django_db
def test_unknown_network_or_membership_outside_the_network_is_a_clear_error(
    mesa_user, network, other_network
):
    with pytest.raises(CommandError, match="No network"):
        _issue("--name", "x", "--network", "Nope", "--membership", mesa_user.email)
    with pytest.raises(CommandError, match="has no membership"):
        _issue("--name", "x", "--network", other_network.name, "--membership", mesa_user.email)
    assert not ApiClient.objects.exists()


@pytest.mark.django_db
def test_revoked_client_gets_401(client, mesa_user, network):
    client_id, secret, _ = _issue(
        "--name", "Temp", "--network", network.name, "--membership", mesa_user.email
    )
    out = io.StringIO()
    call_command("revoke_api_client", client_id, stdout=out)
    assert "Revoked" in out.getvalue()
    assert _get(client, client_id, secret).status_code == 401
    again = io.StringIO()
    call_command("revoke_api_client", client_id, stdout=again)
    assert "already revoked" in again.getvalue()
    with pytest.raises(CommandError):
        call_command("revoke_api_client", "sb_unknown")
