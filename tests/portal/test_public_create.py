"""Requester: open a ticket (validation, IP, confirmation, e-mail, throttle, CSRF)."""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.portal.signing_clock import frozen_signing_clock  # noqa: F401
from tickets import services
from tickets.models import Ticket

URL = reverse("public:create")


@pytest.fixture
def valid(priorities, location, area_mesa):
    return {
        "nombre": "Laura Gómez",
        "email": "Laura@Example.com",
        "tipo": "INCIDENTE",
        "categoria": "Hardware",
        "urgencia": "high",
        "descripcion": "La impresora no imprime desde ayer.",
        "asunto": "Impresora",
        "telefono": "3001234567",
        "tieneWhatsapp": "on",
    }


@pytest.mark.parametrize("role", ["anon", "usuario", "mesa"])
def test_home_and_create_form_are_open_to_everyone(client_for, priorities, role):
    client = client_for(role)
    home = client.get(reverse("public:home"))
    assert home.status_code == 200
    assert f'href="{URL}"' in home.content.decode()
    form = client.get(URL)
    assert form.status_code == 200
    assert form.context["form"].fields and "csrfmiddlewaretoken" in form.content.decode()


def test_requester_opens_ticket_and_sees_label_on_confirmation(
    client, valid, django_capture_on_commit_callbacks, send_queued_mail
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response.url == reverse("public:created")
    ticket = Ticket.objects.get()
    assert ticket.area.code == "MESA"  # the intake area
    assert ticket.requester_email == "laura@example.com" and ticket.requester_whatsapp
    assert ticket.registration_ip == "203.0.113.9"
    page = client.get(response.url)
    assert ticket.label in page.content.decode()
    assert mail.outbox == []  # the request only queued it
    sent = send_queued_mail()
    assert len(sent) == 1 and ticket.label in sent[0].subject
    assert sent[0].to == ["laura@example.com"]


def test_confirmation_without_a_fresh_ticket_redirects_to_the_form(client):
    assert client.get(reverse("public:created")).url == URL


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nombre", "Al"),
        ("email", "no-es-correo"),
        ("tipo", "OTRO"),
        ("categoria", "H"),
        ("descripcion", "corta"),
        ("urgencia", "INVENTADA"),
        ("documento", "x" * 51),
        ("telefono", "1" * 31),
        ("empresaDepartamento", "x" * 151),
        ("subcategoria", "x" * 101),
        ("asunto", "x" * 201),
    ],
)
def test_invalid_field_shows_inline_error_and_creates_nothing(client, valid, field, value):
    response = client.post(URL, {**valid, field: value})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Ticket.objects.exists()


@override_settings(HELPDESK_THROTTLE={"public-create": (2, 60)})
def test_public_create_is_throttled_with_429(client, valid):
    assert client.post(URL, valid).status_code == 302
    assert client.post(URL, valid).status_code == 302
    response = client.post(URL, valid)
    assert response.status_code == 429
    assert Ticket.objects.count() == 2


def test_public_create_requires_csrf_token(valid):
    response = Client(enforce_csrf_checks=True).post(URL, valid)
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_the_form_asks_how_urgent_in_plain_words_not_for_a_priority(client, priorities):
    html = client.get(URL).content.decode()
    assert "¿Qué tan urgente es para usted?" in html
    assert 'name="prioridad"' not in html
    for words in ("No puedo trabajar en absoluto", "Sin prisa, cuando puedan"):
        assert words in html
    assert "URGENTE" not in html


@pytest.mark.parametrize(
    ("urgency", "priority"),
    [("blocking", "URGENTE"), ("high", "ALTA"), ("normal", "MEDIA"), ("low", "BAJA")],
)
def test_each_answer_maps_to_a_priority_and_history_keeps_both(client, valid, urgency, priority):
    client.post(URL, {**valid, "urgencia": urgency})
    ticket = Ticket.objects.get()
    assert ticket.priority.name == priority
    created = ticket.activities.get()
    assert (created.data["urgency"], created.data["priority"]) == (urgency, priority)


def test_desk_reprioritises_and_the_history_shows_both(client, client_for, valid, users):
    client.post(URL, {**valid, "urgencia": "low"})
    ticket = Ticket.objects.get()
    services.ticket_reclassify(actor=users["mesa"], ticket=ticket, priority="URGENTE")
    page = client_for("mesa").get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    assert "Urgencia para el solicitante" in page and "Sin prisa, cuando puedan" in page
    assert "BAJA" in page and "URGENTE" in page  # what the answer gave, what the desk set


def test_only_answers_whose_priority_exists_are_offered(client, priorities):
    priorities["URGENTE"].delete()
    choices = dict(client.get(URL).context["form"].fields["urgencia"].choices)
    assert "blocking" not in choices and "high" in choices


def test_confirmation_links_straight_to_the_ticket_page(client, valid):
    from tickets.selectors import links

    response = client.post(URL, valid, follow=True)
    ticket = Ticket.objects.get()
    path = links.requester_ticket_path(ticket)
    assert f'href="{path}"' in response.content.decode()
    assert client.get(path).templates[0].name == "public/ticket.html"
