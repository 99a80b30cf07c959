"""The requester's language is remembered with the ticket: opened from the English UI, every
e-mail to the requester and the requester pages of that ticket are English; agents' e-mail and
tickets opened elsewhere stay in the site's language."""

import pytest
from django.conf import settings
from django.urls import reverse

from tickets import services
from tickets.access import Requester
from tickets.models import Status, Ticket
from tickets.selectors import links

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(priorities, location, area_mesa):
    return {
        "nombre": "Laura Gómez",
        "email": "laura@example.com",
        "tipo": "INCIDENTE",
        "categoria": "Hardware",
        "urgencia": "high",
        "descripcion": "The printer on the second floor does not print.",
        "asunto": "Printer",
    }


def open_from(client, form, language: str, django_capture_on_commit_callbacks) -> Ticket:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("public:create"), form)
    assert response.status_code == 302
    return Ticket.objects.get(requester_email="laura@example.com")


def test_a_ticket_opened_from_the_english_ui_mails_its_requester_in_english(
    client, form, mesa_user, send_queued_mail, django_capture_on_commit_callbacks
):
    ticket = open_from(client, form, "en", django_capture_on_commit_callbacks)
    assert ticket.requester_language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_comment(actor=mesa_user, ticket=ticket, text="On our way.")
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_update(actor=mesa_user, ticket=ticket, status=Status.RESUELTO)
    messages = send_queued_mail()
    subjects = [m.subject for m in messages]
    assert subjects[0] == f"Your ticket {ticket.label} was received"
    assert len(messages) == 3
    for message in messages:
        assert message.to == ["laura@example.com"]
        assert "Su ticket" not in message.subject and "Recibimos" not in message.subject
        assert message.body.startswith("Hello Laura Gómez,")


def test_a_ticket_opened_from_the_spanish_ui_mails_in_spanish(
    client, form, send_queued_mail, django_capture_on_commit_callbacks
):
    ticket = open_from(client, form, "es", django_capture_on_commit_callbacks)
    assert ticket.requester_language == "es"
    [message] = send_queued_mail()
    assert message.subject == f"Recibimos su ticket {ticket.label}"


def test_tickets_from_elsewhere_use_the_site_language(
    make_ticket, send_queued_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket()
    assert ticket.requester_language == ""
    [message] = send_queued_mail()
    assert message.subject == f"Recibimos su ticket {ticket.label}"


def test_an_unknown_language_is_not_stored(make_ticket):
    assert make_ticket(requester_language="xx").requester_language == ""


def test_the_link_in_the_email_opens_the_page_in_the_tickets_language(client, make_ticket):
    ticket = make_ticket(requester_language="en")
    page = client.get(links.requester_ticket_path(ticket), HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="en">' in html
    assert page["Content-Language"] == "en"


def test_a_visitor_who_chose_a_language_keeps_it(client, make_ticket):
    ticket = make_ticket(requester_language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    html = client.get(links.requester_ticket_path(ticket)).content.decode()
    assert '<html lang="es">' in html


def test_a_ticket_that_follows_a_closed_one_keeps_its_language(make_ticket, mesa_user):
    ticket = make_ticket(requester_language="en")
    services.ticket_update(actor=mesa_user, ticket=ticket, status=Status.RESUELTO)
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status=Status.CERRADO)
    result = services.ticket_requester_reply(
        actor=Requester(ticket.requester_email),
        ticket=ticket,
        text="It fails again.",
    )
    follow_up = Ticket.objects.get(follows=ticket)
    assert result is not None and follow_up.requester_language == "en"
