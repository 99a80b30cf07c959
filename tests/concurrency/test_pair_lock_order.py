"""Merging or linking one pair of tickets from both sides at once: both rows are locked in
id order, so the calls queue instead of deadlocking; one link, one merge, never a 5xx."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from tickets import services
from tickets.errors import DomainError
from tickets.models import Ticket, TicketLink

N = 16

pytestmark = pytest.mark.postgres


def _race(calls) -> list[str]:
    barrier = Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            call()
            return "ok"
        except DomainError as exc:
            return type(exc).__name__
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.mark.django_db(transaction=True)
def test_linking_one_pair_from_both_sides_at_once_makes_one_link(users, make_ticket):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no lock wait")
    a, b = make_ticket(), make_ticket()
    mesa = users["mesa"]
    calls = [
        (lambda x=x, y=y: services.ticket_link(actor=mesa, ticket_id=x, other_id=y))
        for i in range(N)
        for x, y in [((a.pk, b.pk) if i % 2 else (b.pk, a.pk))]
    ]
    results = _race(calls)
    assert results.count("ok") == 1
    assert set(results) == {"ok", "ValidationFailed"}  # "already related", no deadlock
    assert TicketLink.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_merging_two_tickets_into_each_other_at_once_merges_one_way(users, make_ticket):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no lock wait")
    a, b = make_ticket(), make_ticket()
    mesa = users["mesa"]
    calls = [
        lambda: services.ticket_merge(actor=mesa, source_id=a.pk, target_id=b.pk),
        lambda: services.ticket_merge(actor=mesa, source_id=b.pk, target_id=a.pk),
    ] * 4
    results = _race(calls)
    assert results.count("ok") == 1
    assert set(results) - {"ok"} <= {"InvalidTransition", "TicketFinal"}
    merged = Ticket.objects.filter(merged_into__isnull=False)
    assert merged.count() == 1
