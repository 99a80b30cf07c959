"""The held-mail pages (/portal/mail/) by role: who may read a kept message and act on it,
what a refused action leaves behind (nothing), and a list whose queries stay flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mail import threading
from mail.inbound import process
from mail.models import InboundMessage
from tests.mail.helpers import raw_message
from tickets.models import Activity, Ticket

pytestmark = pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")

ACTIONS = ("attach", "open", "discard")
# role -> (may read the message of a ticket of area A, may act on it)
MATRIX = {
    "admin": (True, True),
    "mesa": (True, True),
    "area_own": (True, True),
    "area_other": (False, False),
    "usuario": (False, False),
    "anon": (False, False),
}


def _held(ticket, sender="colega@example.com", n=0):
    raw = raw_message(sender=sender, to=threading.reply_address(ticket.pk),
                      subject=f"Re: {ticket.subject} {n}", body="Yo también lo veo.")
    assert process.process_raw(raw, source="push").status == "held"
    return InboundMessage.objects.filter(sender=sender).latest("pk")


@pytest.mark.parametrize("role", MATRIX)
def test_reading_a_held_message_follows_the_tickets_visibility(client_for, users, ticket,
                                                               area_b, role):
    row = _held(ticket)
    client = client_for(role)
    may_read, _ = MATRIX[role]
    for url in (f"/portal/mail/{row.pk}/", f"/portal/mail/{row.pk}/raw/"):
        response = client.get(url)
        if may_read:
            assert response.status_code == 200
        else:  # anonymous: to the login page; a requester: 403; another area: 404
            assert response.status_code in (302, 403, 404)
            assert b"Yo tambi" not in response.content


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["area_other", "usuario", "anon"])
def test_a_role_that_may_not_see_the_message_changes_nothing(client_for, users, ticket,
                                                             area_b, role, action):
    row = _held(ticket)
    tickets, entries = Ticket.objects.count(), Activity.objects.count()
    response = client_for(role).post(f"/portal/mail/{row.pk}/{action}/",
                                     {"ticket": ticket.label})
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/login" in response["Location"] or "login" in response["Location"]
    row.refresh_from_db()
    assert (row.resolution, row.resolved_by_id) == ("", None)
    assert (Ticket.objects.count(), Activity.objects.count()) == (tickets, entries)


def test_an_area_agent_discards_mail_of_their_own_areas_ticket(client_for, users, ticket):
    row = _held(ticket)
    response = client_for("area_own").post(f"/portal/mail/{row.pk}/discard/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.resolution, row.resolved_by) == ("discarded", users["area_own"])


def test_attaching_to_a_ticket_the_agent_cannot_see_is_a_400_and_changes_nothing(
    client_for, users, ticket, make_ticket, area_b
):
    row = _held(ticket)
    hidden = make_ticket(area=area_b)
    response = client_for("area_own").post(f"/portal/mail/{row.pk}/attach/",
                                           {"ticket": hidden.label})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.resolution == ""
    assert not Activity.objects.filter(ticket=hidden, type="comment").exists()


def test_a_message_dealt_with_cannot_be_acted_on_again(client_for, users, ticket):
    row = _held(ticket)
    client = client_for("mesa")
    assert client.post(f"/portal/mail/{row.pk}/discard/").status_code == 302
    response = client.post(f"/portal/mail/{row.pk}/open/")
    assert response.status_code == 400
    assert Ticket.objects.count() == 1


def test_a_malformed_cursor_or_ticket_filter_is_not_a_server_error(client_for, ticket):
    _held(ticket)
    client = client_for("mesa")
    for query in ("after=%00garbage", "after=zzz", "ticket=not-a-uuid", "show=nonsense"):
        assert client.get(f"/portal/mail/?{query}").status_code in (200, 400)


def test_the_list_reads_a_fixed_number_of_queries_whatever_its_length(client_for, ticket,
                                                                      make_ticket):
    client = client_for("mesa")
    _held(ticket)
    client.get("/portal/mail/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as one:
        assert client.get("/portal/mail/").status_code == 200
    for n in range(1, 8):
        _held(make_ticket(), sender=f"colega{n}@example.com", n=n)
    with CaptureQueriesContext(connection) as eight:
        page = client.get("/portal/mail/")
    assert page.content.decode().count("@example.com") >= 8
    assert len(eight.captured_queries) == len(one.captured_queries)
