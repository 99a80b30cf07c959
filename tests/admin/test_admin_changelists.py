"""The admin's ticket and history changelists on a huge table: keyset pages, no counts,
the indexed search, and still only what the role may see."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD
from tickets import services
from tickets.admin import ActivityAdmin, TicketAdmin

TICKETS = reverse("admin:tickets_ticket_changelist")
HISTORY = reverse("admin:tickets_activity_changelist")


def login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def labels(response) -> list[str]:
    return re.findall(r"TKT-\d{4}-\d{5}", response.content.decode())


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(TicketAdmin, "list_per_page", 4)
    monkeypatch.setattr(ActivityAdmin, "list_per_page", 4)


def test_ticket_changelist_walks_keyset_pages_newest_first(client, users, make_ticket,
                                                           small_pages):  # fmt: skip
    made = [make_ticket().label for _ in range(10)][::-1]
    login(client, users["mesa"])
    seen, url = [], TICKETS
    while True:
        response = client.get(url)
        assert response.status_code == 200
        seen += list(dict.fromkeys(labels(response)))
        page = response.context["cl"].keyset
        if page.older is None:
            break
        url = TICKETS + response.context["cl"].keyset_older
    assert seen == made
    oldest = client.get(TICKETS + "?last=1")
    assert list(dict.fromkeys(labels(oldest))) == made[-4:]


def test_changelists_never_count_the_table(client, users, make_ticket):
    for _ in range(3):
        make_ticket()
    login(client, users["admin"])
    for url in (TICKETS, HISTORY, TICKETS + "?status__exact=NUEVO"):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        sql = " ".join(q["sql"].upper() for q in ctx.captured_queries)
        assert "COUNT(" not in sql, url
        assert "OFFSET" not in sql, url


def test_ticket_search_uses_the_shared_search(client, users, make_ticket):
    wanted = make_ticket(subject="Proyector averiado", description="No enciende el proyector")
    make_ticket(subject="Silla", description="Silla rota")
    login(client, users["mesa"])
    found = labels(client.get(TICKETS, {"q": "proyector"}))
    assert set(found) == {wanted.label}
    found = labels(client.get(HISTORY, {"q": wanted.label}))
    assert set(found) == {wanted.label}


def test_area_agent_history_changelist_shows_only_their_area(client, users, make_ticket, area_b):
    own = make_ticket()
    other = make_ticket(area=area_b)
    services.ticket_comment(actor=users["mesa"], ticket=other, text="Nota", public=False)
    login(client, users["area_own"])
    found = set(labels(client.get(HISTORY)))
    assert found == {own.label}
    found = set(labels(client.get(TICKETS)))
    assert found == {own.label}
