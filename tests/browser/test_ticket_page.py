"""The ticket page in a real browser at a laptop and a phone size: the composer comes right
after the conversation (before the details), and a macro fills it and its status goes with
the send."""

import pytest
from playwright.sync_api import expect

from tickets import services
from tickets.models import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def box(page, selector) -> dict:
    return page.locator(selector).bounding_box()


def busy_ticket(make_ticket, users):
    ticket = make_ticket()
    for i in range(4):
        services.ticket_comment(actor=users["mesa"], ticket=ticket, text=f"Respuesta número {i}")
        services.ticket_comment(actor=users["mesa"], ticket=ticket, text=f"Nota {i}", public=False)
    return ticket


@pytest.mark.parametrize("size", list(SIZES))
def test_the_composer_follows_the_conversation_not_the_details(
    new_page, login, users, make_ticket, size
):
    ticket = busy_ticket(make_ticket, users)
    width, height = SIZES[size]
    page = new_page(width=width, height=height)
    login(page, "area_own")
    page.goto(f"/portal/tickets/{ticket.pk}/")

    conversation, composer = box(page, "#conversation"), box(page, "#composer")
    details = box(page, "#ticket-details")
    below = composer["y"] - (conversation["y"] + conversation["height"])
    assert 0 <= below < 40  # directly under the conversation
    if size == "phone":
        assert composer["y"] < details["y"]  # before the details in the flow
    else:
        assert details["x"] > composer["x"] + composer["width"] - 1  # details: beside, right
        assert details["y"] < composer["y"]

    # Scroll to the end of the conversation: the composer is in view, its text box usable.
    page.evaluate(
        "window.scrollTo(0, document.getElementById('conversation').getBoundingClientRect()"
        ".bottom + window.scrollY - 80)"
    )
    expect(page.locator("#composer-body")).to_be_in_viewport()
    expect(page.locator("#composer-tab-public")).to_be_checked()
    page.locator("label[for=composer-tab-internal]").click()
    expect(page.locator("#composer-tab-internal")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("size", list(SIZES))
def test_a_macro_fills_the_composer_and_the_send_applies_its_status(
    new_page, login, users, ticket, size
):
    macro = services.macro_create(
        actor=users["mesa"],
        name="Resuelto: tóner",
        body="Hola {requester_name}, cambiamos el tóner de {label}.",
        set_status="RESUELTO",
        note="Macro aplicada",
    )
    width, height = SIZES[size]
    page = new_page(width=width, height=height)
    login(page, "area_own")
    page.goto(f"/portal/tickets/{ticket.pk}/")

    page.select_option("#composer-macro", str(macro.pk))
    body = page.locator("#composer-body")
    expect(body).to_have_value(f"Hola Laura Gómez, cambiamos el tóner de {ticket.label}.")
    expect(page.locator("#id_reply-status")).to_have_value("RESUELTO")
    body.fill(body.input_value() + " Saludos.")  # edited before sending
    page.locator("#composer-send").click()

    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(".page-head__meta")).to_contain_text("Resuelto")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
    assert ticket.assignee == users["area_own"]  # an AREA agent who solves it takes it
    texts = [a.data["text"] for a in ticket.activities.filter(type="comment")]
    assert texts == [f"Hola Laura Gómez, cambiamos el tóner de {ticket.label}. Saludos.",
                     "Macro aplicada"]  # fmt: skip


def test_without_javascript_the_macro_picker_reloads_with_the_composer_filled(
    browser, live_server, http_cookies, users, ticket
):
    from tests.conftest import PASSWORD

    macro = services.macro_create(
        actor=users["mesa"], name="En proceso", body="Lo estamos revisando, {requester_name}.",
        set_status="EN_PROCESO",
    )  # fmt: skip
    context = browser.new_context(
        base_url=live_server.url, locale="es-CO", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", users["mesa"].email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"/portal/tickets/{ticket.pk}/")
    page.select_option("#composer-macro", str(macro.pk))
    page.locator("[data-macro-insert]").click()
    expect(page.locator("#composer-body")).to_have_value("Lo estamos revisando, Laura Gómez.")
    page.locator("#composer-send").click()
    ticket.refresh_from_db()
    assert ticket.status == Status.EN_PROCESO
    context.close()


def test_a_macro_that_asks_the_requester_pauses_waiting_for_them(new_page, login, users, ticket):
    macro = services.macro_create(
        actor=users["mesa"],
        name="Pedimos más datos",
        body="Hola {requester_name}, ¿en qué piso está la impresora?",
        set_status="PAUSADO",
        set_pause_kind="requester",
    )
    page = new_page()
    login(page, "mesa")
    page.goto(f"/portal/tickets/{ticket.pk}/")
    waiting = page.locator("[data-pause-kind]")
    expect(waiting).to_be_hidden()  # shown only with the status Paused

    page.select_option("#composer-macro", str(macro.pk))
    expect(page.locator("#id_reply-status")).to_have_value("PAUSADO")
    expect(waiting).to_be_visible()
    expect(waiting.locator("input[value=requester]")).to_be_checked()
    page.locator("#composer-send").click()

    expect(page.locator(".messages")).to_be_visible()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind) == (Status.PAUSADO, "requester")
