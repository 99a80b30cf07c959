"""Ticket numbers stay unique and gap-free when many tickets are opened at once."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from accounts.models import Area, Location, Network
from tickets import services
from tickets.models import Priority, Ticket

N = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_creates_get_numbers_one_to_fifty():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    network = Network.objects.create(name="Red")
    location = Location.objects.create(network=network, name="Sede", label_prefix="CC")
    Priority.objects.create(name="MEDIA", order=3, sla_hours=24)
    Area.objects.create(code="MESA", name="Mesa")
    barrier = Barrier(N)

    def create(i: int) -> int:
        try:
            barrier.wait(timeout=30)
            ticket = services.ticket_create(
                actor=None,
                location=location,
                description=f"Ticket concurrente {i}",
                priority="MEDIA",
                requester_email=f"user{i}@example.com",
            )
            return ticket.number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=N) as pool:
        numbers = list(pool.map(create, range(N)))

    assert sorted(numbers) == list(range(1, N + 1))
    assert sorted(Ticket.objects.values_list("number", flat=True)) == list(range(1, N + 1))
    assert Ticket.objects.values("label").distinct().count() == N
    location.refresh_from_db()
    assert location.last_number == N
