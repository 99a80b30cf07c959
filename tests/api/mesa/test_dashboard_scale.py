"""Mesa dashboard on a huge table: totals from the counters, deep pages through the index,
a documented maximum depth answered with a 400 in the Mesa shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api_mesa import filters
from tickets import services

DASHBOARD = "/api/tickets/dashboard"


@pytest.fixture
def tickets(make_ticket, area_b, users):
    made = [make_ticket() for _ in range(4)] + [make_ticket(area=area_b) for _ in range(3)]
    for t in made[:2]:
        services.ticket_change_status(actor=users["mesa"], ticket=t, status="EN_PROCESO")
    return made


@pytest.mark.parametrize(
    ("caller", "query", "total"),
    [
        ("mesa", "", 7),
        ("mesa", "estado=EN PROCESO", 2),
        ("mesa", "estado=NUEVO&area=MANTENIMIENTO", 3),
        ("mesa", "area=Tecnología", 4),
        ("area_own", "", 4),
        ("area_own", "area=MANTENIMIENTO", 0),
        ("area_other", "estado=NUEVO", 3),
        ("mesa", "prioridad=MEDIA", 7),
        ("mesa", "q=impresora", 7),
    ],
)
def test_totals_match_the_rows_whatever_the_filters(client_as, tickets, caller, query, total):
    response = client_as(caller).get(f"{DASHBOARD}?{query}")
    assert response.status_code == 200
    assert response["X-Total-Count"] == str(total) == str(len(response.json()))


def test_total_without_search_filters_reads_the_counters_not_the_tickets(client_as, tickets):
    client = client_as("mesa")
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"{DASHBOARD}?estado=NUEVO&page=2&limit=2")
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts == []
    assert any("tickets_ticketcounter" in q["sql"] for q in ctx.captured_queries)


def test_deep_pages_hold_the_same_rows_as_a_plain_slice(client_as, tickets):
    from tickets.models import Ticket

    newest_first = [str(pk) for pk in Ticket.objects.order_by("-created_at", "-id")
                    .values_list("pk", flat=True)]  # fmt: skip
    client = client_as("mesa")
    for page in (1, 2, 3, 4):
        rows = client.get(f"{DASHBOARD}?page={page}&limit=2").json()
        assert [r["id"] for r in rows] == newest_first[(page - 1) * 2 : page * 2]


def test_a_page_deeper_than_the_maximum_is_a_400_naming_page(client_as, tickets, monkeypatch):
    monkeypatch.setattr(filters, "MAX_DEPTH", 4)
    client = client_as("mesa")
    assert client.get(f"{DASHBOARD}?page=2&limit=3").status_code == 200  # starts after 3
    response = client.get(f"{DASHBOARD}?page=3&limit=2")  # would start after 4
    assert response.status_code == 400
    body = response.json()
    assert body["message"] and "page" in body["errors"]


def test_the_documented_depth_is_fifty_pages_of_two_hundred(client_as, tickets):
    client = client_as("mesa")
    deepest = client.get(f"{DASHBOARD}?page=50&limit=200")  # after 9,800
    assert deepest.status_code == 200
    assert deepest.json() == []  # seven tickets: nothing that deep, but asked for fairly
    for query in ("page=51&limit=200", "page=1000&limit=50"):  # after 10,000
        response = client.get(f"{DASHBOARD}?{query}")
        assert response.status_code == 400
        assert "page" in response.json()["errors"]


def test_searched_total_stops_at_the_deepest_reachable_row(client_as, tickets, monkeypatch):
    monkeypatch.setattr(filters, "MAX_DEPTH", 2)
    response = client_as("mesa").get(f"{DASHBOARD}?q=impresora&limit=2")
    assert response["X-Total-Count"] == "4"  # MAX_DEPTH + limit, not all 7


def test_hand_written_rows_equal_drfs_field_by_field_rows(tickets, users):
    from django.utils import timezone
    from rest_framework import serializers

    from api_mesa.serializers.agent import DashboardRowSerializer
    from tickets import selectors

    services.ticket_assign(actor=users["mesa"], ticket=tickets[0], assignee=users["area_own"])
    rows = selectors.ticket_list(user=users["mesa"], related=selectors.MESA_RELATED)
    assert len(rows) == 7
    for ticket in rows:
        now = timezone.now()
        fast = DashboardRowSerializer(ticket, context={"now": now})
        slow = DashboardRowSerializer(ticket, context={"now": now})
        assert fast.data == serializers.Serializer.to_representation(slow, ticket)
        assert list(fast.data) == list(slow.fields)


def test_searched_deep_pages_hold_the_same_rows_as_a_plain_slice(client_as, tickets):
    client = client_as("mesa")
    every = [r["id"] for r in client.get(f"{DASHBOARD}?q=impresora").json()]
    assert len(every) == 7
    for page in (2, 3):
        rows = client.get(f"{DASHBOARD}?q=impresora&page={page}&limit=3").json()
        assert [r["id"] for r in rows] == every[(page - 1) * 3 : page * 3]
