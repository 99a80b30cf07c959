"""The Mesa error shape on every path: JSON ``{"message": ...}``, never HTML or a trace."""

from unittest import mock

import pytest
from django.db import OperationalError

from tests.api.mesa.conftest import SEED_UPDATE, op_url


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/nada"), ("post", "/api/tickets/x/volar"), ("delete", "/api/auth/logout")],
)
def test_unknown_api_url_is_json_404(api, method, path):
    response = getattr(api, method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"message"}


def test_wrong_method_is_json_405(client_as, ticket):
    response = client_as("mesa").get(op_url(ticket, "actualizar"))

    assert response.status_code == 405
    assert set(response.json()) == {"message"}


def test_malformed_json_is_400(client_as, ticket):
    response = client_as("mesa").post(
        op_url(ticket, "actualizar"), "{no json", content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"message"}


def test_form_encoded_body_is_415_in_the_mesa_shape(client_as, ticket):
    from urllib.parse import urlencode

    response = client_as("mesa").post(
        op_url(ticket, "actualizar"),
        urlencode(SEED_UPDATE),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 415
    assert set(response.json()) == {"message"}


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer not.a.jwt"])
def test_malformed_authorization_is_401(api, header):
    response = api.get("/api/tickets/dashboard", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert set(response.json()) == {"message"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_database_outage_is_503_without_a_trace(client_as, ticket):
    client = client_as("mesa")

    with mock.patch(
        "api_mesa.views.agent.selectors.visible_tickets",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/api/tickets/dashboard")

    assert response.status_code == 503
    assert set(response.json()) == {"message"}
    assert "connection refused" not in response.content.decode()


def test_schema_and_docs_are_not_shadowed_by_the_catch_all(api):
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/tickets/crear" in schema.content
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert "html" in docs["Content-Type"]


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "BeArEr"])
def test_the_bearer_scheme_is_case_insensitive(api, mesa_user, scheme):
    from tests.api.mesa.conftest import token_of

    api.credentials(HTTP_AUTHORIZATION=f"{scheme} {token_of(mesa_user)}")
    response = api.get("/api/tickets/dashboard")
    assert response.status_code == 200
    assert response.json() == []


def test_another_scheme_is_no_token_at_all(api, db):
    api.credentials(HTTP_AUTHORIZATION="Basic bm9ib2R5Om5vdGhpbmc=")
    response = api.get("/api/tickets/dashboard")
    assert (response.status_code, response.json()) == (401, {"message": "Token no proporcionado"})
