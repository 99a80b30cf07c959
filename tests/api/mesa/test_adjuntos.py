"""Files on the Mesa face: ``crear`` and ``actualizar`` take multipart/form-data with files
under ``adjuntos`` (JSON keeps working); 413 / 415 in this face's shape; the detail lists
each entry's ``adjuntos`` with a fixed number of queries."""

import pytest
from rest_framework.test import APIClient

from tests import files
from tests.api.mesa.conftest import SEED_UPDATE, op_url
from tickets import services
from tickets.models import Attachment, Ticket

CREAR = {
    "nombre": "Laura Gómez",
    "email": "laura@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Hardware",
    "descripcion": "La impresora del segundo piso no imprime.",
    "prioridad": "MEDIA",
}


@pytest.fixture
def intake(priorities, area_mesa, location):
    return None


def test_crear_multipart_with_files(api, intake):
    response = api.post(
        "/api/tickets/crear",
        {**CREAR, "tieneWhatsapp": "true", "adjuntos": [files.png(), files.pdf()]},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    ticket = Ticket.objects.get(pk=response.json()["ticketUuid"])
    assert ticket.requester_whatsapp is True
    assert sorted(a.name for a in ticket.attachments.all()) == ["captura.png", "informe.pdf"]


def test_crear_json_still_works(api, intake):
    response = api.post("/api/tickets/crear", CREAR, format="json")
    assert response.status_code == 200
    ticket = Ticket.objects.get(pk=response.json()["ticketUuid"])
    assert (ticket.requester_email, ticket.attachments.count()) == ("laura@example.com", 0)


@pytest.mark.parametrize(
    ("make", "status", "message"),
    [
        (files.exe_as_pdf, 415, "Tipo de archivo no permitido"),
        (files.html, 415, "Tipo de archivo no permitido"),
        (files.huge_png, 413, "Archivo demasiado grande"),
    ],
)
def test_crear_refused_file_in_the_mesa_shape_opens_nothing(api, intake, make, status, message):
    response = api.post("/api/tickets/crear", {**CREAR, "adjuntos": [make()]}, format="multipart")
    assert response.status_code == status
    assert response.json()["message"] == message
    assert list(response.json()["errors"]) == ["adjuntos"]
    assert not Ticket.objects.exists()


def test_too_many_files_is_400_on_adjuntos(api, intake, settings):
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 1
    response = api.post(
        "/api/tickets/crear", {**CREAR, "adjuntos": [files.png(), files.png()]}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["adjuntos"]


def test_actualizar_multipart_attaches_files_to_the_response(client_as, ticket):
    response = client_as("area_own").post(
        op_url(ticket, "actualizar"),
        {**SEED_UPDATE, "adjuntos": [files.pdf()]},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    row = Attachment.objects.get(ticket=ticket)
    assert (row.activity.type, row.activity.public, row.public) == ("comment", True, True)


def test_actualizar_too_large_is_413(client_as, ticket, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 100
    response = client_as("mesa").post(
        op_url(ticket, "actualizar"),
        {**SEED_UPDATE, "adjuntos": [files.text(body="x" * 500)]},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["message"] == "Archivo demasiado grande"
    ticket.refresh_from_db()
    assert ticket.status == "NUEVO"  # nothing of the update was kept


def test_actualizar_other_area_is_403_and_stores_nothing(client_as, ticket, stored_files):
    response = client_as("area_other").post(
        op_url(ticket, "actualizar"), {**SEED_UPDATE, "adjuntos": [files.pdf()]}, format="multipart"
    )
    assert response.status_code == 403
    assert stored_files() == []


def test_detail_lists_files_with_agent_links_and_fixed_queries(
    client_as, ticket, mesa_user, django_assert_num_queries
):
    services.ticket_comment(actor=mesa_user, ticket=ticket, text="Respuesta", uploads=[files.png()])
    for i in range(5):
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text=f"n{i}", public=False, uploads=[files.pdf()]
        )
    client = client_as("mesa")
    client.get(f"/api/tickets/{ticket.pk}")  # caches the business calendars
    with django_assert_num_queries(4):  # token user, ticket, history, files
        body = client.get(f"/api/tickets/{ticket.pk}").json()
    listed = [f for entry in body["historial"] for f in entry["adjuntos"]]
    assert len(listed) == 6
    first = listed[0]
    assert (first["nombre"], first["tipo"], first["ancho"], first["alto"]) == (
        "captura.png",
        "image/png",
        4,
        3,
    )
    path = "/" + first["url"].split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/api/tickets/adjuntos/")
    assert client.get(path).status_code == 200
    assert APIClient().get(path).status_code == 401
