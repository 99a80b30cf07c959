"""Files on the pages: the portal's response and note forms (several files), create on
behalf, the public create page and the requester lookup page; listed with name, size and a
thumbnail; refused files answer 413 / 415 with the form; fixed query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import files
from tickets import services
from tickets.models import Attachment, Ticket


def action_url(ticket, name):
    return reverse("portal:action", args=[ticket.pk, name])


def page_url(ticket):
    return reverse("portal:ticket", args=[ticket.pk])


def test_agent_responds_with_several_files(client_for, ticket):
    response = client_for("area_own").post(
        action_url(ticket, "reply"),
        {
            "reply-status": ticket.status,
            "initial-reply-status": ticket.status,
            "reply-priority": "MEDIA",
            "initial-reply-priority": "MEDIA",
            "reply-area": "TECNOLOGIA",
            "initial-reply-area": "TECNOLOGIA",
            "reply-text": "Adjunto el informe",
            "reply-attachments": [files.pdf(), files.png()],
        },
    )
    assert response.status_code == 302, response.content
    rows = Attachment.objects.filter(ticket=ticket).order_by("name")
    assert [(a.name, a.public) for a in rows] == [("captura.png", True), ("informe.pdf", True)]


def test_internal_note_with_files_only(client_for, ticket):
    response = client_for("mesa").post(
        action_url(ticket, "reply"),
        {"reply-mode": "internal", "reply-text": "", "reply-attachments": [files.text()]},
    )
    assert response.status_code == 302
    assert Attachment.objects.get(ticket=ticket).public is False


def test_ticket_page_lists_files_with_size_thumbnail_and_visibility(client_for, ticket, users):
    services.ticket_comment(
        actor=users["mesa"], ticket=ticket, text="Respuesta", uploads=[files.png()]
    )
    services.ticket_comment(
        actor=users["mesa"], ticket=ticket, text="n", public=False, uploads=[files.pdf()]
    )
    html = client_for("mesa").get(page_url(ticket)).content.decode()
    png = Attachment.objects.get(name="captura.png")
    assert f'href="/portal/attachments/{png.key}/"' in html
    assert f'src="/portal/attachments/{png.key}/?inline=1"' in html
    assert 'width="4" height="3"' in html
    assert "informe.pdf" in html
    assert 'enctype="multipart/form-data"' in html
    assert "static/js/attachments.js" in html


@pytest.mark.parametrize(
    ("upload", "status"), [(files.html, 415), (files.exe_as_pdf, 415), (files.huge_png, 413)]
)
def test_refused_file_shows_the_form_again_with_its_status(client_for, ticket, upload, status):
    response = client_for("mesa").post(
        action_url(ticket, "reply"),
        {"reply-mode": "internal", "reply-text": "x", "reply-attachments": [upload()]},
    )
    assert response.status_code == status
    assert response.context["composer"].errors["attachments"]
    assert not Attachment.objects.exists()


def test_file_over_the_limit_is_413_on_the_page(client_for, ticket, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1000
    response = client_for("mesa").post(
        action_url(ticket, "reply"),
        {
            "reply-mode": "internal",
            "reply-text": "x",
            "reply-attachments": [files.text(body="a" * 5000)],
        },
    )
    assert response.status_code == 413
    assert not Attachment.objects.exists()
    assert not ticket.activities.filter(type="comment").exists()


def test_ticket_page_query_count_does_not_grow_with_files(client_for, ticket, users):
    client = client_for("mesa")
    client.get(page_url(ticket))

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page_url(ticket)).status_code == 200
        return len(ctx.captured_queries)

    services.ticket_comment(
        actor=users["mesa"], ticket=ticket, text="Respuesta", uploads=[files.png()]
    )
    small = measure()
    for i in range(8):
        services.ticket_comment(
            actor=users["mesa"],
            ticket=ticket,
            text=f"Respuesta {i}",
            public=i % 2 == 0,
            uploads=[files.png(), files.text()],
        )
    assert measure() == small


def test_agent_creates_on_behalf_with_a_file(client_for, priorities):
    response = client_for("mesa").post(
        reverse("portal:create"),
        {
            "nombre": "Laura Gómez",
            "email": "laura@example.com",
            "tipo": "INCIDENTE",
            "categoria": "Hardware",
            "prioridad": "MEDIA",
            "descripcion": "La impresora no imprime nada.",
            "attachments": [files.pdf()],
        },
    )
    assert response.status_code == 302
    assert Ticket.objects.get().attachments.get().name == "informe.pdf"


# --- requester pages ------------------------------------------------------------------

CREATE = {
    "nombre": "Laura Gómez",
    "email": "laura@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Hardware",
    "urgencia": "normal",  # the public form asks urgency in plain words (issue 17)
    "descripcion": "La impresora del segundo piso no imprime.",
}


def test_public_create_page_takes_files(client, priorities, area_mesa, location):
    response = client.post(
        reverse("public:create"), {**CREATE, "attachments": [files.png(), files.pdf()]}
    )
    assert response.status_code == 302, response.content
    ticket = Ticket.objects.get()
    rows = ticket.activities.get().attachments.all()
    assert sorted(a.name for a in rows) == ["captura.png", "informe.pdf"]
    assert all(a.public and a.uploaded_by_id is None for a in rows)


def test_public_create_page_refuses_svg_with_415_and_opens_no_ticket(
    client, priorities, area_mesa, location
):
    response = client.post(
        reverse("public:create"), {**CREATE, "attachments": [files.svg_with_script()]}
    )
    assert response.status_code == 415
    assert not Ticket.objects.exists()


def lookup(client, ticket, email="laura@example.com"):
    return client.post(reverse("public:lookup"), {"label": ticket.label, "email": email})


def attach(client, ticket, uploads, email="laura@example.com"):
    return client.post(
        reverse("public:attach"), {"label": ticket.label, "email": email, "attachments": uploads}
    )


def test_requester_adds_files_to_own_open_ticket_from_the_lookup_page(ticket):
    client = Client()
    html = lookup(client, ticket).content.decode()
    assert 'action="/consultar/adjuntar/"' in html
    response = attach(client, ticket, [files.png("grifo.png")])
    assert response.status_code == 302 and response["Location"] == reverse("public:looked-up")
    page = client.get(response["Location"]).content.decode()
    assert "grifo.png" in page and "/adjuntos/" in page
    row = Attachment.objects.get(ticket=ticket)
    assert (row.public, row.uploaded_by_id) == (True, None)


def test_requester_with_the_wrong_email_adds_nothing(ticket):
    response = attach(Client(), ticket, [files.png()], email="otra@example.com")
    assert response.status_code == 302 and response["Location"] == reverse("public:lookup")
    assert not Attachment.objects.exists()


def test_requester_cannot_add_files_to_a_closed_ticket(ticket, mesa_user):
    services.ticket_cancel(actor=mesa_user, ticket=ticket)
    assert 'action="/consultar/adjuntar/"' not in lookup(Client(), ticket).content.decode()
    assert attach(Client(), ticket, [files.png()]).status_code == 409
    assert not Attachment.objects.exists()


def test_requester_refused_file_is_415_on_the_ticket_page(ticket):
    response = attach(Client(), ticket, [files.html()])
    assert response.status_code == 415
    assert "attach_form" in response.context and response.context["attach_form"].errors


def test_looked_up_page_without_a_lookup_goes_back_to_the_form():
    response = Client().get(reverse("public:looked-up"))
    assert response.status_code == 302 and response["Location"] == reverse("public:lookup")


def test_lookup_page_query_count_does_not_grow_with_files(ticket, users):
    client = Client()

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            assert lookup(client, ticket).status_code == 200
        return len(ctx.captured_queries)

    services.ticket_comment(
        actor=users["mesa"], ticket=ticket, text="Respuesta", uploads=[files.png()]
    )
    small = measure()
    for i in range(6):
        services.ticket_comment(
            actor=users["mesa"],
            ticket=ticket,
            text=f"Respuesta {i}",
            uploads=[files.png(), files.pdf()],
        )
    assert measure() == small
