"""Fixtures of the Spacebring face: API clients (Basic auth), a JSON client, and the
contract's schemas (the repository's copy, ``docs/contracts/``) to validate every body."""

import base64
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings
from django.test import Client

from accounts import api_clients
from accounts.models import Membership

REDIRECT = "https://integration.example.com/callback"
SECRET = "confidential-client-secret-0123456789"  # noqa: S105
SPEC = Path(settings.BASE_DIR) / "docs" / "contracts" / "spacebring-support.openapi.yaml"
BASE = "/support/tickets/v1"


def _load_spec() -> dict:
    with SPEC.open() as fh:
        return yaml.safe_load(fh)


SPEC_DOC = _load_spec()


def _component(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


BODIES = {
    "ticket": {"ticket": _component("ticket"), "activities": ("array", "ticketActivity")},
    "list": {"tickets": ("array", "ticket"), "nextPageToken": {"type": "string"}},
    "activity": {"activity": _component("ticketActivity"), "ticket": _component("ticket")},
}


def _body_schema(kind: str) -> dict:
    if kind == "error":
        return {
            **_component("responseError"),
            "components": SPEC_DOC["components"],
        }
    properties = {}
    for key, value in BODIES[kind].items():
        if isinstance(value, tuple):
            value = {"type": "array", "items": _component(value[1])}
        properties[key] = value
    required = [k for k in properties if k != "nextPageToken"]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "components": SPEC_DOC["components"],
    }


def _nullable_aware(schema):
    """OpenAPI 3.0 ``nullable: true`` -> JSON Schema ``type: [T, "null"]``."""
    if isinstance(schema, dict):
        out = {k: _nullable_aware(v) for k, v in schema.items()}
        if out.pop("nullable", False) and "type" in out:
            out["type"] = [out["type"], "null"]
        return out
    if isinstance(schema, list):
        return [_nullable_aware(v) for v in schema]
    return schema


def assert_matches(kind: str, body) -> None:
    """Validate ``body`` against the contract (``ticket``, ``list``, ``activity``, ``error``)."""
    schema = _nullable_aware(_body_schema(kind))
    jsonschema.validate(body, schema, format_checker=jsonschema.FormatChecker())
    if kind == "error":
        assert set(body) == {"message", "type"}
        assert body["message"]
        assert body["type"]


def assert_error(response, status: int, type_: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert_matches("error", body)
    if type_ is not None:
        assert body["type"] == type_, body
    return body


def basic_header(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


class ApiCaller:
    """A Django test client that sends JSON and one fixed set of headers."""

    def __init__(self, **headers):
        self.client = Client()
        self.headers = headers

    def _call(self, method: str, path: str, body=None, **extra):
        kwargs = {"headers": {**self.headers, **extra.pop("headers", {})}}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        kwargs.update(extra)
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path, **extra):
        return self._call("get", path, None, **extra)

    def post(self, path, body=None, **extra):
        return self._call("post", path, body, **extra)

    def put(self, path, body=None, **extra):
        return self._call("put", path, body, **extra)

    def delete(self, path, **extra):
        return self._call("delete", path, None, **extra)


@pytest.fixture
def issue_client(network):
    """Issue an API client acting as ``user`` (its membership in ``location``)."""

    def issue(user, *, scopes="support", location=None, **fields):
        membership = Membership.objects.get(
            user=user, **({"location": location} if location else {})
        )
        client, secret = api_clients.issue(
            name=f"client of {user.email}",
            network=membership.location.network,
            membership=membership,
            scopes=scopes,
            **fields,
        )
        return client, secret

    return issue


@pytest.fixture
def api_as(issue_client):
    """An ``ApiCaller`` authenticated with Basic auth as ``user``."""

    def make(user, *, scopes="support", **fields):
        client, secret = issue_client(user, scopes=scopes, **fields)
        return ApiCaller(Authorization=basic_header(client.client_id, secret))

    return make


@pytest.fixture
def admin_api(api_as, admin_user):
    return api_as(admin_user)


@pytest.fixture
def application(db):
    """A confidential OAuth2 application (authorization code with refresh)."""
    from oauth2_provider.models import Application

    return Application.objects.create(
        name="Integración",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=REDIRECT,
        client_secret=SECRET,
    )
