"""POST /api/tickets/consultar: label + matching e-mail; public history only."""

import pytest

from tests.api.mesa.conftest import CALLERS
from tickets import services

CONSULTAR = "/api/tickets/consultar"


def lookup(api, ticket, email=None):
    body = {"label": ticket.label, "email": email or ticket.requester_email}
    return api.post(CONSULTAR, body, format="json")


def test_lookup_answers_the_contract_keys(api, ticket):
    response = lookup(api, ticket)

    assert response.status_code == 200
    body = response.json()
    for key in (
        "ticketUuid", "ticketLabel", "ticketNum", "solicitanteNombre", "solicitanteEmail",
        "solicitanteTel", "tieneWhatsapp", "documento", "empresaDepartamento", "tipoSolicitud",
        "categoria", "subcategoria", "asunto", "descripcionProblema", "respuestaCliente",
        "areaAsignada", "prioridadNombre", "estadoNombre", "creadoEn", "actualizadoEn",
        "fechaUltimaAccion", "accion", "nota", "agenteNombre", "agenteRol", "estadoAnterior",
        "estadoNuevo", "prioridadAnterior", "prioridadNueva", "historial",
    ):  # fmt: skip
        assert key in body, key
    assert body["ticketLabel"] == ticket.label
    assert body["accion"] == "CREACION"
    assert body["respuestaCliente"] is None


def test_label_and_email_are_matched_case_insensitively(api, ticket):
    response = api.post(
        CONSULTAR,
        {"label": ticket.label.lower(), "email": ticket.requester_email.upper()},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["ticketUuid"] == str(ticket.pk)


def test_wrong_email_and_unknown_label_answer_identically(api, ticket):
    wrong_email = lookup(api, ticket, email="otro@example.com")
    unknown = api.post(
        CONSULTAR, {"label": "TKT-1999-99999", "email": ticket.requester_email}, format="json"
    )

    assert wrong_email.status_code == unknown.status_code == 404
    assert wrong_email.json() == unknown.json()


def test_requester_sees_only_public_history_without_agent_emails(
    api, ticket, mesa_user, area_a_user
):
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user, reason="interno")
    services.ticket_comment(actor=mesa_user, ticket=ticket, text="Nota secreta", public=False)
    services.ticket_comment(actor=mesa_user, ticket=ticket, text="Ya lo revisamos", public=True)

    response = lookup(api, ticket)

    body = response.json()
    actions = [entry["accion"] for entry in body["historial"]]
    assert actions == ["CREACION", "RESPUESTA"]
    assert "Nota secreta" not in response.content.decode()
    assert mesa_user.email not in response.content.decode()
    assert body["respuestaCliente"] == "Ya lo revisamos"
    assert body["agenteNombre"] == mesa_user.full_name
    assert body["agenteRol"] == "MESA"


def test_latest_entry_shows_status_before_and_after(api, ticket, mesa_user):
    services.ticket_pause(actor=mesa_user, ticket=ticket, reason="Esperando repuesto")

    body = lookup(api, ticket).json()

    assert body["accion"] == "CAMBIO_ESTADO"
    assert (body["estadoAnterior"], body["estadoNuevo"]) == ("NUEVO", "PAUSADO")
    assert body["nota"] == ""  # the reason is internal: requesters never read it


@pytest.mark.parametrize("caller", CALLERS)
def test_everyone_may_look_up(client_as, ticket, caller):
    response = lookup(client_as(caller), ticket)
    assert response.status_code == 200
    assert response.json()["ticketLabel"] == ticket.label


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "laura@example.com"}, "label"),
        ({"label": "TKT-2026-00001"}, "email"),
        ({"label": "TKT-2026-00001", "email": "laura"}, "email"),
    ],
)
def test_lookup_validates_its_body(api, body, field):
    response = api.post(CONSULTAR, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_lookup_is_throttled(api, ticket, monkeypatch):
    from api_mesa.throttles import LookupThrottle

    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"mesa_consultar": "2/min"})

    codes = [lookup(api, ticket, email="x@example.com").status_code for _ in range(3)]

    assert codes == [404, 404, 429]


def test_lookup_runs_a_fixed_number_of_queries(api, ticket, mesa_user, django_assert_num_queries):
    for n in range(10):
        services.ticket_comment(actor=mesa_user, ticket=ticket, text=f"Respuesta {n}")

    with django_assert_num_queries(3):  # ticket, public history, their files
        assert lookup(api, ticket).status_code == 200


def test_lookup_never_shows_an_agents_reason(api, ticket, mesa_user):
    from tickets import services

    services.ticket_pause(actor=mesa_user, ticket=ticket, reason="Proveedor interno demorado")
    body = api.post(
        "/api/tickets/consultar",
        {"label": ticket.label, "email": ticket.requester_email},
        format="json",
    ).json()
    assert "Proveedor interno demorado" not in str(body)
    assert body["estadoNombre"] == "PAUSADO"


def test_lookup_never_shows_the_address_of_an_agent_without_a_name(api, ticket, mesa_user):
    mesa_user.name = mesa_user.surname = ""
    mesa_user.save()
    services.ticket_update(actor=mesa_user, ticket=ticket, status="EN_PROCESO", response="Hola.")
    body = api.post(
        "/api/tickets/consultar",
        {"label": ticket.label, "email": ticket.requester_email},
        format="json",
    ).json()
    assert mesa_user.email not in str(body)
    assert body["agenteNombre"]  # the role stands in for the missing name


def test_requester_never_reads_the_agents_email_or_phone(api, ticket, mesa_user, area_a_user):
    from tickets import services

    area_a_user.phone = "+57 300 000 0000"
    area_a_user.save()
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    services.ticket_update(
        actor=area_a_user, ticket=ticket, status="EN_PROCESO", response="Voy en camino"
    )
    response = lookup(api, ticket)
    assert response.status_code == 200
    text = response.content.decode()
    for agent in (mesa_user, area_a_user):
        assert agent.email not in text
    assert area_a_user.phone not in text
