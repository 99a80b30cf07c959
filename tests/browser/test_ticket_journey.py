"""The whole journey in a real browser: requester opens, MESA routes, AREA answers and
resolves, requester reads the answer; plus the 403 and "not found" faces."""

import re

import pytest
from playwright.sync_api import expect

from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_ticket(page, email="laura@example.com"):
    page.goto("/")
    page.get_by_role("link", name="Abrir un ticket").first.click()
    page.fill("#id_nombre", "Laura Gómez")
    page.fill("#id_email", email)
    page.select_option("#id_tipo", "INCIDENTE")
    page.fill("#id_categoria", "Hardware")
    page.select_option("#id_urgencia", "high")
    page.fill("#id_asunto", "El proyector no enciende")
    page.fill("#id_descripcion", "El proyector de la sala 3 no enciende desde ayer.")
    page.click("main button[type=submit]")
    label = page.get_by_test_id("ticket-label").inner_text().strip()
    assert re.fullmatch(r"TKT-\d{4}-\d{5}", label)
    return label


def test_requester_to_mesa_to_area_and_back(new_page, login, users, priorities, area_a, area_mesa):
    requester = new_page(width=390, height=844)  # a phone
    label = open_ticket(requester)

    mesa = new_page()
    login(mesa, "mesa")
    mesa.fill("#id_q", label)
    mesa.get_by_role("button", name="Filtrar").click()
    mesa.get_by_role("link", name=label).click()
    mesa.locator("#action-transfer summary").click()
    mesa.select_option("#id_transfer-area", label=area_a.name)
    mesa.select_option("#id_transfer-assignee", value=str(users["area_own"].pk))
    mesa.fill("#id_transfer-reason", "Es de tecnología")
    mesa.locator("#action-transfer button[type=submit]").click()
    expect(mesa.locator(".messages")).to_contain_text("transferido")
    ticket = Ticket.objects.get(label=label)
    assert ticket.area == area_a and ticket.assignee == users["area_own"]

    agent = new_page()
    login(agent, "area_own")
    agent.get_by_role("link", name=label).click()
    agent.select_option("#id_reply-status", "RESUELTO")
    agent.fill("#composer-body", "Cambiamos la lámpara del proyector.")
    agent.locator("#composer-send").click()
    expect(agent.locator(".messages")).to_contain_text("Enviado")
    expect(agent.locator(".page-head__meta")).to_contain_text("Resuelto")

    requester.goto("/consultar/")
    requester.fill("#id_label", label)
    requester.fill("#id_email", "laura@example.com")
    requester.click("main button[type=submit]")
    expect(requester.locator(".response")).to_contain_text("Cambiamos la lámpara")
    expect(requester.locator("main")).to_contain_text("Resuelto")
    assert users["area_own"].email not in requester.content()

    other = new_page()
    login(other, "area_other")
    response = other.goto(f"/portal/tickets/{ticket.pk}/")
    assert response.status == 403
    expect(other.locator("h1")).to_have_text("Acceso denegado")


def test_requester_with_wrong_email_sees_not_found(new_page, make_ticket):
    ticket = make_ticket()
    page = new_page()
    page.goto("/consultar/")
    page.fill("#id_label", ticket.label)
    page.fill("#id_email", "otra@example.com")
    page.click("main button[type=submit]")
    expect(page.locator("[role=alert]")).to_contain_text("Ningún ticket")
    assert ticket.subject not in page.locator("main").inner_text()
