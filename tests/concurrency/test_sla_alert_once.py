"""Overlapping SLA runs (two beats, a slow worker) still record one alert per kind."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection, connections

from tickets import services
from tickets.models import Activity, ActivityType

N = 8


@pytest.mark.django_db(transaction=True)
def test_parallel_alerts_for_one_ticket_write_one_entry(make_ticket):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    ticket = make_ticket()
    now = ticket.sla_due_at - timedelta(minutes=10)
    barrier = Barrier(N)

    def alert(_):
        try:
            barrier.wait(timeout=30)
            return services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="warning", now=now)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=N) as pool:
        results = list(pool.map(alert, range(N)))

    assert sum(r is not None for r in results) == 1
    assert Activity.objects.filter(ticket=ticket, type=ActivityType.SLA_ALERT).count() == 1
