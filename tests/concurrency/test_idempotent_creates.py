"""Sixteen parallel creates with one ``Idempotency-Key`` create one ticket, and all sixteen
answer the same response (PostgreSQL: the key's row waits on the unique index)."""

import base64
import json
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections
from django.test import Client

from accounts import api_clients
from accounts.models import Membership
from tickets.models import Ticket

N = 16
MESA_BODY = {
    "nombre": "Laura Gómez",
    "email": "laura@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Correo",
    "descripcion": "No puedo entrar al correo corporativo desde ayer.",
    "prioridad": "ALTA",
}

pytestmark = pytest.mark.postgres


def _basic(user, location) -> str:
    membership = Membership.objects.get(user=user, location=location)
    client, secret = api_clients.issue(
        name="parallel", network=location.network, membership=membership, scopes="support"
    )
    return "Basic " + base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()


@pytest.mark.parametrize("face", ["mesa", "spacebring"])
@pytest.mark.django_db(transaction=True)
def test_sixteen_parallel_creates_with_one_key_create_one_ticket(
    face, users, location, priorities, area_mesa, area_a
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    if face == "mesa":
        path, body, headers, created = "/api/tickets/crear", MESA_BODY, {}, 200
    else:
        path = "/support/tickets/v1"
        body = {"ticket": {"locationRef": str(location.pk), "text": "No hay internet en la sala"}}
        headers, created = {"Authorization": _basic(users["admin"], location)}, 201
    barrier = Barrier(N)

    def post(_: int):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(
                path,
                json.dumps(body),
                content_type="application/json",
                headers={**headers, "Idempotency-Key": f"parallel-{face}"},
            )
            return response.status_code, response.content
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=N) as pool:
        answers = list(pool.map(post, range(N)))

    assert {code for code, _ in answers} == {created}
    assert len({content for _, content in answers}) == 1  # one body, sixteen times
    assert Ticket.objects.count() == 1
