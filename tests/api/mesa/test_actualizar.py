"""POST /api/tickets/{id}/actualizar: the seed example, roles, validation, history, atomicity."""

from unittest import mock

import pytest

from tests.api.mesa.conftest import CALLERS, SEED_UPDATE, UNAUTHENTICATED, bearer, op_url
from tests.conftest import PASSWORD
from tickets import services
from tickets.models import Activity, ActivityType, Status

EXPECTED = {"admin": 200, "mesa": 200, "area_own": 200, "area_other": 403, "usuario": 403}


def test_seed_example_updates_and_the_requester_reads_the_response(api, mesa_user, ticket):
    login = api.post(
        "/api/auth/login", {"email": mesa_user.email, "password": PASSWORD}, format="json"
    )
    assert login.status_code == 200
    bearer(api, login.json()["token"])

    response = api.post(op_url(ticket, "actualizar"), SEED_UPDATE, format="json")

    assert response.status_code == 200
    assert response.json() == {"message": "Ticket actualizado correctamente"}
    api.credentials()
    lookup = api.post(
        "/api/tickets/consultar",
        {"label": ticket.label, "email": ticket.requester_email},
        format="json",
    )
    assert lookup.status_code == 200
    body = lookup.json()
    assert body["respuestaCliente"] == SEED_UPDATE["respuesta"]
    assert body["estadoNombre"] == "RESUELTO"
    assert body["prioridadNombre"] == "ALTA"
    assert body["estadoAnterior"] == "NUEVO"
    assert body["estadoNuevo"] == "RESUELTO"
    assert body["agenteNombre"] == mesa_user.full_name


@pytest.mark.parametrize("caller", CALLERS)
def test_actualizar_role_matrix(client_as, users, ticket, caller):
    history = Activity.objects.filter(ticket=ticket)
    before = history.count()

    response = client_as(caller).post(op_url(ticket, "actualizar"), SEED_UPDATE, format="json")

    expected = {**EXPECTED, **UNAUTHENTICATED}[caller]
    assert response.status_code == expected
    assert "message" in response.json()
    if expected == 200:  # written, in the caller's name
        assert history.count() > before
        assert history.last().actor == users[caller]
    else:  # refused: nothing written
        assert history.count() == before


def test_area_agent_of_other_area_is_told_why(client_as, ticket):
    response = client_as("area_other").post(
        op_url(ticket, "actualizar"), SEED_UPDATE, format="json"
    )

    assert response.status_code == 403
    assert response.json()["message"]
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("respuesta", "abcd", False),
        ("respuesta", "abcde", True),
        ("respuesta", "x" * 5000, True),
        ("respuesta", "x" * 5001, False),
        ("estado", "EN", False),
        ("estado", "EN PROCESO", True),
        ("estado", "CERRADO", True),
        ("estado", "x" * 51, False),
        ("estado", "INVENTADO", False),
        ("prioridad", "AL", False),
        ("prioridad", "MEGA", False),
        ("area", "T", False),
        ("area", "NOEXISTE", False),
        ("area", "x" * 101, False),
    ],
)
def test_actualizar_validates_each_field(client_as, ticket, field, value, ok):
    body = {**SEED_UPDATE, field: value}

    response = client_as("mesa").post(op_url(ticket, "actualizar"), body, format="json")

    if ok:
        assert response.status_code == 200
        assert response.json() == {"message": "Ticket actualizado correctamente"}
        ticket.refresh_from_db()
        assert ticket.status == body["estado"].replace(" ", "_")
        assert ticket.area.code == body["area"]
        answer = ticket.activities.filter(type=ActivityType.COMMENT).last()
        assert (answer.public, answer.data["text"]) == (True, body["respuesta"])
    else:
        assert response.status_code == 400
        assert response.json()["message"] == "Datos inválidos"
        assert field in response.json()["errors"]


@pytest.mark.parametrize("missing", ["estado", "prioridad", "area", "respuesta"])
def test_actualizar_requires_every_field(client_as, ticket, missing):
    body = {k: v for k, v in SEED_UPDATE.items() if k != missing}

    response = client_as("mesa").post(op_url(ticket, "actualizar"), body, format="json")

    assert response.status_code == 400
    assert missing in response.json()["errors"]


def test_actualizar_writes_status_change_then_public_response(client_as, ticket, mesa_user):
    client_as("mesa").post(op_url(ticket, "actualizar"), SEED_UPDATE, format="json")

    change, comment = Activity.objects.filter(ticket=ticket).order_by("created_at")[1:]
    assert change.type == ActivityType.STATUS_UPDATED
    assert change.data["status"] == "RESUELTO"
    assert change.data["priority"] == "ALTA"
    assert change.data["previousAttributes"] == {"status": "NUEVO", "priority": "MEDIA"}
    assert change.actor_id == mesa_user.pk
    assert comment.type == ActivityType.COMMENT
    assert comment.public is True
    assert comment.data["text"] == SEED_UPDATE["respuesta"]
    assert Activity.objects.filter(ticket=ticket).count() == 3


