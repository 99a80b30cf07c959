"""GET /api/tickets/{id}: the full record with its whole history, for agents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.mesa.conftest import CALLERS, UNAUTHENTICATED
from tickets import services

EXPECTED = {"admin": 200, "mesa": 200, "area_own": 200, "area_other": 403, "usuario": 403}


def url(ticket) -> str:
    return f"/api/tickets/{ticket.pk}"


@pytest.mark.parametrize("caller", CALLERS)
def test_detail_role_matrix(client_as, ticket, caller):
    response = client_as(caller).get(url(ticket))

    assert response.status_code == {**EXPECTED, **UNAUTHENTICATED}[caller]
    if response.status_code == 200:
        assert response.json()["id"] == str(ticket.pk)
    else:
        assert set(response.json()) == {"message"}


def test_detail_has_the_contract_keys_and_internal_notes(client_as, ticket, mesa_user):
    services.ticket_comment(actor=mesa_user, ticket=ticket, text="Nota interna", public=False)

    body = client_as("area_own").get(url(ticket)).json()

    for key in (
        "solicitante_nombre", "solicitante_email", "telefono", "tiene_whatsapp", "documento",
        "empresa_departamento", "asunto", "categoria", "descripcion_problema", "estado",
        "prioridad", "area_asignada", "creado_en", "actualizado_en", "fecha_limite_sla",
        "sla_horas", "ip_registro", "historial",
    ):  # fmt: skip
        assert key in body, key
    assert [e["accion"] for e in body["historial"]] == ["CREACION", "NOTA_INTERNA"]
    assert body["historial"][1]["nota"] == "Nota interna"
    assert body["historial"][1]["agente_email"] == mesa_user.email
    assert body["historial"][1]["publico"] is False


def test_other_area_agent_gets_403_with_the_reason(client_as, ticket):
    response = client_as("area_other").get(url(ticket))

    assert response.status_code == 403
    assert response.json()["message"]


@pytest.mark.parametrize("ticket_id", ["00000000-0000-0000-0000-000000000000", "no-es-un-uuid"])
def test_unknown_or_malformed_id_is_404(client_as, ticket_id, ticket):
    response = client_as("mesa").get(f"/api/tickets/{ticket_id}")

    assert response.status_code == 404
    assert set(response.json()) == {"message"}


def _count(client, ticket) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(ticket)).status_code == 200
    return len(ctx.captured_queries)


def test_detail_query_count_does_not_grow_with_history(client_as, ticket, mesa_user):
    client = client_as("mesa")
    client.get(url(ticket))  # caches the business calendars (``engine_calendars``)
    small = _count(client, ticket)
    for n in range(20):
        services.ticket_comment(actor=mesa_user, ticket=ticket, text=f"Nota {n}", public=n % 2 == 0)

    large = _count(client, ticket)

    assert small == large == 4  # user of the token, ticket with joins, its history, files
