"""POST /support/tickets/v1/{id}/comments — createSupportTicketComment (our extension)."""

import pytest

from tests.api.spacebring.conftest import BASE, assert_error, assert_matches

ATTACHMENT = {
    "key": "uploads/1",
    "mime": "image/png",
    "name": "foto.png",
    "size": 2048,
    "url": "https://files.example.com/uploads/1",
    "height": 600,
    "width": 800,
}


def url(ticket):
    return f"{BASE}/{ticket.pk}/comments"


def test_comment_with_attachments_is_201(admin_api, ticket):
    body = {"comment": {"text": "Ya vamos", "attachments": [ATTACHMENT]}}
    response = admin_api.post(url(ticket), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert_matches("activity", data)
    assert data["activity"]["type"] == "comment"
    assert data["activity"]["data"] == {"text": "Ya vamos", "attachments": [ATTACHMENT]}


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
        ({"text": "x", "attachments": [{"key": "k"}]}, "comment.attachments"),
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


def test_requester_comment_through_the_api_emails_the_assignee(
    api_as, requester, make_ticket, mesa_user, area_a_user, django_capture_on_commit_callbacks,
    send_queued_mail,
):
    from tickets import services

    ticket = make_ticket(requester=requester)
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(requester).post(url(ticket), {"comment": {"text": "¿Novedades?"}})
    assert response.status_code == 201
    [message] = send_queued_mail()
    assert message.to == [area_a_user.email] and "¿Novedades?" in message.body
