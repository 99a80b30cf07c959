"""Re-take the README screenshots from the demo data.

make seed && DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8765 &
.venv/bin/python docs/screenshots/take.py [http://127.0.0.1:8765]

``TICKET=TKT-2026-00012`` picks the ticket page to show (default: the first solved one);
``ONLY=ticket`` re-takes only the ticket pages (desktop and phone). The dashboard:
``take_queue.py``.
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"
OUT = Path(__file__).parent
ONLY = os.environ.get("ONLY", "")
TICKET = os.environ.get("TICKET", "")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


def login(page) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", "mesa@helpdesk.local")
    page.fill("#id_password", "mesa12345")
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/")


with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
    page = browser.new_page(base_url=BASE, locale="es-CO", viewport={"width": 1366, "height": 900})
    login(page)
    # The dashboard's screenshots are take_queue.py's (its first screen, with tags).
    if not ONLY:
        page.goto("/portal/reports/")
        page.screenshot(path=OUT / "reports.png", full_page=True)

    # The ticket page: by default a solved ticket, which has the longest history.
    page.goto(f"/portal/?q={TICKET}" if TICKET else "/portal/?status=RESUELTO")
    page.locator(".label-link").first.click()
    ticket_url = page.url
    page.screenshot(path=OUT / "ticket.png", full_page=True)
    label = page.locator(".eyebrow").inner_text()
    email = page.locator(".facts a[href^=mailto]").inner_text()

    phone = browser.new_page(base_url=BASE, locale="es-CO", viewport={"width": 390, "height": 844})
    login(phone)
    phone.goto(ticket_url)
    phone.screenshot(path=OUT / "ticket-phone.png", full_page=True)
    if not ONLY:
        phone.context.clear_cookies()
        phone.goto("/consultar/")
        phone.fill("#id_label", label)
        phone.fill("#id_email", email)
        phone.click("main button[type=submit]")
        phone.screenshot(path=OUT / "lookup.png", full_page=True)
        phone.goto("/")
        phone.screenshot(path=OUT / "home-phone.png", full_page=True)
    browser.close()
