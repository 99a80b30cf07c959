"""The Django admin follows the role matrix: ADMIN everything, MESA tickets read-only,
AREA own-area tickets read-only, requesters nothing."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def _client(client, user):
    if user is not None:
        assert client.login(username=user.email, password=PASSWORD)
    return client


ROLES = ["admin", "mesa", "area_own", "area_other", "usuario", "anonymous"]


def assert_admin_page(response, expected: int) -> None:
    """200: an admin page rendered; 302: sent to the admin's login; 403: the refusal page."""
    assert response.status_code == expected
    if expected == 200:
        assert response.context["site_header"] and response.context["title"]
    elif expected == 302:
        assert response.url.startswith(reverse("admin:login"))
    else:
        assert "403.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 200),
        ("mesa", 200),
        ("area_own", 200),
        ("area_other", 200),
        ("usuario", 302),
        ("anonymous", 302),
    ],
)
def test_admin_index_is_for_agents_only(client, users, role, expected):
    _client(client, users.get(role))
    response = client.get(reverse("admin:index"))
    assert_admin_page(response, expected)
    if expected == 200:  # agents read the tickets; no one but the admin manages people
        models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
        assert "Ticket" in models
        assert ("User" in models) == (role == "admin")


@pytest.mark.parametrize("role", ["admin", "mesa", "area_own"])
def test_ticket_page_is_visible_to_roles_that_may_see_it(client, users, ticket, role):
    _client(client, users[role])
    response = client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk]))
    assert response.status_code == 200
    assert ticket.label in response.content.decode()


def test_area_agent_cannot_open_other_area_ticket_in_admin(client, area_b_user, ticket):
    _client(client, area_b_user)
    response = client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk]), follow=True)
    # The admin treats a ticket outside the agent's queryset as missing.
    assert response.redirect_chain[0][0] == reverse("admin:index")
    assert ticket.label not in response.content.decode()


@pytest.mark.parametrize("role", ["admin", "mesa", "area_own", "area_other"])
def test_ticket_list_shows_only_visible_tickets(client, users, make_ticket, area_b, role):
    a = make_ticket(subject="Ticket del area A")
    b = make_ticket(subject="Ticket del area B", area=area_b)
    _client(client, users[role])
    body = client.get(reverse("admin:tickets_ticket_changelist")).content.decode()
    expected = {"admin": {a, b}, "mesa": {a, b}, "area_own": {a}, "area_other": {b}}[role]
    for ticket in (a, b):
        assert (ticket.label in body) is (ticket in expected)


@pytest.mark.parametrize("role", ["admin", "mesa", "area_own"])
def test_tickets_and_history_are_read_only_in_the_admin(client, users, ticket, role):
    _client(client, users[role])
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    response = client.post(url, {"status": "CERRADO"})
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == "NUEVO"
    assert client.get(reverse("admin:tickets_ticket_add")).status_code == 403
    delete = reverse("admin:tickets_ticket_delete", args=[ticket.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    activity = ticket.activities.get()
    change = reverse("admin:tickets_activity_change", args=[activity.pk])
    assert client.post(change, {"public": "on"}).status_code == 403


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("mesa", 403), ("area_own", 403)],
)
@pytest.mark.parametrize(
    "model",
    [
        "accounts_user",
        "accounts_area",
        "accounts_location",
        "accounts_network",
        "accounts_membership",
        "tickets_priority",
    ],
)
def test_configuration_is_for_admin_only(client, users, role, expected, model):
    _client(client, users[role])
    assert_admin_page(client.get(reverse(f"admin:{model}_changelist")), expected)


def test_admin_creates_an_area_agent_that_can_log_in(client, admin_user, area_a):
    _client(client, admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "nuevo@example.com",
            "name": "Nuevo",
            "surname": "Agente",
            "role": "AREA",
            "area": area_a.pk,
            "password1": "S3gura-clave-larga",
            "password2": "S3gura-clave-larga",
            "usable_password": "true",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert client.login(username="nuevo@example.com", password="S3gura-clave-larga")


def test_ticket_page_lists_files_linking_to_the_checked_download(client, users, ticket):
    from tests import files
    from tickets import services

    activity = services.ticket_comment(
        actor=users["mesa"], ticket=ticket, text="x", public=False, uploads=[files.pdf()]
    )
    row = activity.attachments.get()
    _client(client, users["mesa"])
    body = client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk])).content.decode()
    assert f'href="/portal/attachments/{row.key}/"' in body and "informe.pdf" in body
