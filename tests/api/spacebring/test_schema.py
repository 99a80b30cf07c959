"""The OpenAPI document (drf-spectacular) describes this face as the contract names it."""

import pytest
import yaml
from django.test import Client

OPERATIONS = {
    ("/support/tickets/v1", "get"): "getSupportTickets",
    ("/support/tickets/v1", "post"): "createSupportTicket",
    ("/support/tickets/v1/{ticket_id}", "get"): "getSupportTicket",
    ("/support/tickets/v1/{ticket_id}/status", "put"): "updateSupportTicketStatus",
    ("/support/tickets/v1/{ticket_id}/assignee", "put"): "updateSupportTicketAssignee",
    ("/support/tickets/v1/{ticket_id}/comments", "post"): "createSupportTicketComment",
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
    assert flow["tokenUrl"] == flow["refreshUrl"] == "/oauth2/token/"
    assert set(flow["scopes"]) == {"support", "support.readonly"}
