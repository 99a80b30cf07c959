"""Merge and link from the ticket page in a real browser, with the version the page was
rendered from (the forms' ``seen``): the result on both tickets and on the requester's
page of the duplicate."""

import pytest
from playwright.sync_api import expect

from tickets.models import Status, TicketLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ticket_url(ticket):
    return f"/portal/tickets/{ticket.pk}/"


def requester_page(new_page, ticket):
    page = new_page()
    page.goto("/consultar/")
    page.fill("#id_label", ticket.label)
    page.fill("#id_email", ticket.requester_email)
    page.click("main button[type=submit]")
    return page


def test_an_agent_merges_a_duplicate_from_its_page(new_page, login, make_ticket):
    survivor = make_ticket(subject="Impresora del segundo piso")
    duplicate = make_ticket(subject="Impresora (otra vez)")
    agent = new_page()
    login(agent, "mesa")
    agent.on("dialog", lambda dialog: dialog.accept())  # "Are you sure?" on danger actions
    agent.goto(ticket_url(duplicate))
    agent.locator("#action-merge summary").click()
    agent.fill("#id_merge-target", survivor.label)
    agent.locator("#action-merge button[type=submit]").click()

    expect(agent.locator(".messages")).to_contain_text("fusionado")
    expect(agent.get_by_test_id("merged-into")).to_contain_text(survivor.label)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == (Status.CANCELADO, survivor.pk)
    assert survivor.activities.filter(data__mergedFrom=duplicate.label).count() == 1

    agent.get_by_test_id("merged-into").get_by_role("link", name=survivor.label).click()
    expect(agent.locator("#merged-from")).to_contain_text(duplicate.label)

    requester = requester_page(new_page, duplicate)
    expect(requester.get_by_test_id("merged-into")).to_contain_text(survivor.label)
    expect(requester.locator("main")).to_contain_text("Cancelado")


def test_an_agent_links_two_tickets_and_both_pages_show_it(new_page, login, make_ticket):
    ticket = make_ticket(subject="Impresora del segundo piso")
    other = make_ticket(subject="Impresora del tercer piso")
    agent = new_page()
    login(agent, "area_own")
    agent.goto(ticket_url(ticket))
    agent.locator("#action-link summary").click()
    agent.fill("#id_link-other", other.label)
    agent.locator("#action-link button[type=submit]").click()

    expect(agent.locator(".messages")).to_contain_text("vinculados")
    expect(agent.get_by_test_id("related")).to_contain_text(other.label)
    assert TicketLink.objects.count() == 1
    agent.goto(ticket_url(other))
    expect(agent.get_by_test_id("related")).to_contain_text(ticket.label)
    assert other.activities.filter(data__linked=ticket.label, public=False).count() == 1

    # The link is the agents' note: the requester's page shows neither the note nor the
    # other ticket.
    requester = requester_page(new_page, ticket)
    expect(requester.locator("main")).to_contain_text(ticket.label)
    expect(requester.locator("main")).not_to_contain_text(other.label)
