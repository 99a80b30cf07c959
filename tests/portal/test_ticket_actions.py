"""Posting the ticket page's action forms: services run, forbidden actions are 403,
bad input shows form errors (400), refused transitions show the message (409)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.actions import ACTIONS, make_form
from tests.conftest import PASSWORD
from tickets import services
from tickets.models import Activity, Status


def post(client, ticket, action, data):
    return client.post(reverse("portal:action", args=[ticket.pk, action]), data)


@pytest.mark.parametrize(
    ("role", "action", "data", "status"),
    [
        ("area_own", "assign", {"assign-reason": "x"}, 403),
        ("area_own", "transfer", {"transfer-reason": "x"}, 403),
        ("area_own", "reclassify", {"reclassify-priority": "ALTA"}, 403),
        ("area_own", "reopen", {}, 403),
        ("area_other", "reply", {"reply-mode": "internal", "reply-text": "hola"}, 403),
        ("area_other", "reply", {"reply-status": "EN_PROCESO"}, 403),
        ("usuario", "reply", {"reply-mode": "internal", "reply-text": "hola"}, 403),
    ],
)
def test_forbidden_action_is_refused_with_403_page(client_for, ticket, role, action, data, status):
    before = (ticket.status, Activity.objects.filter(ticket=ticket).count())
    response = post(client_for(role), ticket, action, data)
    assert response.status_code == status
    ticket.refresh_from_db()
    assert (ticket.status, Activity.objects.filter(ticket=ticket).count()) == before


def test_anonymous_post_is_sent_to_login(client, ticket):
    response = post(client, ticket, "reply", {"reply-mode": "internal", "reply-text": "hola"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_unknown_action_is_404(client_for, ticket):
    before = Activity.objects.filter(ticket=ticket).count()
    assert post(client_for("mesa"), ticket, "explode", {}).status_code == 404
    assert Activity.objects.filter(ticket=ticket).count() == before


def test_mesa_transfers_and_assigns(client_for, ticket, area_b, users):
    client = client_for("mesa")
    response = post(
        client, ticket, "transfer", {"transfer-area": area_b.pk, "transfer-reason": "R"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.area, ticket.status) == (area_b, Status.TRANSFERIDO)
    response = post(client, ticket, "assign", {"assign-assignee": users["area_other"].pk})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (users["area_other"], Status.ASIGNADO)


def test_area_agent_responds_and_resolves_and_the_requester_gets_mail(
    client_for, ticket, area_a, django_capture_on_commit_callbacks, send_queued_mail
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client_for("area_own"),
            ticket,
            "reply",
            {
                "reply-status": "RESUELTO",
                "reply-priority": "MEDIA",
                "reply-area": area_a.code,
                "reply-text": "Cambiamos el tóner.",
            },  # fmt: skip
        )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
    send_queued_mail()
    assert len(mail.outbox) == 1
    assert ticket.label in mail.outbox[0].subject
    assert "Cambiamos el tóner." in mail.outbox[0].body


def test_internal_note_is_not_public(client_for, ticket):
    post(
        client_for("area_own"),
        ticket,
        "reply",
        {"reply-mode": "internal", "reply-text": "Solo agentes"},
    )
    note = Activity.objects.get(ticket=ticket, type="comment")
    assert note.public is False and note.data["text"] == "Solo agentes"


def test_invalid_form_shows_errors_with_400(client_for, ticket):
    response = post(client_for("mesa"), ticket, "reply", {"reply-text": "x" * 5001})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_service_validation_error_lands_on_the_form(client_for, ticket, area_a):
    # Same status, same priority, same area, no text: the service says there is nothing to send.
    response = post(
        client_for("mesa"),
        ticket,
        "reply",
        {"reply-status": "NUEVO", "reply-priority": "MEDIA", "reply-area": area_a.code},
    )
    assert response.status_code == 400
    assert response.context["composer"].errors["text"]  # the composer shows why, under its text


def test_a_public_reply_shorter_than_the_api_minimum_is_refused(client_for, ticket):
    response = post(client_for("mesa"), ticket, "reply", {"reply-text": "ok"})
    assert response.status_code == 400
    assert response.context["composer"].errors["text"]
    assert "ok</textarea>" in response.content.decode()  # the agent's text is kept
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


def test_a_short_internal_note_is_taken(client_for, ticket):
    response = post(
        client_for("mesa"), ticket, "reply", {"reply-mode": "internal", "reply-text": "ok"}
    )
    assert response.status_code == 302
    assert Activity.objects.get(ticket=ticket, type="comment").public is False


def test_transition_out_of_terminal_status_shows_message_with_409(client_for, ticket):
    client = client_for("mesa")
    post(client, ticket, "cancel", {"cancel-reason": "Duplicado"})
    response = post(client, ticket, "pause", {"pause-reason": "x"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Un ticket en estado Cancelado no puede pasar a Pausado." in html  # labels, not codes
    assert "CANCELADO" not in html


def test_action_forms_require_csrf_token(ticket, users):
    client = Client(enforce_csrf_checks=True)
    client.login(username=users["mesa"].email, password=PASSWORD)
    response = post(client, ticket, "reply", {"reply-mode": "internal", "reply-text": "sin token"})
    assert response.status_code == 403
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


def test_action_form_with_csrf_token_is_accepted(ticket, users):
    client = Client(enforce_csrf_checks=True)
    client.login(username=users["mesa"].email, password=PASSWORD)
    page = client.get(reverse("portal:ticket", args=[ticket.pk]))
    token = page.context["csrf_token"]
    response = post(
        client,
        ticket,
        "reply",
        {"reply-mode": "internal", "reply-text": "con token", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    note = ticket.activities.last()
    assert (note.type, note.public, note.actor) == ("comment", False, users["mesa"])
    assert note.data["text"] == "con token"


# --- Respond / update: a stale form never undoes another agent's change ---------------------


def browser_post_data(form) -> dict:
    """What a browser sends for ``form`` as drawn: every field's value plus the hidden
    ``initial-`` inputs of the fields that have one."""
    data = {}
    for field in form:
        value = field.value()
        data[field.html_name] = "" if value is None else value
        if field.field.show_hidden_initial:
            data[field.html_initial_name] = data[field.html_name]
    return data


def update_form_as_drawn(client, ticket):
    page = client.get(reverse("portal:ticket", args=[ticket.pk]))
    return browser_post_data(page.context["composer"])


def test_stale_update_form_with_a_response_keeps_another_agents_changes(
    client_for, ticket, users, area_a
):
    mesa = client_for("mesa")
    stale = update_form_as_drawn(mesa, ticket)  # NUEVO, MEDIA, TECNOLOGIA
    other = client_for("admin")
    fresh = update_form_as_drawn(other, ticket)
    fresh.update({"reply-status": "EN_PROCESO", "reply-priority": "ALTA"})
    assert post(other, ticket, "reply", fresh).status_code == 302

    stale["reply-text"] = "Ya vamos."
    response = post(mesa, ticket, "reply", stale)

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority.name, ticket.area) == ("EN_PROCESO", "ALTA", area_a)
    assert Activity.objects.filter(ticket=ticket, type="comment", data__text="Ya vamos.").exists()


def test_stale_update_form_sends_only_the_field_its_agent_changed(
    client_for, ticket, users, area_a, area_b
):
    mesa = client_for("mesa")
    stale = update_form_as_drawn(mesa, ticket)
    services.ticket_update(actor=users["admin"], ticket=ticket, status="EN_PROCESO")

    stale["reply-area"] = area_b.code  # this agent moves it; the status change stays
    assert post(mesa, ticket, "reply", stale).status_code == 302

    ticket.refresh_from_db()
    assert (ticket.status, ticket.area, ticket.priority.name) == ("EN_PROCESO", area_b, "MEDIA")


def test_update_status_choices_follow_the_state_machine(client_for, ticket):
    page = client_for("mesa").get(reverse("portal:ticket", args=[ticket.pk]))
    offered = [value for value, _ in page.context["composer"].fields["status"].choices]
    # What MESA may move it to, but the statuses set by their own operation (assign,
    # transfer, reclassify) and the final ones (cancel, archive: confirmed in the sidebar).
    assert offered == ["NUEVO", "EN_PROCESO", "PAUSADO", "RESUELTO", "CERRADO"]


@pytest.mark.parametrize(
    ("role", "status", "offered"),
    [
        ("mesa", "ASIGNADO", ["NUEVO", "ASIGNADO", "EN_PROCESO", "PAUSADO", "RESUELTO", "CERRADO"]),
        # Back to work from solved or closed is a reopen: MESA may, an AREA agent may not.
        # Resuming a pause (-> EN_PROCESO) is work; back to NUEVO from a pause is a reopen.
        ("mesa", "PAUSADO", ["NUEVO", "EN_PROCESO", "PAUSADO", "RESUELTO", "CERRADO"]),
        ("area_own", "PAUSADO", ["EN_PROCESO", "PAUSADO", "RESUELTO", "CERRADO"]),
        ("mesa", "RESUELTO", ["NUEVO", "EN_PROCESO", "RESUELTO", "CERRADO"]),
        ("area_own", "RESUELTO", ["RESUELTO", "CERRADO"]),
        ("area_own", "CERRADO", ["CERRADO"]),
    ],
)  # fmt: skip
def test_composer_offers_current_status_and_the_next_ones_the_agent_may_set(
    ticket, users, role, status, offered
):
    ticket.status = status
    form = make_form(ACTIONS["reply"], ticket, user=users[role])
    assert [value for value, _ in form.fields["status"].choices] == offered


def test_update_to_a_status_outside_the_choices_is_a_form_error(client_for, ticket, area_a):
    data = {"reply-status": "ASIGNADO", "reply-priority": "MEDIA", "reply-area": area_a.code}
    response = post(client_for("mesa"), ticket, "reply", data)
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO


# --- After a failed action the page's URL is POST-only ---------------------------------------


def test_get_on_an_action_url_goes_back_to_the_ticket_page(client_for, ticket):
    response = client_for("mesa").get(reverse("portal:action", args=[ticket.pk, "reply"]))
    assert response.status_code == 302
    assert response.url == reverse("portal:ticket", args=[ticket.pk])


def test_language_switch_after_a_failed_action_returns_to_the_ticket_page(client_for, ticket):
    client = client_for("mesa")
    failed = post(client, ticket, "reply", {"reply-mode": "internal", "reply-text": ""})
    assert failed.status_code == 400
    page = reverse("portal:ticket", args=[ticket.pk])
    html = failed.content.decode()
    assert html.count(f'name="next" type="hidden" value="{page}"') == 2  # language and zone
    switched = client.post(reverse("set_language"), {"language": "en", "next": page})
    assert switched.status_code == 302 and switched.url == page


# --- Transfer ----------------------------------------------------------------------------------


def test_transfer_to_an_area_with_an_agent_of_another_area_is_refused_in_portal_words(
    client_for, ticket, area_b, users
):
    data = {"transfer-area": area_b.pk, "transfer-assignee": users["area_own"].pk}
    response = post(client_for("mesa"), ticket, "transfer", data)
    assert response.status_code == 400
    assert "No es agente del área de destino." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.area_id != area_b.pk


@pytest.mark.parametrize("terminal", ["cancel", "archive"])
def test_a_note_on_a_terminal_ticket_is_refused_with_409(client_for, ticket, terminal):
    client = client_for("mesa")
    post(client, ticket, terminal, {f"{terminal}-reason": "Fin"})
    before = Activity.objects.filter(ticket=ticket).count()
    response = post(
        client, ticket, "reply", {"reply-mode": "internal", "reply-text": "Una nota más"}
    )
    assert response.status_code == 409
    label = "Cancelado" if terminal == "cancel" else "Archivado"
    assert (
        f"Un ticket en estado {label} es definitivo: no admite más cambios ni comentarios."
        in response.content.decode()
    )
    assert Activity.objects.filter(ticket=ticket).count() == before


@pytest.mark.parametrize("role", ["admin", "mesa", "area_own"])
def test_agents_of_the_area_resume_a_paused_ticket_from_the_update_form(
    client_for, ticket, area_a, role
):
    post(client_for("mesa"), ticket, "pause", {"pause-reason": "Esperando"})
    data = {"reply-status": "EN_PROCESO", "reply-priority": "MEDIA", "reply-area": area_a.code}
    response = post(client_for(role), ticket, "reply", data)
    assert response.status_code == 302, response.content.decode()[:500]
    ticket.refresh_from_db()
    assert ticket.status == Status.EN_PROCESO


def test_area_agent_still_cannot_reopen_from_the_portal(client_for, ticket):
    post(client_for("mesa"), ticket, "pause", {"pause-reason": "Esperando"})
    before = Activity.objects.filter(ticket=ticket).count()
    assert post(client_for("area_own"), ticket, "reopen", {"reopen-reason": "x"}).status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Status.PAUSADO
    assert Activity.objects.filter(ticket=ticket).count() == before
