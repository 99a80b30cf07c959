"""The OpenAPI document (drf-spectacular) describes this face as the contract names it."""

import pytest
import yaml
from django.test import Client

OPERATIONS = {
    ("/support/tickets/v1", "get"): "getSupportTickets",
    ("/support/tickets/v1", "post"): "createSupportTicket",
    ("/support/tickets/v1/{id}", "get"): "getSupportTicket",
    ("/support/tickets/v1/{id}/status", "put"): "updateSupportTicketStatus",
    ("/support/tickets/v1/{id}/assignee", "put"): "updateSupportTicketAssignee",
    ("/support/tickets/v1/{id}/comments", "post"): "createSupportTicketComment",
    ("/support/tickets/v1/attachments", "post"): "createSupportAttachment",
    ("/support/tickets/v1/attachments/{key}", "get"): "getSupportAttachment",
}


@pytest.fixture(scope="module")
def document(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


@pytest.mark.parametrize(("key", "operation_id"), OPERATIONS.items())
def test_operation_ids_tags_and_security(document, key, operation_id):
    path, method = key
    operation = document["paths"][path][method]
    assert operation["operationId"] == operation_id
    assert operation["tags"] == ["Support"]
    schemes = {name for requirement in operation["security"] for name in requirement}
    assert schemes == {"BasicAuth", "OAuth2"}
    if operation_id.endswith(("Assignee", "Comment", "Attachment")):
        assert operation["x-extension"] is True


def test_security_schemes(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["BasicAuth"] == {
        "type": "http",
        "scheme": "basic",
        "description": schemes["BasicAuth"]["description"],
    }
    flow = schemes["OAuth2"]["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "/oauth2/authorize"  # the contract's paths
    assert flow["tokenUrl"] == flow["refreshUrl"] == "/oauth2/token"
    assert set(flow["scopes"]) == {"support", "support.readonly"}


# --- The served schema says what the contract says -------------------------------------

CONTRACT_COMPONENTS = ["ticket", "ticketActivity", "responseError"]
KEYWORDS = ("type", "format", "enum", "required", "additionalProperties", "nullable")


def _compare(served: dict, contract: dict, where: str, document: dict) -> list[str]:
    """Differences of ``served`` from ``contract``, property by property, recursively."""
    if "$ref" in served:  # generators resolve references; so do we
        served = document["components"]["schemas"][served["$ref"].rsplit("/", 1)[1]]
    problems = [
        f"{where}: {key} {served.get(key)!r} != {contract.get(key)!r}"
        for key in KEYWORDS
        if _norm(served.get(key)) != _norm(contract.get(key))
    ]
    served_props, contract_props = served.get("properties", {}), contract.get("properties", {})
    if set(served_props) != set(contract_props):
        problems.append(f"{where}: properties {sorted(served_props)} != {sorted(contract_props)}")
    for name in set(served_props) & set(contract_props):
        problems += _compare(served_props[name], contract_props[name], f"{where}.{name}", document)
    if "items" in contract or "items" in served:
        problems += _compare(
            served.get("items", {}), contract.get("items", {}), f"{where}[]", document
        )
    return problems


def _norm(value):
    return sorted(value) if isinstance(value, list) else value


@pytest.mark.parametrize("component", CONTRACT_COMPONENTS)
def test_served_component_matches_the_contract_property_by_property(document, component):
    from tests.api.spacebring.conftest import SPEC_DOC

    served = document["components"]["schemas"][component]
    contract = SPEC_DOC["components"]["schemas"][component]
    assert _compare(served, contract, component, document) == []


@pytest.mark.parametrize(("key", "operation_id"), OPERATIONS.items())
def test_ids_and_the_network_header_are_uuids(document, key, operation_id):
    path, method = key
    parameters = {p["name"]: p for p in document["paths"][path][method]["parameters"]}
    assert parameters["spacebring-network-id"]["in"] == "header"
    assert parameters["spacebring-network-id"]["schema"] == {"type": "string", "format": "uuid"}
    if "{id}" in path:
        assert parameters["id"]["in"] == "path"
        assert parameters["id"]["required"] is True
        assert parameters["id"]["schema"] == {"type": "string", "format": "uuid"}
    assert "ticket_id" not in parameters


def _resolve(document, schema):
    if "$ref" in schema:
        return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


@pytest.mark.parametrize(("key", "operation_id"), OPERATIONS.items())
def test_bodies_point_at_the_contract_components(document, key, operation_id):
    path, method = key
    responses = document["paths"][path][method]["responses"]
    success = next(code for code in responses if code.startswith("2"))
    content = responses[success].get("content", {})
    if "application/json" not in content:  # a file download: only its errors are JSON
        content = {"application/json": {"schema": {"type": "object", "properties": {}}}}
    body = _resolve(document, content["application/json"]["schema"])
    refs = {
        name: (prop.get("$ref") or prop.get("items", {}).get("$ref", "")).rsplit("/", 1)[-1]
        for name, prop in body["properties"].items()
    }
    expected = {"ticket": "ticket", "tickets": "ticket", "activity": "ticketActivity"}
    expected["activities"] = "ticketActivity"
    assert {k: v for k, v in refs.items() if k in expected} == {
        k: expected[k] for k in refs if k in expected
    }
    for code, response in responses.items():
        if not code.startswith("2"):
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/responseError"}, code


def _body_schema(document, path, method):
    body = document["paths"][path][method]["requestBody"]["content"]["application/json"]
    return _resolve(document, body["schema"])


def test_the_contracts_bodies_take_unknown_keys_and_our_extensions_say_they_do_not(document):
    status = _body_schema(document, "/support/tickets/v1/{id}/status", "put")
    create = _body_schema(document, "/support/tickets/v1", "post")
    for body in (status, create, _resolve(document, status["properties"]["ticket"])):
        assert "additionalProperties" not in body  # the contract does not refuse them
    comment = _body_schema(document, "/support/tickets/v1/{id}/comments", "post")
    assignee = _body_schema(document, "/support/tickets/v1/{id}/assignee", "put")
    for body in (comment, assignee, _resolve(document, comment["properties"]["comment"])):
        assert body["additionalProperties"] is False


def test_a_comment_needs_text_or_a_file_in_the_schema_as_on_the_server(document):
    comment = _body_schema(document, "/support/tickets/v1/{id}/comments", "post")
    new = _resolve(document, comment["properties"]["comment"])
    assert new["anyOf"] == [
        {"required": ["text"], "properties": {"text": {"pattern": "\\S"}}},
        {"required": ["attachments"], "properties": {"attachments": {"minItems": 1}}},
    ]


def test_the_400_lists_unknown_references(document):
    description = document["paths"]["/support/tickets/v1"]["post"]["responses"]["400"]
    assert "locationRef" in description["description"]
    description = document["paths"]["/api/tickets/{ticket_id}/asignar"]["post"]["responses"]
    assert "agent the server does not know" in description["400"]["description"]
