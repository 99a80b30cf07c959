"""The requester answers from the web, in a real browser: opens a ticket, an agent solves
it in the portal, the requester follows the link of the "solved" e-mail (read from the
test outbox), says it still fails; the agent sees the reopen, solves again; the requester
confirms from the next e-mail. The history shows every step with the right actor."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tickets.models import Activity, Status, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def solved_mail_links(label):
    """(confirm, still-fails) links of the newest "solved" e-mail for ``label``."""
    from mail import dispatch

    dispatch.run_local_queue()  # what the background sender does after the request
    solved = [m for m in mail.outbox if label in m.subject and "resuelto" in m.subject.lower()]
    assert solved, [m.subject for m in mail.outbox]
    urls = re.findall(r"^(http://\S+)$", solved[-1].body, re.M)
    confirm = next(u for u in urls if "respuesta=confirmar" in u)
    reopen = next(u for u in urls if "respuesta=sigue-fallando" in u)
    return confirm, reopen


def solve_in_portal(agent, ticket, response):
    agent.goto(f"/portal/tickets/{ticket.pk}/")
    agent.select_option("#id_reply-status", "RESUELTO")
    agent.fill("#composer-body", response)
    agent.locator("#composer-send").click()
    expect(agent.locator(".page-head__meta")).to_contain_text("Resuelto")


def test_requester_says_it_still_fails_then_confirms_from_the_emails(
    new_page, login, users, priorities, area_mesa, location, live_server, settings
):
    settings.HELPDESK_SITE_URL = live_server.url
    mail.outbox.clear()

    requester = new_page(width=390, height=844)  # a phone
    requester.goto("/crear/")
    requester.fill("#id_nombre", "Laura Gómez")
    requester.fill("#id_email", "laura@example.com")
    requester.select_option("#id_tipo", "INCIDENTE")
    requester.fill("#id_categoria", "Hardware")
    requester.select_option("#id_urgencia", label="Me estorba mucho en mi trabajo")
    requester.fill("#id_asunto", "El proyector no enciende")
    requester.fill("#id_descripcion", "El proyector de la sala 3 no enciende desde ayer.")
    requester.click("main button[type=submit]")
    label = requester.get_by_test_id("ticket-label").inner_text().strip()
    ticket = Ticket.objects.get(label=label)
    assert ticket.priority.name == "ALTA"  # "gets in the way a lot" maps to ALTA

    agent = new_page()
    login(agent, "mesa")
    solve_in_portal(agent, ticket, "Cambiamos la lámpara del proyector.")

    _, reopen_link = solved_mail_links(label)
    assert reopen_link.startswith(live_server.url + "/consultar/t/")
    requester.goto(reopen_link)
    expect(requester.locator(".response")).to_contain_text("Cambiamos la lámpara")
    requester.fill("#id_reason", "Enciende pero se apaga a los dos minutos.")
    requester.get_by_role("button", name="Reabrir el ticket").click()
    expect(requester.locator(".messages")).to_contain_text("abierto de nuevo")
    expect(requester.locator(".page-head__meta")).to_contain_text("En proceso")

    agent.reload()
    expect(agent.locator(".page-head__meta")).to_contain_text("En proceso")
    expect(agent.locator(".timeline")).to_contain_text("Comentario del solicitante")
    expect(agent.locator(".timeline")).to_contain_text("se apaga a los dos minutos")
    solve_in_portal(agent, ticket, "Cambiamos también la fuente.")

    confirm_link, _ = solved_mail_links(label)
    requester.goto(confirm_link)
    expect(requester.locator(".response")).to_contain_text("la fuente")
    requester.get_by_test_id("confirm-solved").click()
    expect(requester.locator(".messages")).to_contain_text("Gracias por confirmar")
    expect(requester.locator(".page-head__meta")).to_contain_text("Cerrado")
    expect(requester.get_by_test_id("confirm-solved")).to_have_count(0)
    assert users["mesa"].email not in requester.content()

    steps = [
        (a.type, a.actor_snapshot.get("rol"), a.data.get("status"), a.data.get("text", "")[:12])
        for a in Activity.objects.filter(ticket=ticket).order_by("created_at", "id")
    ]
    assert steps == [
        ("ticketCreated", "ANONIMO", "NUEVO", ""),
        ("statusUpdated", "MESA", "RESUELTO", ""),
        ("comment", "MESA", None, "Cambiamos la"),
        ("statusUpdated", "ANONIMO", "EN_PROCESO", ""),
        ("comment", "ANONIMO", None, "Enciende per"),
        ("statusUpdated", "MESA", "RESUELTO", ""),
        ("comment", "MESA", None, "Cambiamos ta"),
        ("statusUpdated", "ANONIMO", "CERRADO", ""),
    ]
    ticket.refresh_from_db()
    assert ticket.status == Status.CERRADO

    # The requester's page names each actor as the requester may read them.
    timeline = requester.locator(".timeline").inner_text()
    assert timeline.count("Laura Gómez") >= 3 and "Mesa Test" in timeline
