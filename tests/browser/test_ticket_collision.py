"""Two agents on one ticket in real browsers: B sees that A has it open and is typing;
A sends; B's stale form shows what changed instead of overwriting it."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_agents_see_each_other_and_a_stale_submit_shows_the_conflict(
    new_page, login, ticket, settings
):
    settings.HELPDESK_PRESENCE_POLL_SECONDS = 1
    url = f"/portal/tickets/{ticket.pk}/"
    a, b = new_page(), new_page()
    login(a, "mesa")
    login(b, "area_own")
    a.goto(url)
    b.goto(url)

    expect(b.locator("#presence")).to_contain_text("Mesa Test")
    expect(a.locator("#presence")).to_contain_text("Tec Test")

    a.locator("#composer-tab-internal").check()
    a.fill("#composer-body", "Ya pedí el tóner al proveedor.")
    typing = b.locator("#presence").get_attribute("data-typing")
    expect(b.locator("#presence")).to_contain_text(typing)
    a.locator("#composer-send").click()
    expect(a.locator(".messages")).to_be_visible()

    b.locator("#composer-tab-internal").check()
    b.fill("#composer-body", "Voy a revisar la impresora.")
    b.locator("#composer-send").click()
    conflict = b.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Ya pedí el tóner al proveedor.")
    expect(b.locator("#composer-body")).to_have_value("Voy a revisar la impresora.")
    expect(b.locator("#composer-tab-internal")).to_be_checked()  # still an internal note
    assert ticket.activities.filter(data__text="Voy a revisar la impresora.").count() == 0

    b.locator("#composer-send").click()  # send again: now applied
    expect(b.locator(".messages")).to_be_visible()
    assert ticket.activities.filter(data__text="Voy a revisar la impresora.").count() == 1
