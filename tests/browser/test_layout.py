"""Layout in a real browser: long unbroken words stay inside the history panel, the ticket
label stays on one line on a phone and the lookup button brings it along."""

import pytest

from tests.browser.test_ticket_journey import open_ticket
from tickets import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "https://intranet.example.com/" + "x" * 180


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [390, 1280])
def test_long_words_in_history_lines_stay_inside_the_panel(
    new_page, login, users, make_ticket, width
):
    ticket = make_ticket()
    services.ticket_reclassify(
        actor=users["mesa"], ticket=ticket, priority="ALTA", categoria=LONG_WORD[:100]
    )
    services.ticket_pause(actor=users["mesa"], ticket=ticket, reason=LONG_WORD)
    page = new_page(width=width, height=900)
    login(page, "mesa")
    page.goto(f"/portal/tickets/{ticket.pk}/")
    assert overflow(page) <= 0
    spilling = page.evaluate(
        """() => [...document.querySelectorAll('.detail__main, .changes li, .timeline__reason')]
                 .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.className)"""
    )
    assert spilling == []


def test_ticket_label_stays_on_one_line_on_a_small_phone(new_page, priorities, area_mesa, users):
    page = new_page(width=320, height=640)
    text = open_ticket(page)
    label = page.get_by_test_id("ticket-label")
    height = label.bounding_box()["height"]
    line = page.evaluate(
        "el => parseFloat(getComputedStyle(el).lineHeight)", label.element_handle()
    )
    assert height < 2 * line
    assert overflow(page) <= 0
    page.get_by_role("link", name="Consultar un ticket").last.click()
    assert page.input_value("#id_label") == text
    assert page.input_value("#id_email") == "laura@example.com"
