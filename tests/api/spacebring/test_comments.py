"""POST /support/tickets/v1/{id}/comments — createSupportTicketComment (our extension)."""

import pytest

from tests import files
from tests.api.spacebring.conftest import BASE, assert_error, assert_matches


def url(ticket):
    return f"{BASE}/{ticket.pk}/comments"


def test_comment_with_uploaded_attachments_is_201(admin_api, ticket):
    uploaded = admin_api.client.post(
        f"{BASE}/attachments", {"file": files.png("foto.png")}, headers=admin_api.headers
    )
    assert uploaded.status_code == 201, uploaded.content
    attachment = uploaded.json()["attachment"]
    body = {"comment": {"text": "Ya vamos", "attachments": [attachment]}}
    response = admin_api.post(url(ticket), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert_matches("activity", data)
    assert data["activity"]["type"] == "comment"
    assert data["activity"]["data"] == {"text": "Ya vamos", "attachments": [attachment]}


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 201), ("mesa", 201), ("area_own", 201), ("area_other", 403), ("usuario", 403)],
)
def test_comment_role_matrix(api_as, users, ticket, role, status):
    response = api_as(users[role]).post(url(ticket), {"comment": {"text": "Hola"}})
    if status == 201:
        assert response.status_code == 201
    else:
        assert_error(response, status, "forbidden")


def test_requester_comments_on_own_ticket(api_as, requester, make_ticket):
    ticket = make_ticket(requester=requester)
    response = api_as(requester).post(url(ticket), {"comment": {"text": "¿Novedades?"}})
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("comment", "field"),
    [
        ({}, "comment.text"),
        ({"text": ""}, "comment.text"),
        ({"text": "x", "attachments": [{"key": "k"}]}, "comment.attachments[0].key"),
        ({"text": "x", "attachments": [{"name": "a.png"}]}, "comment.attachments"),
        ({"text": "x", "attachments": "no"}, "comment.attachments"),
    ],
)
def test_invalid_comment_is_400(admin_api, ticket, comment, field):
    response = admin_api.post(url(ticket), {"comment": comment})
    assert assert_error(response, 400, "validation")["message"].startswith(field)


def test_readonly_scope_cannot_comment(api_as, admin_user, ticket):
    response = api_as(admin_user, scopes="support.readonly").post(
        url(ticket), {"comment": {"text": "Hola"}}
    )
    assert_error(response, 403, "forbidden")
