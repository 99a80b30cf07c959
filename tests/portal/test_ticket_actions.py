"""Posting the ticket page's action forms: services run, forbidden actions are 403,
bad input shows form errors (400), refused transitions show the message (409)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tickets.models import Activity, Status


def post(client, ticket, action, data):
    return client.post(reverse("portal:action", args=[ticket.pk, action]), data)


@pytest.mark.parametrize(
    ("role", "action", "data", "status"),
    [
        ("area_own", "assign", {"assign-motivo": "x"}, 403),
        ("area_own", "transfer", {"transfer-motivo": "x"}, 403),
        ("area_own", "reclassify", {"reclassify-nuevaPrioridad": "ALTA"}, 403),
        ("area_own", "reopen", {}, 403),
        ("area_other", "note", {"note-text": "hola"}, 403),
        ("area_other", "update", {"update-estado": "EN_PROCESO"}, 403),
        ("usuario", "note", {"note-text": "hola"}, 403),
    ],
)
def test_forbidden_action_is_refused_with_403_page(client_for, ticket, role, action, data, status):
    response = post(client_for(role), ticket, action, data)
    assert response.status_code == status
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


def test_anonymous_post_is_sent_to_login(client, ticket):
    response = post(client, ticket, "note", {"note-text": "hola"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_unknown_action_is_404(client_for, ticket):
    assert post(client_for("mesa"), ticket, "explode", {}).status_code == 404


def test_mesa_transfers_and_assigns(client_for, ticket, area_b, users):
    client = client_for("mesa")
    response = post(
        client, ticket, "transfer", {"transfer-area": area_b.pk, "transfer-motivo": "R"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.area, ticket.status) == (area_b, Status.TRANSFERIDO)
    response = post(client, ticket, "assign", {"assign-agenteId": users["area_other"].pk})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (users["area_other"], Status.ASIGNADO)


def test_area_agent_responds_and_resolves_and_the_requester_gets_mail(
    client_for, ticket, area_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client_for("area_own"),
            ticket,
            "update",
            {
                "update-estado": "RESUELTO",
                "update-prioridad": "MEDIA",
                "update-area": area_a.code,
                "update-respuesta": "Cambiamos el tóner.",
            },  # fmt: skip
        )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
    assert len(mail.outbox) == 1
    assert ticket.label in mail.outbox[0].subject
    assert "Cambiamos el tóner." in mail.outbox[0].body


def test_internal_note_is_not_public(client_for, ticket):
    post(client_for("area_own"), ticket, "note", {"note-text": "Solo agentes"})
    note = Activity.objects.get(ticket=ticket, type="comment")
    assert note.public is False and note.data["text"] == "Solo agentes"


def test_invalid_form_shows_errors_with_400(client_for, ticket):
    response = post(client_for("mesa"), ticket, "note", {"note-text": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_service_validation_error_lands_on_the_form(client_for, ticket, area_a):
    # Same status, same priority, same area, no response: the service says nothing to update.
    response = post(
        client_for("mesa"),
        ticket,
        "update",
        {"update-estado": "NUEVO", "update-prioridad": "MEDIA", "update-area": area_a.code},
    )
    assert response.status_code == 400
    assert response.context["panels"][0][2] is True  # the failed form is open again


def test_transition_out_of_terminal_status_shows_message_with_409(client_for, ticket):
    client = client_for("mesa")
    post(client, ticket, "cancel", {"cancel-motivo": "Duplicado"})
    response = post(client, ticket, "pause", {"pause-motivo": "x"})
    assert response.status_code == 409
    assert "CANCELADO" in response.content.decode()


def test_action_forms_require_csrf_token(ticket, users):
    client = Client(enforce_csrf_checks=True)
    client.login(username=users["mesa"].email, password=PASSWORD)
    response = post(client, ticket, "note", {"note-text": "sin token"})
    assert response.status_code == 403
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


def test_action_form_with_csrf_token_is_accepted(ticket, users):
    client = Client(enforce_csrf_checks=True)
    client.login(username=users["mesa"].email, password=PASSWORD)
    page = client.get(reverse("portal:ticket", args=[ticket.pk]))
    token = page.context["csrf_token"]
    response = post(
        client, ticket, "note", {"note-text": "con token", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
