"""The queue in a real browser at a laptop (1366×900) and a phone (390×844): the first
ticket row without scrolling, a bulk transfer that reports 2 done and 1 refused, and the
keyboard (j, j, Enter opens the second ticket; r focuses the reply composer if present;
shortcuts never act while typing)."""

import pytest
from playwright.sync_api import expect

from tickets import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [(1366, 900), (390, 844)]


def fill_queue(make_ticket, n=30, **fields):
    return [make_ticket(subject=f"Impresora {i}", **fields) for i in range(n)]


def in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("role", ["mesa", "area_own"])
def test_first_ticket_row_is_visible_without_scrolling(
    new_page, login, make_ticket, width, height, role
):
    fill_queue(make_ticket)
    page = new_page(width=width, height=height)
    login(page, role)
    assert page.evaluate("window.scrollY") == 0
    first = page.locator(".ticket-row").first
    assert in_first_screen(page, first), first.bounding_box()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_bulk_transfer_of_three_reports_two_done_one_refused(
    new_page, login, make_ticket, users, area_b, area_mesa, width, height
):
    tickets = fill_queue(make_ticket, n=3)
    page = new_page(width=width, height=height)
    login(page, "area_own")
    expect(page.locator(".ticket-row")).to_have_count(3)
    # While the agent looks at the list, the desk moves one ticket to another area.
    moved = tickets[1]
    services.ticket_transfer(actor=users["mesa"], ticket=moved, area=area_b)
    page.locator(".bulk__panel summary").click()
    page.get_by_label("Todos los tickets de esta página", exact=True).check()
    page.select_option("#bulk-operation", "transfer")
    page.select_option("#bulk-area", label=area_mesa.name)
    page.get_by_role("button", name="Aplicar a los seleccionados").click()
    expect(page.get_by_test_id("bulk-summary")).to_have_text("Hechos: 2 · no hechos: 1")
    refused = page.get_by_test_id("bulk-refused")
    expect(refused).to_contain_text(moved.label)
    expect(refused).to_contain_text("El ticket pertenece a otra área.")
    done = page.get_by_test_id("bulk-done")
    for t in (tickets[0], tickets[2]):
        expect(done).to_contain_text(t.label)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_keyboard_j_j_enter_r_opens_the_second_tickets_composer(
    new_page, login, make_ticket, width, height
):
    fill_queue(make_ticket, n=4)
    page = new_page(width=width, height=height)
    login(page, "mesa")
    second = page.locator(".ticket-row").nth(1).locator("a.label-link")
    href = second.get_attribute("href")
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator(".ticket-row").nth(1)).to_have_class("ticket-row is-current")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    page.keyboard.press("r")  # the reply composer under the conversation
    assert page.evaluate("document.activeElement.id") == "composer-body"
    expect(page.locator("#composer-tab-public")).to_be_checked()
    page.locator("#composer-body").press("Escape")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("n")  # the internal-note tab of the same composer
    expect(page.locator("#composer-tab-internal")).to_be_checked()


def test_shortcuts_never_act_while_typing_and_slash_and_question_mark(new_page, login, make_ticket):
    fill_queue(make_ticket, n=3)
    page = new_page(width=1366, height=900)
    login(page, "mesa")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type("jk?")
    assert page.input_value("#id_q") == "jk?"
    expect(page.locator(".ticket-row.is-current")).to_have_count(0)
    expect(page.locator("#kbd-help")).to_be_hidden()
    page.locator("#id_q").blur()
    page.keyboard.press("?")
    expect(page.locator("#kbd-help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#kbd-help")).to_be_hidden()
    page.keyboard.press("Control+j")
    expect(page.locator(".ticket-row.is-current")).to_have_count(0)


def test_select_page_checkbox_ticks_every_row_and_counts_them(new_page, login, make_ticket):
    fill_queue(make_ticket, n=3)
    page = new_page(width=1366, height=900)
    login(page, "mesa")
    page.locator("[data-select-page]").check()
    expect(page.locator("input[name=tickets]:checked")).to_have_count(3)
    expect(page.locator("[data-bulk-count]")).to_have_text("(3)")
    page.locator("input[name=tickets]").first.uncheck()
    expect(page.locator("[data-bulk-count]")).to_have_text("(2)")
