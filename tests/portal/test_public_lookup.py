"""Requester: look a ticket up by label + e-mail. Public history only, no agent e-mails."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tickets import services

URL = reverse("public:lookup")


@pytest.fixture
def worked(ticket, users):
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="NOTA-INTERNA", public=False)
    services.ticket_update(
        actor=users["area_own"], ticket=ticket, status="RESUELTO", response="Tóner cambiado."
    )
    return ticket


def test_lookup_shows_status_and_public_response_but_no_internal_note(client, worked, users):
    response = client.post(URL, {"label": worked.label.lower(), "email": "LAURA@example.com"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tóner cambiado." in html
    assert "NOTA-INTERNA" not in html
    for user in users.values():
        assert user.email not in html
    assert users["area_own"].full_name in html


@pytest.mark.parametrize(
    ("label", "email"),
    [("TKT-2026-99999", "laura@example.com"), (None, "otra@example.com")],
)
def test_wrong_email_reads_exactly_like_unknown_label(client, ticket, label, email):
    response = client.post(URL, {"label": label or ticket.label, "email": email})
    assert response.status_code == 404
    assert (
        response.context["form"].non_field_errors()
        == ["No ticket matches that label and e-mail address."]
        or response.context["form"].non_field_errors()
    )
    assert ticket.subject not in response.content.decode()


def test_wrong_email_and_unknown_label_give_the_same_message(client, ticket):
    a = client.post(URL, {"label": "TKT-2026-99999", "email": "laura@example.com"})
    b = client.post(URL, {"label": ticket.label, "email": "otra@example.com"})
    assert a.context["form"].non_field_errors() == b.context["form"].non_field_errors()


def test_missing_fields_are_form_errors(client, db):
    response = client.post(URL, {"label": "", "email": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"label", "email"}


@override_settings(HELPDESK_THROTTLE={"public-lookup": (3, 60)})
def test_lookup_is_throttled_with_429(client, ticket):
    for _ in range(3):
        client.post(URL, {"label": "TKT-2026-99999", "email": "a@example.com"})
    response = client.post(URL, {"label": ticket.label, "email": "laura@example.com"})
    assert response.status_code == 429
    assert ticket.label not in response.content.decode()


def test_lookup_requires_csrf_token(ticket):
    response = Client(enforce_csrf_checks=True).post(
        URL, {"label": ticket.label, "email": "laura@example.com"}
    )
    assert response.status_code == 403
    assert ticket.subject not in response.content.decode()


def lookup(client, ticket):
    return client.post(URL, {"label": ticket.label, "email": "laura@example.com"})


def test_reasons_are_internal_and_never_shown_to_the_requester(client, ticket, users):
    services.ticket_pause(actor=users["mesa"], ticket=ticket, reason="MOTIVO-PAUSA")
    services.ticket_reopen(actor=users["mesa"], ticket=ticket, reason="MOTIVO-REAPERTURA")
    services.ticket_cancel(actor=users["mesa"], ticket=ticket, reason="MOTIVO-CANCELACION")
    response = lookup(client, ticket)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cancelado" in html  # the public status changes are there...
    assert "MOTIVO" not in html  # ...their reasons are not
    assert all(not e.reason for e in response.context["entries"])


def test_requester_history_shows_no_previous_internal_status(client, ticket, users):
    services.ticket_reclassify(actor=users["mesa"], ticket=ticket, priority="ALTA")
    services.ticket_update(actor=users["mesa"], ticket=ticket, status="EN_PROCESO")
    response = lookup(client, ticket)
    html = response.content.decode()
    assert "Reclasificado" not in html
    assert "En proceso" in html
    assert all(c.before is None for e in response.context["entries"] for c in e.changes)


def test_requester_history_names_areas_and_titles_responses(client, ticket, users, area_b):
    services.ticket_update(actor=users["mesa"], ticket=ticket, area=area_b, response="Hola Laura")
    html = lookup(client, ticket).content.decode()
    assert "Mantenimiento" in html and "MANTENIMIENTO" not in html
    assert "<strong>Respuesta</strong>" in html


def test_lookup_form_is_filled_in_after_opening_a_ticket(client, ticket):
    session = client.session
    session["public_created_ticket"] = {"label": ticket.label, "email": ticket.requester_email}
    session.save()
    form = client.get(URL).context["form"]
    assert form["label"].value() == ticket.label
    assert form["email"].value() == ticket.requester_email


def test_lookup_form_is_empty_for_a_new_visitor(client, db):
    form = client.get(URL).context["form"]
    assert form["label"].value() is None and form["email"].value() is None