def test_actor_comes_from_the_token_not_the_body(client_as, ticket, mesa_user, admin_user):
    body = {**SEED_UPDATE, "actor": {"id": str(admin_user.pk)}, "usuarioId": str(admin_user.pk)}

    client_as("mesa").post(op_url(ticket, "actualizar"), body, format="json")

    actors = set(
        Activity.objects.filter(ticket=ticket, actor__isnull=False).values_list("actor", flat=True)
    )
    assert actors == {mesa_user.pk}


def test_failure_midway_leaves_ticket_and_history_unchanged(client_as, ticket):
    before = Activity.objects.filter(ticket=ticket).count()

    with mock.patch("tickets.services.status.write_comment", side_effect=RuntimeError("boom")):
        response = client_as("mesa").post(op_url(ticket, "actualizar"), SEED_UPDATE, format="json")

    assert response.status_code == 500
    assert set(response.json()) == {"message"}
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO
    assert ticket.priority.name == "MEDIA"
    assert Activity.objects.filter(ticket=ticket).count() == before


def test_transition_out_of_terminal_status_is_409_naming_both(client_as, ticket, mesa_user):
    from tickets import services

    services.ticket_cancel(actor=mesa_user, ticket=ticket)

    response = client_as("mesa").post(op_url(ticket, "actualizar"), SEED_UPDATE, format="json")

    assert response.status_code == 409
    assert "CANCELADO" in response.json()["message"]
    assert "RESUELTO" in response.json()["message"]


def test_unknown_ticket_is_404(client_as, ticket):
    url = "/api/tickets/00000000-0000-0000-0000-000000000000/actualizar"

    response = client_as("mesa").post(url, SEED_UPDATE, format="json")

    assert response.status_code == 404
    assert set(response.json()) == {"message"}


def test_area_agent_cannot_reopen_a_closed_ticket_through_actualizar(client_as, ticket, mesa_user):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="CERRADO")
    body = {**SEED_UPDATE, "estado": "EN_PROCESO", "area": "TECNOLOGIA"}
    response = client_as("area_own").post(op_url(ticket, "actualizar"), body, format="json")
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Status.CERRADO


def test_area_agent_resumes_its_own_paused_ticket(client_as, paused_ticket):
    body = {**SEED_UPDATE, "estado": "EN_PROCESO", "prioridad": "MEDIA"}
    response = client_as("area_own").post(op_url(paused_ticket, "actualizar"), body, format="json")
    assert response.status_code == 200, response.json()
    paused_ticket.refresh_from_db()
    assert paused_ticket.status == Status.EN_PROCESO


def test_area_agent_of_another_area_cannot_resume(client_as, paused_ticket):
    body = {**SEED_UPDATE, "estado": "EN_PROCESO", "prioridad": "MEDIA"}
    response = client_as("area_other").post(
        op_url(paused_ticket, "actualizar"), body, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"message": "El ticket pertenece a otra área."}


@pytest.mark.parametrize("start", ["RESUELTO", "CERRADO"])
def test_area_agent_cannot_reopen_a_solved_or_closed_ticket(client_as, ticket, mesa_user, start):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status=start)
    body = {**SEED_UPDATE, "estado": "EN_PROCESO", "prioridad": "MEDIA"}
    response = client_as("area_own").post(op_url(ticket, "actualizar"), body, format="json")
    assert response.status_code == 403
    assert response.json() == {"message": "Su rol no permite esta acción."}
    ticket.refresh_from_db()
    assert ticket.status == start


@pytest.mark.parametrize("terminal", ["cancelar", "archivar"])
def test_a_response_to_a_terminal_ticket_is_409(client_as, ticket, terminal):
    assert client_as("mesa").post(op_url(ticket, terminal), {}, format="json").status_code == 200
    before = ticket.activities.count()
    body = {**SEED_UPDATE, "estado": "CANCELADO" if terminal == "cancelar" else "ARCHIVADO"}
    response = client_as("mesa").post(op_url(ticket, "actualizar"), body, format="json")
    assert response.status_code == 409
    assert ticket.activities.count() == before


# --- An AREA agent who moves an unassigned ticket of its area becomes its assignee --------


@pytest.mark.parametrize(
    ("caller", "claims"), [("admin", False), ("mesa", False), ("area_own", True)]
)
def test_actualizar_status_by_an_area_agent_assigns_the_ticket_to_it(
    client_as, users, ticket, caller, claims
):
    response = client_as(caller).post(op_url(ticket, "actualizar"), SEED_UPDATE, format="json")
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.assignee == (users[caller] if claims else None)
    change = ticket.activities.get(type=ActivityType.STATUS_UPDATED)
    assert ("assignee" in change.data) is claims


def test_asignar_stays_desk_only_even_for_the_areas_own_agent(client_as, users, ticket):
    response = client_as("area_own").post(
        op_url(ticket, "asignar"), {"agenteId": str(users["area_own"].pk)}, format="json"
    )
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.assignee is None
