"""Keyset pagination of the ticket list (``pageToken``, ``limit``)."""

from datetime import timedelta

from django.utils import timezone

from tests.api.spacebring.conftest import BASE, assert_matches
from tickets.models import Ticket


def test_walk_250_tickets_while_new_ones_arrive(admin_api, make_ticket):
    for _ in range(250):
        make_ticket()
    # Same created_at for a block of rows: the id breaks the tie.
    Ticket.objects.filter(pk__in=list(Ticket.objects.values_list("pk", flat=True)[:30])).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    existing = set(Ticket.objects.values_list("pk", flat=True))
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        params = {"limit": 20, **({"pageToken": token} if token else {})}
        body = admin_api.get(BASE, data=params).json()
        assert_matches("list", body)
        assert len(body["tickets"]) <= 20
        seen += [t["id"] for t in body["tickets"]]
        pages += 1
        make_ticket()  # a new ticket arrives between page fetches
        token = body.get("nextPageToken")
        if not token:
            break
    assert len(seen) == len(set(seen)), "a ticket was seen twice"
    assert {str(pk) for pk in existing} <= set(seen), "a ticket was skipped"
    assert pages == 13


def test_default_limit_is_20_and_last_page_has_no_token(admin_api, make_ticket):
    for _ in range(21):
        make_ticket()
    first = admin_api.get(BASE).json()
    assert len(first["tickets"]) == 20
    last = admin_api.get(BASE, data={"pageToken": first["nextPageToken"]}).json()
    assert len(last["tickets"]) == 1
    assert "nextPageToken" not in last


def test_token_is_opaque(admin_api, make_ticket):
    for _ in range(3):
        make_ticket()
    token = admin_api.get(BASE, data={"limit": 1}).json()["nextPageToken"]
    assert "-" not in token[:4] and ":" not in token
