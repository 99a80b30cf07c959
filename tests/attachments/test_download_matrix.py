"""Downloads through every way in, behind the same permissions: every role × the portal,
the Spacebring face, the Mesa face and the requester's signed links; internal files never
reach a requester; links expire; a guessed URL gets nothing."""

import pytest
from django.core import signing
from django.test import Client
from rest_framework.test import APIClient

from accounts import api_clients
from accounts.jwt import tokens_for
from accounts.models import Membership
from tests.api.spacebring.conftest import assert_error, basic_header
from tests.conftest import PASSWORD
from tickets.access import Requester
from tickets.files.links import SALT, email_hash, requester_link

ROLES = ["admin", "mesa", "area_own", "area_other", "usuario"]
# Agents who may view area A's ticket read both files; AREA of B is refused by
# ticket_for (403); requesters never use the agents' ways in.
EXPECTED = {"admin": 200, "mesa": 200, "area_own": 200, "area_other": 403, "usuario": 403}


def portal_get(users, role, key):
    client = Client()
    assert client.login(username=users[role].email, password=PASSWORD)
    return client.get(f"/portal/attachments/{key}/")


def spacebring_get(users, role, key):
    membership = Membership.objects.get(user=users[role])
    client, secret = api_clients.issue(
        name=role, network=membership.location.network, membership=membership, scopes="support"
    )
    return Client().get(
        f"/support/tickets/v1/attachments/{key}",
        headers={"Authorization": basic_header(client.client_id, secret)},
    )


def mesa_get(users, role, key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(users[role])['token']}")
    return client.get(f"/api/tickets/adjuntos/{key}")


WAYS = {"portal": portal_get, "spacebring": spacebring_get, "mesa": mesa_get}


def assert_no_file(response, status: int) -> None:
    """Refused: the status, and not a byte of either file in the answer."""
    assert response.status_code == status
    assert not response.streaming
    assert b"\x89PNG" not in response.content and b"%PDF" not in response.content


def file_bytes(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("visibility", ["public", "internal"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("way", sorted(WAYS))
def test_download_role_matrix(users, with_files, way, role, visibility):
    _ticket, public, internal = with_files
    row = public if visibility == "public" else internal
    response = WAYS[way](users, role, row.key)
    assert response.status_code == EXPECTED[role], (way, role, response)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(
            b"\x89PNG" if visibility == "public" else b"%PDF"
        )
    else:
        assert_no_file(response, EXPECTED[role])
    if way == "spacebring" and response.status_code != 200:
        assert_error(response, EXPECTED[role], "forbidden")


@pytest.mark.parametrize("way", sorted(WAYS))
def test_unknown_key_is_404_on_every_way_in(users, with_files, way):
    assert_no_file(WAYS[way](users, "admin", "0" * 32), 404)


def test_anonymous_gets_the_login_page_or_401(with_files):
    _ticket, public, _internal = with_files
    portal = Client().get(f"/portal/attachments/{public.key}/")
    assert_no_file(portal, 302)
    assert portal.url.startswith("/accounts/login/")
    assert_no_file(Client().get(f"/support/tickets/v1/attachments/{public.key}"), 401)
    assert_no_file(APIClient().get(f"/api/tickets/adjuntos/{public.key}"), 401)


def test_spacebring_download_of_another_networks_ticket_is_404(with_files, other_location):
    from accounts.models import Role
    from tests.conftest import _user

    _ticket, public, _internal = with_files
    stranger = _user("otro@example.com", Role.ADMIN, None, other_location, "admin")
    response = spacebring_get({"admin": stranger}, "admin", public.key)
    assert_error(response, 404, "notFound")


def test_download_headers_force_a_download_and_forbid_sniffing(users, with_files):
    _ticket, public, internal = with_files
    response = portal_get(users, "mesa", internal.key)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="factura-interna.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    client = Client()
    client.login(username=users["mesa"].email, password=PASSWORD)
    thumb = client.get(f"/portal/attachments/{public.key}/?inline=1")
    assert thumb["Content-Disposition"].startswith("inline;")
    pdf_inline = client.get(f"/portal/attachments/{internal.key}/?inline=1")
    assert pdf_inline["Content-Disposition"].startswith("attachment;")  # raster images only


# --- requesters: signed links from the lookup page ------------------------------------


def lookup_html(ticket) -> str:
    response = Client().post("/consultar/", {"label": ticket.label, "email": "laura@example.com"})
    assert response.status_code == 200
    return response.content.decode()


def test_lookup_page_links_public_files_only(with_files):
    ticket, public, internal = with_files
    html = lookup_html(ticket)
    assert "captura.png" in html
    assert "factura-interna" not in html
    assert internal.key not in html and public.key not in html  # keys travel signed only
    assert "/portal/attachments/" not in html


def test_requester_link_downloads_the_public_file(with_files):
    ticket, public, _internal = with_files
    link = requester_link(Requester("laura@example.com", ticket_id=ticket.pk))(public)
    response = Client().get(link)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_requester_link_to_an_internal_file_is_404_even_when_validly_signed(with_files):
    ticket, _public, internal = with_files
    link = requester_link(Requester("laura@example.com", ticket_id=ticket.pk))(internal)
    assert_no_file(Client().get(link), 404)


def test_guessed_and_tampered_links_are_404(with_files, make_ticket):
    ticket, public, _internal = with_files
    assert_no_file(Client().get(f"/adjuntos/{public.key}/"), 404)
    good = requester_link(Requester("laura@example.com", ticket_id=ticket.pk))(public)
    assert_no_file(Client().get(good[:-3] + "xx/"), 404)
    # Signed for another ticket (one the forger owns): the file is not of that ticket.
    other = make_ticket(requester_email="mallory@example.com")
    forged = signing.dumps(
        {"k": public.key, "t": str(other.pk), "h": email_hash("mallory@example.com")},
        salt=SALT,
        compress=True,
    )
    assert_no_file(Client().get(f"/adjuntos/{forged}/"), 404)
    # Right ticket, wrong e-mail.
    wrong = signing.dumps(
        {"k": public.key, "t": str(ticket.pk), "h": email_hash("mallory@example.com")},
        salt=SALT,
        compress=True,
    )
    assert_no_file(Client().get(f"/adjuntos/{wrong}/"), 404)


def test_requester_link_expires(with_files, settings):
    import time

    ticket, public, _internal = with_files
    link = requester_link(Requester("laura@example.com", ticket_id=ticket.pk))(public)
    assert file_bytes(Client().get(link)).startswith(b"\x89PNG")
    settings.HELPDESK_ATTACHMENT_LINK_MAX_AGE = 1
    time.sleep(2.1)
    assert_no_file(Client().get(link), 404)


def test_requester_cannot_use_the_agents_ways_in(with_files, requester):
    _ticket, public, _internal = with_files
    client = Client()
    client.login(username=requester.email, password=PASSWORD)
    assert_no_file(client.get(f"/portal/attachments/{public.key}/"), 403)


def test_mesa_consultar_lists_public_files_with_signed_links(with_files):
    ticket, _public, _internal = with_files
    body = (
        APIClient()
        .post(
            "/api/tickets/consultar",
            {"label": ticket.label, "email": "laura@example.com"},
            format="json",
        )
        .json()
    )
    listed = [f for entry in body["historial"] for f in entry["adjuntos"]]
    assert [f["nombre"] for f in listed] == ["captura.png"]
    path = listed[0]["url"].split("://", 1)[1].split("/", 1)[1]
    assert Client().get("/" + path).status_code == 200
