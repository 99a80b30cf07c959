"""Re-take the queue screenshots (issue 18): the dashboard's first screen at 1366×900 and on
a 390×844 phone, from the demo data, with a couple of tags added through the ticket page.

make seed && DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8765 &
.venv/bin/python docs/screenshots/take_queue.py [http://127.0.0.1:8765]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"
OUT = Path(__file__).parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


def log_in(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "mesa@helpdesk.local")
    page.fill("#id_password", "mesa12345")
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/")


with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
    page = browser.new_page(base_url=BASE, locale="es-CO", viewport={"width": 1366, "height": 900})
    log_in(page)
    for index, tag in ((0, "impresora"), (1, "vip"), (1, "red")):
        page.goto("/portal/")
        page.locator(".ticket-row a.label-link").nth(index).click()
        if page.locator("#tag-name").count():
            page.fill("#tag-name", tag)
            page.locator(".tag-form button").click()
    page.goto("/portal/")
    page.keyboard.press("j")  # the keyboard highlight on the first row
    page.screenshot(path=OUT / "dashboard.png")

    phone = browser.new_page(base_url=BASE, locale="es-CO", viewport={"width": 390, "height": 844})
    log_in(phone)
    phone.screenshot(path=OUT / "dashboard-phone.png")
    browser.close()
