"""An empty, migrated database + ``setup_helpdesk``: every way in opens tickets.

This is the first-run recipe of docs/operations.md; no fixture of tests/conftest.py is used.
"""

import base64
import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Area, Location, Network, User
from tickets.models import Priority, Ticket

PASSWORD = "first run password 2026"  # noqa: S105


def test_after_migrate_and_setup_helpdesk_the_three_ways_in_create_tickets(db, tmp_path):
    for model in (Network, Location, Area, Priority, User, Ticket):
        assert not model.objects.exists(), model  # a migrated, empty database
    password_file = tmp_path / "admin-password"
    password_file.write_text(PASSWORD + "\n")
    call_command(
        "setup_helpdesk",
        admin_email="admin@example.org",
        password_file=password_file,
        stdout=io.StringIO(),
    )

    # 1. The requester's public form: the urgency answers are offered (each maps to one of the
    # priorities setup_helpdesk made), the ticket is opened.
    public = Client()
    page = public.get(reverse("public:create")).content.decode()
    assert all(f'value="{u}"' in page for u in ("blocking", "high", "normal", "low"))
    response = public.post(
        reverse("public:create"),
        {
            "nombre": "Laura Gómez",
            "email": "laura@example.com",
            "tipo": "INCIDENTE",
            "categoria": "Hardware",
            "urgencia": "high",  # the public form asks urgency in plain words
            "descripcion": "La impresora no imprime desde ayer.",
        },
    )
    assert response.status_code == 302, response.content

    # 2. Mesa de Ayuda: POST /api/tickets/crear (anonymous, the contract's fields).
    response = APIClient().post(
        "/api/tickets/crear",
        {
            "nombre": "Carlos Pérez",
            "email": "carlos@example.com",
            "tipo": "PETICION",
            "categoria": "Correo",
            "descripcion": "Necesito una cuenta de correo para el nuevo empleado.",
            "prioridad": "MEDIA",
        },
        format="json",
    )
    assert response.status_code == 200, response.content

    # 3. Spacebring: an API client acting as the ADMIN (issue_api_client) creates a ticket.
    out = io.StringIO()
    call_command(
        "issue_api_client",
        "--name=Integración",
        "--network=Red principal",
        "--membership=admin@example.org",
        "--scopes=support",
        stdout=out,
        stderr=io.StringIO(),
    )
    issued = dict(line.split(":", 1) for line in out.getvalue().splitlines())
    credentials = f"{issued['client_id'].strip()}:{issued['secret'].strip()}"
    basic = base64.b64encode(credentials.encode()).decode()
    location = Location.objects.get()
    response = APIClient().post(
        "/support/tickets/v1",
        {"ticket": {"locationRef": str(location.pk), "text": "Sin internet"}},
        format="json",
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 201, response.content

    tickets = Ticket.objects.order_by("number")
    assert [t.label.split("-")[0] for t in tickets] == ["TKT"] * 3
    assert [t.priority.name for t in tickets] == ["ALTA", "MEDIA", "MEDIA"]
    assert {t.area.code for t in tickets} == {"MESA"}

    # And the ADMIN logs in to the portal with the password from the file.
    agent = Client()
    assert agent.login(username="admin@example.org", password=PASSWORD)
    assert agent.get("/portal/").status_code == 200
