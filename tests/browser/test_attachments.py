"""In a real browser: a requester attaches a photo on the public create page; an agent
sees it (name, size, thumbnail) in the portal timeline and downloads the same bytes."""

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.files import png_bytes
from tickets.models import Attachment, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_file_attached_on_the_public_create_page_downloads_from_the_portal(
    new_page, login, users, priorities, area_mesa, location, tmp_path
):
    photo = tmp_path / "grifo roto.png"
    photo.write_bytes(png_bytes(40, 30))

    requester = new_page(width=390, height=844)
    requester.goto("/crear/")
    requester.fill("#id_nombre", "Laura Gómez")
    requester.fill("#id_email", "laura@example.com")
    requester.select_option("#id_tipo", "INCIDENTE")
    requester.fill("#id_categoria", "Mantenimiento")
    requester.select_option("#id_urgencia", "high")
    requester.fill("#id_descripcion", "El grifo del baño del segundo piso gotea sin parar.")
    requester.set_input_files("#id_attachments", str(photo))
    expect(requester.locator("[data-dropzone-list]")).to_contain_text("grifo roto.png")
    requester.click("main button[type=submit]")
    label = requester.get_by_test_id("ticket-label").inner_text().strip()
    ticket = Ticket.objects.get(label=label)
    stored = Attachment.objects.get(ticket=ticket)
    assert (stored.name, stored.mime, stored.width, stored.height) == (
        "grifo roto.png",
        "image/png",
        40,
        30,
    )

    agent = new_page()
    login(agent, "mesa")
    agent.goto(f"/portal/tickets/{ticket.pk}/")
    files = agent.locator(".timeline .files")
    expect(files).to_contain_text("grifo roto.png")
    thumbnail = files.locator("img")
    expect(thumbnail).to_have_attribute("src", f"/portal/attachments/{stored.key}/?inline=1")
    assert agent.evaluate("img => img.naturalWidth", thumbnail.element_handle()) == 40
    with agent.expect_download() as info:
        files.get_by_role("link", name="grifo roto.png", exact=True).click()
    download = info.value
    assert download.suggested_filename == "grifo roto.png"
    content = Path(download.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == stored.sha256
