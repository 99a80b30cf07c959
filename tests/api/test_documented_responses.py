"""Every status code the server answers is documented, and every documented one happens.

The test walks every operation of the served schema (``/api/schema/``), provokes each error
code it documents with a real request (a recipe per code), checks the body is the face's
error shape, and fails on an operation whose documented codes differ from what it answers.
A new operation needs its recipes here.
"""

import json
import uuid

import pytest
import yaml
from django.db import OperationalError, connection
from django.test import Client, override_settings

from tests.api.mesa.conftest import bearer, token_of
from tests.api.spacebring.conftest import BASE, ApiCaller, assert_error, basic_header
from tests.api.spacebring.test_oauth import obtain_tokens
from tickets import services

UNKNOWN = str(uuid.uuid4())
CREAR = {
    "nombre": "Laura Gómez",
    "email": "laura@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Correo",
    "descripcion": "No puedo entrar al correo corporativo.",
    "prioridad": "ALTA",
}
BIG = {"comment": {"text": "x" * 400}}


@pytest.fixture(scope="module")
def operations(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        document = yaml.safe_load(Client().get("/api/schema/").content)
    found = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and "operationId" in operation:
                codes = {int(c) for c in operation["responses"] if not c.startswith("2")}
                found[operation["operationId"]] = (path, method, codes)
    return found


class World:
    """Everything the recipes need: tickets in each state and a caller of each kind."""

    def __init__(self, request):
        fx = request.getfixturevalue
        users = fx("users")
        make_ticket = fx("make_ticket")
        issue = fx("issue_client")
        self.ticket = make_ticket()
        self.cancelled = make_ticket()
        services.ticket_cancel(actor=users["mesa"], ticket=self.cancelled)
        self.archived = make_ticket()
        services.ticket_archive(actor=users["mesa"], ticket=self.archived)
        self.location = fx("location")
        self.users = users
        self.monkeypatch = fx("monkeypatch")

        def basic(user, scopes="support"):
            client, secret = issue(user, scopes=scopes)
            return ApiCaller(Authorization=basic_header(client.client_id, secret))

        self.sb = basic(users["admin"])
        self.sb_requester = basic(users["usuario"])
        self.sb_area_own = basic(users["area_own"])
        self.sb_area_other = basic(users["area_other"])
        self.sb_readonly = basic(users["admin"], "support.readonly")
        self._request = request

    def bearer_without_network(self):
        app = self._request.getfixturevalue("application")
        token = obtain_tokens(app, self.users["mesa"], "support")["access_token"]
        return ApiCaller(Authorization=f"Bearer {token}")

    def refresh_token(self) -> str:
        from accounts.jwt import tokens_for

        return tokens_for(self.users["mesa"])["refreshToken"]

    def mesa(self, role=None):
        from rest_framework.test import APIClient

        client = APIClient()
        return bearer(client, token_of(self.users[role])) if role else client


# --- provoking helpers -----------------------------------------------------------------


def database_down(call):
    def fail(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(fail):
        return call()


def too_large(call):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        return call()


def twice(call):
    call()
    return call()


def sb_throttled(call):
    with override_settings(SPACEBRING_API_RATE="1/min"):
        return twice(call)


def mesa_throttled(w, throttle, scope, call):
    w.monkeypatch.setattr(throttle, "THROTTLE_RATES", {scope: "1/min"})
    return twice(call)


def sb_raw(api, method, path, **extra):
    return api._call(method, path, None, **extra)


# --- Spacebring recipes ----------------------------------------------------------------


def spacebring(method, path, body, *, other, four03, four00, four04=False, four09=None):
    """Recipes of one Spacebring operation. ``path`` takes ``{id}``; ``other`` is a method
    the path does not serve."""

    def url(w, ticket=None):
        return BASE + path.format(id=(ticket or w.ticket).pk)

    def call(api, w, ticket=None, payload=body, **extra):
        return getattr(api, method)(
            url(w, ticket), *([payload] if method != "get" else []), **extra
        )

    recipes = {
        401: lambda w: call(ApiCaller(), w),
        405: lambda w: getattr(w.sb, other)(url(w)),
        406: lambda w: call(w.sb, w, HTTP_ACCEPT="text/html"),
        429: lambda w: sb_throttled(lambda: call(w.sb, w)),
        503: lambda w: database_down(lambda: call(w.sb, w)),
        403: four03,
        400: four00,
    }
    if method != "get":
        recipes[413] = lambda w: too_large(lambda: call(w.sb, w, payload={**body, **BIG}))
        recipes[415] = lambda w: sb_raw(w.sb, method, url(w), data="x", content_type="text/plain")
    if four04:
        recipes[404] = lambda w: getattr(w.sb, method)(
            BASE + path.format(id=UNKNOWN), *([body] if method != "get" else [])
        )
    if four09 is not None:
        recipes[409] = lambda w: call(w.sb, w, ticket=w.cancelled, payload=four09)
    return recipes


def _key_reused(w):
    """An ``Idempotency-Key`` sent again with another body."""
    key = {"Idempotency-Key": "documented-409"}
    body = {"ticket": {"locationRef": str(w.location.pk), "text": "La impresora no imprime"}}
    assert w.sb.post(BASE, body, headers=key).status_code == 201
    return w.sb.post(BASE, {"ticket": {**body["ticket"], "text": "Otra cosa"}}, headers=key)


def _sb_detail_400(w):
    return w.bearer_without_network().get(f"{BASE}/{w.ticket.pk}")


SPACEBRING = {
    "getSupportTickets": spacebring(
        "get",
        "",
        None,
        other="delete",
        four03=lambda w: w.sb_requester.get(BASE),
        four00=lambda w: w.sb.get(BASE + "?limit=0"),
    ),
    "createSupportTicket": spacebring(
        "post",
        "",
        {"ticket": {"text": "La impresora no imprime"}},
        other="delete",
        four03=lambda w: w.sb_readonly.post(
            BASE, {"ticket": {"locationRef": str(w.location.pk), "text": "Impresora"}}
        ),
        four00=lambda w: w.sb.post(BASE, {"ticket": {}}),
    )
    | {409: lambda w: _key_reused(w)},
    "getSupportTicket": spacebring(
        "get",
        "/{id}",
        None,
        other="delete",
        four03=lambda w: w.sb_area_other.get(f"{BASE}/{w.ticket.pk}"),
        four00=_sb_detail_400,
        four04=True,
    ),
    "updateSupportTicketStatus": spacebring(
        "put",
        "/{id}/status",
        {"ticket": {"status": "solved"}},
        other="delete",
        four03=lambda w: w.sb_area_other.put(
            f"{BASE}/{w.ticket.pk}/status", {"ticket": {"status": "solved"}}
        ),
        four00=lambda w: w.sb.put(f"{BASE}/{w.ticket.pk}/status", {"ticket": {}}),
        four04=True,
        four09={"ticket": {"status": "new"}},
    ),
    "updateSupportTicketAssignee": spacebring(
        "put",
        "/{id}/assignee",
        {"ticket": {"membershipRefAssignee": None}},
        other="delete",
        four03=lambda w: w.sb_area_own.put(
            f"{BASE}/{w.ticket.pk}/assignee", {"ticket": {"membershipRefAssignee": None}}
        ),
        four00=lambda w: w.sb.put(f"{BASE}/{w.ticket.pk}/assignee", {"ticket": {}}),
        four04=True,
        four09={"ticket": {"membershipRefAssignee": None}},
    ),
    "createSupportTicketComment": spacebring(
        "post",
        "/{id}/comments",
        {"comment": {"text": "Hola"}},
        other="delete",
        four03=lambda w: w.sb_readonly.post(
            f"{BASE}/{w.ticket.pk}/comments", {"comment": {"text": "Hola"}}
        ),
        four00=lambda w: w.sb.post(f"{BASE}/{w.ticket.pk}/comments", {"comment": {}}),
        four04=True,
        four09={"comment": {"text": "Hola"}},
    ),
}


# --- Mesa recipes ----------------------------------------------------------------------


def mesa_body_recipes(path_of, body, role):
    """413, 415, 406 and 503 of an operation that reads a JSON body."""

    def post(w, client=None, payload=body, **extra):
        client = client or w.mesa(role)
        return client.post(path_of(w), payload, format="json", **extra)

    return {
        405: lambda w: w.mesa(role).get(path_of(w)),
        406: lambda w: post(w, HTTP_ACCEPT="text/html"),
        413: lambda w: too_large(lambda: post(w, payload={**body, "motivo": "x" * 400})),
        415: lambda w: w.mesa(role).post(path_of(w), "x", content_type="text/plain"),
        503: lambda w: database_down(lambda: post(w)),
    }


def _login_body(w, password="wrong-password"):
    return {"email": w.users["mesa"].email, "password": password}


def _throttles():
    from api_mesa import throttles

    return throttles


MESA = {
    "mesa_auth_login": {
        **mesa_body_recipes(
            lambda w: "/api/auth/login", {"email": "a@b.co", "password": "x"}, None
        ),
        400: lambda w: w.mesa().post("/api/auth/login", {}, format="json"),
        401: lambda w: w.mesa().post("/api/auth/login", _login_body(w), format="json"),
        429: lambda w: mesa_throttled(
            w,
            _throttles().LoginThrottle,
            "mesa_login",
            lambda: w.mesa().post("/api/auth/login", _login_body(w), format="json"),
        ),
    },
    "mesa_auth_refresh": {
        **mesa_body_recipes(lambda w: "/api/auth/refresh", {"refreshToken": "x"}, None),
        503: lambda w: database_down(
            lambda: w.mesa().post(
                "/api/auth/refresh", {"refreshToken": w.refresh_token()}, format="json"
            )
        ),
        400: lambda w: w.mesa().post("/api/auth/refresh", {}, format="json"),
        401: lambda w: w.mesa().post("/api/auth/refresh", {"refreshToken": "x"}, format="json"),
        429: lambda w: mesa_throttled(
            w,
            _throttles().LoginThrottle,
            "mesa_login",
            lambda: w.mesa().post("/api/auth/refresh", {"refreshToken": "x"}, format="json"),
        ),
    },
    "mesa_auth_logout_all": {
        401: lambda w: w.mesa().post("/api/auth/logout-all"),
        405: lambda w: w.mesa("mesa").get("/api/auth/logout-all"),
        406: lambda w: w.mesa("mesa").post("/api/auth/logout-all", HTTP_ACCEPT="text/html"),
        503: lambda w: (lambda client: database_down(lambda: client.post("/api/auth/logout-all")))(
            w.mesa("mesa")
        ),
    },
    "mesa_tickets_crear": {
        **mesa_body_recipes(lambda w: "/api/tickets/crear", CREAR, None),
        400: lambda w: w.mesa().post("/api/tickets/crear", {}, format="json"),
        429: lambda w: mesa_throttled(
            w,
            _throttles().CreateThrottle,
            "mesa_crear",
            lambda: w.mesa().post("/api/tickets/crear", {}, format="json"),
        ),
    },
    "mesa_tickets_consultar": {
        **mesa_body_recipes(
            lambda w: "/api/tickets/consultar", {"label": "TKT-1", "email": "a@b.co"}, None
        ),
        400: lambda w: w.mesa().post("/api/tickets/consultar", {}, format="json"),
        404: lambda w: w.mesa().post(
            "/api/tickets/consultar", {"label": "TKT-0", "email": "a@b.co"}, format="json"
        ),
        429: lambda w: mesa_throttled(
            w,
            _throttles().LookupThrottle,
            "mesa_consultar",
            lambda: w.mesa().post("/api/tickets/consultar", {}, format="json"),
        ),
    },
    "mesa_tickets_dashboard": {
        400: lambda w: w.mesa("mesa").get("/api/tickets/dashboard?limit=0"),
        401: lambda w: w.mesa().get("/api/tickets/dashboard"),
        403: lambda w: w.mesa("usuario").get("/api/tickets/dashboard"),
        405: lambda w: w.mesa("mesa").post("/api/tickets/dashboard", {}, format="json"),
        406: lambda w: w.mesa("mesa").get("/api/tickets/dashboard", HTTP_ACCEPT="text/html"),
        503: lambda w: database_down(lambda: w.mesa("mesa").get("/api/tickets/dashboard")),
    },
    "mesa_tickets_detail": {
        401: lambda w: w.mesa().get(f"/api/tickets/{w.ticket.pk}"),
        403: lambda w: w.mesa("usuario").get(f"/api/tickets/{w.ticket.pk}"),
        404: lambda w: w.mesa("mesa").get(f"/api/tickets/{UNKNOWN}"),
        405: lambda w: w.mesa("mesa").post(f"/api/tickets/{w.ticket.pk}", {}, format="json"),
        406: lambda w: w.mesa("mesa").get(f"/api/tickets/{w.ticket.pk}", HTTP_ACCEPT="text/html"),
        503: lambda w: database_down(lambda: w.mesa("mesa").get(f"/api/tickets/{w.ticket.pk}")),
    },
}

OPERATION_BODIES = {
    "asignar": ({"agenteId": "mesa@example.com"}, {}, "cancelled"),
    "transferir": ({"area": "MANTENIMIENTO"}, {}, "cancelled"),
    "reclasificar": ({"nuevaPrioridad": "ALTA"}, {}, "cancelled"),
    "actualizar": (
        {"estado": "RESUELTO", "prioridad": "ALTA", "area": "TECNOLOGIA", "respuesta": "Hecho."},
        {},
        "cancelled",
    ),
    "pausar": ({"motivo": "Espera"}, {"motivo": 5}, "cancelled"),
    "reabrir": ({"motivo": "Vuelve"}, {"motivo": 5}, "ticket"),  # a NUEVO ticket
    "cancelar": ({"motivo": "Fin"}, {"motivo": 5}, "cancelled"),
    "archivar": ({"motivo": "Fin"}, {"motivo": 5}, "archived"),
}


def _operation(name, good, bad, conflict_on):
    def path(w, ticket=None):
        return f"/api/tickets/{(ticket or w.ticket).pk}/{name}"

    return {
        **mesa_body_recipes(path, good, "mesa"),
        400: lambda w: w.mesa("mesa").post(path(w), bad, format="json"),
        401: lambda w: w.mesa().post(path(w), good, format="json"),
        403: lambda w: w.mesa("usuario").post(path(w), good, format="json"),
        404: lambda w: w.mesa("mesa").post(f"/api/tickets/{UNKNOWN}/{name}", good, format="json"),
        409: lambda w: w.mesa("mesa").post(path(w, getattr(w, conflict_on)), good, format="json"),
    }


for _name, (_good, _bad, _conflict) in OPERATION_BODIES.items():
    MESA[f"mesa_tickets_{_name}"] = _operation(_name, _good, _bad, _conflict)

# --- attachments (ours) -------------------------------------------------------------

ATTACHMENTS = f"{BASE}/attachments"


def _png():
    from tests.files import png

    return png()


def _sb_upload(api, file=None, **extra):
    return Client().post(
        ATTACHMENTS, {"file": file or _png()} if file is not False else {},
        headers=getattr(api, "headers", {}), **extra,
    )  # fmt: skip


def _stored_key(w) -> str:
    activity = services.ticket_comment(
        actor=w.users["mesa"], ticket=w.ticket, text="Adjunto", uploads=[_png()]
    )
    return activity.attachments.get().key


def _too_large(call):
    with override_settings(HELPDESK_ATTACHMENT_MAX_BYTES=10):
        return call()


SPACEBRING["createSupportAttachment"] = {
    400: lambda w: _sb_upload(w.sb, False),
    401: lambda w: _sb_upload(ApiCaller()),
    403: lambda w: _sb_upload(w.sb_readonly),
    405: lambda w: w.sb.get(ATTACHMENTS),
    406: lambda w: _sb_upload(w.sb, HTTP_ACCEPT="text/html"),
    413: lambda w: _too_large(lambda: _sb_upload(w.sb)),
    415: lambda w: w.sb.post(ATTACHMENTS, {"file": "x"}),
    429: lambda w: sb_throttled(lambda: _sb_upload(w.sb)),
    503: lambda w: database_down(lambda: _sb_upload(w.sb)),
}
SPACEBRING["getSupportAttachment"] = {
    400: lambda w: w.bearer_without_network().get(f"{ATTACHMENTS}/{_stored_key(w)}"),
    401: lambda w: ApiCaller().get(f"{ATTACHMENTS}/{_stored_key(w)}"),
    403: lambda w: w.sb_area_other.get(f"{ATTACHMENTS}/{_stored_key(w)}"),
    404: lambda w: w.sb.get(f"{ATTACHMENTS}/{'0' * 32}"),
    405: lambda w: w.sb.post(f"{ATTACHMENTS}/{_stored_key(w)}", {}),
    429: lambda w: (lambda key: sb_throttled(lambda: w.sb.get(f"{ATTACHMENTS}/{key}")))(
        _stored_key(w)
    ),
    503: lambda w: (lambda key: database_down(lambda: w.sb.get(f"{ATTACHMENTS}/{key}")))(
        _stored_key(w)
    ),
}
MESA["mesa_tickets_adjunto"] = {
    401: lambda w: w.mesa().get(f"/api/tickets/adjuntos/{_stored_key(w)}"),
    403: lambda w: w.mesa("area_other").get(f"/api/tickets/adjuntos/{_stored_key(w)}"),
    404: lambda w: w.mesa("mesa").get(f"/api/tickets/adjuntos/{'0' * 32}"),
    405: lambda w: w.mesa("mesa").post(
        f"/api/tickets/adjuntos/{_stored_key(w)}", {}, format="json"
    ),
    503: lambda w: (
        lambda key: database_down(lambda: w.mesa("mesa").get(f"/api/tickets/adjuntos/{key}"))
    )(_stored_key(w)),
}

RECIPES = {**SPACEBRING, **MESA}


def test_every_operation_has_recipes(operations):
    assert sorted(operations) == sorted(RECIPES), "add recipes for new operations"


@pytest.mark.parametrize("operation_id", sorted(RECIPES))
def test_documented_codes_are_the_codes_answered(operations, operation_id):
    _, _, documented = operations[operation_id]
    assert documented == set(RECIPES[operation_id]), operation_id


CASES = [(op, code) for op in sorted(RECIPES) for code in sorted(RECIPES[op])]


@pytest.mark.parametrize(("operation_id", "code"), CASES)
def test_each_documented_error_is_provoked_in_the_faces_shape(db, request, operation_id, code):
    world = World(request)
    response = RECIPES[operation_id][code](world)
    if operation_id in SPACEBRING:
        assert_error(response, code)
    else:
        assert response.status_code == code, response.content
        body = json.loads(response.content)
        assert isinstance(body["message"], str) and body["message"]
        assert set(body) <= {"message", "errors"}
        if "errors" in body:
            assert code == 400
            assert all(isinstance(v, list) for v in body["errors"].values())
    if code in (429, 503):
        assert int(response["Retry-After"]) > 0
    if code == 401:
        assert response["WWW-Authenticate"]
