"""One language per face, whatever ``Accept-Language`` says: the Spacebring face answers in
English and in its client's vocabulary (``new``, ``inProgress``, ``solved``, ``closed``),
the Mesa face in Spanish, down to parse errors, 405, 406, 413, 415 and 429."""

import pytest
from django.test import Client, override_settings

from tests.api.mesa.conftest import SEED_UPDATE, op_url
from tests.api.spacebring.conftest import BASE, ApiCaller, assert_error
from tickets import services

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


# --- Spacebring: English ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "es-CO,es;q=0.9", "en"])
def test_spacebring_no_credentials_reads_english(db, language):
    response = Client().get(BASE, HTTP_ACCEPT_LANGUAGE=language)
    body = assert_error(response, 401, "unauthorized")
    assert body["message"] == "Authentication credentials were not provided."
    assert response["Content-Language"] == "en"


def test_spacebring_field_errors_read_english(admin_api, ticket):
    response = admin_api.put(f"{BASE}/{ticket.pk}/status", {"ticket": {}}, **SPANISH)
    body = assert_error(response, 400, "validation")
    assert body["message"] == "ticket.status: This field is required."


def test_spacebring_domain_refusals_read_english(api_as, users, ticket):
    api = api_as(users["area_other"])
    response = api.put(f"{BASE}/{ticket.pk}/status", {"ticket": {"status": "solved"}}, **SPANISH)
    assert assert_error(response, 403, "forbidden")["message"] == (
        "The ticket belongs to another area."
    )
    response = api_as(users["area_own"]).put(
        f"{BASE}/{ticket.pk}/assignee", {"ticket": {"membershipRefAssignee": None}}, **SPANISH
    )
    assert assert_error(response, 403)["message"] == "Your role does not allow this action."


@pytest.mark.parametrize(
    ("setup", "wanted", "message"),
    [
        ("cancel", "new", "The ticket is closed for good: it takes no more changes or comments."),
        (
            "archive",
            "closed",
            "The ticket is closed for good: it takes no more changes or comments.",
        ),
        ("close", "solved", "A ticket in status closed cannot change to solved."),
    ],
)
def test_spacebring_409_names_only_the_clients_statuses(
    admin_api, admin_user, ticket, setup, wanted, message
):
    if setup == "close":
        services.ticket_change_status(actor=admin_user, ticket=ticket, status="CERRADO")
    else:
        getattr(services, f"ticket_{setup}")(actor=admin_user, ticket=ticket)
    response = admin_api.put(
        f"{BASE}/{ticket.pk}/status", {"ticket": {"status": wanted}}, **SPANISH
    )
    body = assert_error(response, 409, "conflict")
    assert body["message"] == message
    for internal in ("CANCELADO", "ARCHIVADO", "CERRADO", "NUEVO", "RESUELTO"):
        assert internal not in body["message"]


def test_spacebring_bad_basic_secret_reads_english(db, network):
    api = ApiCaller(Authorization="Basic bm9ib2R5Om5vdGhpbmc=")  # nobody:nothing
    body = assert_error(api.get(BASE, **SPANISH), 401, "unauthorized")
    assert body["message"] == "Invalid client id or secret."


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_spacebring_413_and_parse_errors_read_english(admin_api, location):
    big = {"ticket": {"locationRef": str(location.pk), "text": "x" * 200}}
    assert assert_error(admin_api.post(BASE, big, **SPANISH), 413)["message"] == (
        "Request body too large."
    )
    broken = admin_api.client.post(
        BASE, data="{", content_type="application/json", **admin_api_headers(admin_api), **SPANISH
    )
    assert assert_error(broken, 400, "validation")["message"].startswith("JSON parse error")


def admin_api_headers(api: ApiCaller) -> dict:
    return {"HTTP_AUTHORIZATION": api.headers["Authorization"]}


# --- Mesa: Spanish ------------------------------------------------------------------------


def test_mesa_field_errors_read_spanish(client_as, ticket):
    client = client_as("mesa")
    response = client.post(op_url(ticket, "actualizar"), {}, format="json", **ENGLISH)
    assert response.status_code == 400
    assert response.json()["errors"]["respuesta"] == ["Este campo es obligatorio."]
    assert response["Content-Language"] == "es"


def test_mesa_domain_refusals_read_spanish(client_as, ticket):
    response = client_as("area_other").post(
        op_url(ticket, "actualizar"), SEED_UPDATE, format="json", **ENGLISH
    )
    assert response.json() == {"message": "El ticket pertenece a otra área."}


def test_mesa_409_reads_spanish(client_as, ticket, mesa_user):
    services.ticket_cancel(actor=mesa_user, ticket=ticket)
    response = client_as("mesa").post(op_url(ticket, "pausar"), {}, format="json", **ENGLISH)
    assert response.status_code == 409
    assert response.json() == {"message": "Un ticket en estado CANCELADO no puede pasar a PAUSADO."}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_mesa_413_reads_spanish(api, db):
    body = {"nombre": "x" * 300}
    response = api.post("/api/tickets/crear", body, format="json", **ENGLISH)
    assert response.status_code == 413
    assert response.json() == {"message": "El cuerpo de la petición es demasiado grande"}


def test_mesa_406_reads_spanish(client_as, db):
    response = client_as("mesa").get("/api/tickets/dashboard", HTTP_ACCEPT="text/html", **ENGLISH)
    assert response.status_code == 406
    assert response.json() == {
        "message": "No se puede responder en el formato pedido; acepte application/json"
    }


def test_mesa_405_415_and_parse_errors_read_spanish(client_as, ticket):
    client = client_as("mesa")
    assert client.get(op_url(ticket, "pausar"), **ENGLISH).json() == {
        "message": "Método no permitido"
    }
    form = client.post(op_url(ticket, "pausar"), {"motivo": "x"}, format="multipart", **ENGLISH)
    assert (form.status_code, form.json()) == (
        415,
        {"message": "Tipo de contenido no soportado; use application/json"},
    )
    broken = client.post(
        op_url(ticket, "pausar"), data="{", content_type="application/json", **ENGLISH
    )
    assert (broken.status_code, broken.json()) == (
        400,
        {"message": "El cuerpo de la petición no es JSON válido"},
    )


def test_mesa_429_reads_spanish(api, ticket, monkeypatch):
    from api_mesa.throttles import LookupThrottle

    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"mesa_consultar": "1/min"})
    body = {"label": ticket.label, "email": "x@example.com"}
    api.post("/api/tickets/consultar", body, format="json", **ENGLISH)
    response = api.post("/api/tickets/consultar", body, format="json", **ENGLISH)
    assert response.status_code == 429
    assert response.json()["message"].startswith("Demasiadas solicitudes; intente de nuevo en ")


def test_spacebring_400_refused_before_any_view_reads_english(db, settings):
    # A Host this deployment does not serve: refused before any view runs (handler400).
    settings.ALLOWED_HOSTS = ["testserver"]
    response = Client(HTTP_HOST="evil.example").get(BASE, HTTP_ACCEPT_LANGUAGE="es")
    assert assert_error(response, 400, "validation")["message"] == "Bad request."


def test_mesa_400_refused_before_any_view_reads_spanish(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = Client(HTTP_HOST="evil.example").get("/api/tickets/dashboard", **ENGLISH)
    assert response.status_code == 400
    assert response.json() == {"message": "Datos inválidos"}
