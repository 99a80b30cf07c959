"""Every failure on this face answers ``{"message", "type"}``: DRF's own errors, unknown
URLs under /support/, throttling and a database that is down."""

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

from accounts import api_clients
from tests.api.spacebring.conftest import BASE, assert_error, assert_matches


@pytest.mark.parametrize(
    "path",
    ["/support/", "/support/nothing", f"{BASE}/", f"{BASE}/x/y/z", "/support/tickets/v2"],
)
def test_unknown_url_under_support_is_404_json(path, db):
    assert_error(Client().get(path), 404, "notFound")


@pytest.mark.parametrize(
    ("method", "path"),
    [("delete", BASE), ("put", BASE), ("post", f"{BASE}/{{id}}"), ("get", f"{BASE}/{{id}}/status")],
)
def test_method_not_allowed_is_405(admin_api, ticket, method, path):
    response = getattr(admin_api.client, method)(
        path.format(id=ticket.pk), headers=admin_api.headers
    )
    assert_error(response, 405, "methodNotAllowed")


def test_malformed_json_is_400(admin_api, ticket):
    response = admin_api.client.post(
        BASE, data="{not json", content_type="application/json", headers=admin_api.headers
    )
    assert_error(response, 400, "validation")


def test_unsupported_media_type_is_415(admin_api, ticket):
    response = admin_api.client.post(
        BASE, data="text=x", content_type="text/plain", headers=admin_api.headers
    )
    assert_error(response, 415, "unsupportedMediaType")


def test_throttled_is_429(admin_api, ticket):
    with override_settings(SPACEBRING_API_RATE="2/min"):
        admin_api.get(BASE)
        admin_api.get(BASE)
        response = admin_api.get(BASE)
    assert_error(response, 429, "tooManyRequests")
    assert int(response["Retry-After"]) > 0


def test_database_down_is_503(admin_api, ticket, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(api_clients, "authenticate", down)
    body = assert_error(admin_api.get(BASE), 503, "unavailable")
    assert "connection refused" not in body["message"]


def test_contract_validator_rejects_extra_keys(admin_api, ticket):
    body = admin_api.get(f"{BASE}/{ticket.pk}").json()
    body["ticket"]["label"] = ticket.label
    with pytest.raises(Exception, match="Additional properties"):
        assert_matches("ticket", body)
