"""Two agents updating one ticket at once: every call either succeeds with its own history
entry or answers a clear 4xx; never a 500. The row is locked without joins, then loaded."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from tests.api.mesa.conftest import bearer, op_url, token_of
from tickets.models import Activity, ActivityType

N = 32
PRIORITIES = ["URGENTE", "ALTA", "MEDIA", "BAJA"]

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_thirty_two_concurrent_updates_of_one_ticket_never_answer_5xx(users, ticket):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no lock wait")
    tokens = [token_of(users["mesa"]), token_of(users["admin"])]
    barrier = Barrier(N)

    def update(i: int) -> int:
        try:
            client = bearer(APIClient(), tokens[i % 2])
            body = {
                "estado": "EN_PROCESO",
                "prioridad": PRIORITIES[i % len(PRIORITIES)],
                "area": "TECNOLOGIA",
                "respuesta": f"Respuesta concurrente número {i}",
            }
            barrier.wait(timeout=30)
            return client.post(op_url(ticket, "actualizar"), body, format="json").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=N) as pool:
        codes = list(pool.map(update, range(N)))

    assert [c for c in codes if c >= 500] == []
    assert codes.count(200) == N  # every update is valid: they only wait for the lock
    comments = Activity.objects.filter(ticket=ticket, type=ActivityType.COMMENT)
    assert comments.count() == N  # one response per successful call, none lost or doubled
    changes = Activity.objects.filter(ticket=ticket, type=ActivityType.STATUS_UPDATED)
    last = changes.order_by("created_at", "pk").last()
    ticket.refresh_from_db()
    assert ticket.priority.name == last.data.get("priority", ticket.priority.name)
    assert ticket.status == "EN_PROCESO"
    # The last committed response names the priority the ticket ended with.
    last_comment = comments.order_by("created_at", "pk").last()
    i = int(last_comment.data["text"].rsplit(" ", 1)[1])
    assert ticket.priority.name == PRIORITIES[i % len(PRIORITIES)]
