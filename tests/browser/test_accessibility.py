"""axe-core (npm, ``package.json``) over every page of the portal, the reports and the requester
pages, for each role, on a desktop (1366x900) and a phone (390 px): no WCAG 2.2 A/AA violation.

The pages are filled the way a desk looks in use: a ticket with an image attachment (thumbnail),
public and internal history, a solved ticket (requester answers, rating page), notifications,
a macro and a saved view; form pages are also checked with their errors shown. One browser
and one live server for the session (tests/browser/conftest.py); axe is injected into each page
(the context bypasses the site's Content-Security-Policy for that script only).
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from surveys.links import rating_path
from tests.conftest import PASSWORD
from tests.files import png
from tickets import services
from tickets.models import Status
from tickets.selectors import links

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
    });
    return result.violations.map(v => ({
        rule: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
    }));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from node_modules (.ci/run installs it; `npm ci` here when it is missing)."""
    if not AXE.exists():
        if not shutil.which("npm"):
            pytest.skip("npm is not installed (apt-get install npm; .ci/run installs it)")
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True, capture_output=True
        )
    return AXE.read_text()


class Audit:
    """Visits pages in one context per viewport and keeps every violation axe reports."""

    def __init__(self, browser, live_server, axe_source, viewport: str):
        width, height = VIEWPORTS[viewport]
        self.viewport = viewport
        self.context = browser.new_context(
            base_url=live_server.url,
            locale="es-CO",
            viewport={"width": width, "height": height},
            bypass_csp=True,
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.axe_source = axe_source
        self.violations: list[str] = []
        self.checked: list[str] = []

    def check(self, name: str) -> None:
        self.page.add_script_tag(content=self.axe_source)
        for v in self.page.evaluate(RUN_AXE, TAGS):
            self.violations.append(
                f"{self.viewport} {name}: {v['rule']} ({v['impact']}) {v['help']} {v['nodes']}"
            )
        self.checked.append(name)

    def visit(self, path: str, name: str | None = None) -> None:
        self.page.goto(path)
        self.check(name or path)

    def submit_empty(self, name: str) -> None:
        """Send the page's main form as it is, past the browser's own checks, and check the
        page with the server's error messages."""
        form = self.page.locator("main form:has(button[type=submit])").first
        form.evaluate("f => { f.noValidate = true; }")
        form.locator("button[type=submit]").first.click()
        self.page.locator(".field--error").first.wait_for()
        self.check(name)

    def log_in(self, user) -> None:
        self.page.goto("/accounts/login/")
        self.check("login page")
        self.page.fill("#id_username", user.email)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def audit(browser, live_server, http_cookies, axe_source):
    audits = []

    def make(viewport: str) -> Audit:
        audits.append(Audit(browser, live_server, axe_source, viewport))
        return audits[-1]

    yield make
    for one in audits:
        one.close()


@pytest.fixture
def desk(users, make_ticket, area_b):
    """A desk in use: the tickets, files, notes, notifications, macro and saved view the
    pages show."""
    mesa, agent = users["mesa"], users["area_own"]
    worked = make_ticket(subject="Impresora atascada")
    services.ticket_assign(actor=mesa, ticket=worked, assignee=agent, reason="Asignación")
    services.ticket_comment(
        actor=agent,
        ticket=worked,
        text="Adjunto la foto del atasco.",
        uploads=[png("atasco.png", 40, 30)],
    )
    services.ticket_comment(
        actor=mesa,
        ticket=worked,
        text=f"@{agent.email} revisa el tóner también.",
        public=False,
    )
    solved = make_ticket(subject="Sin correo", requester=users["usuario"])
    services.ticket_update(
        actor=mesa, ticket=solved, status=Status.RESUELTO, response="Cuenta desbloqueada."
    )
    make_ticket(subject="Proyector sin señal", priority="URGENTE")
    foreign = make_ticket(subject="Fuga de agua", area=area_b)
    macro = services.macro_create(actor=mesa, name="Pedimos datos", body="¿Desde cuándo?")
    view = services.saved_view_create(actor=mesa, name="Urgentes", params={"priority": "URGENTE"})
    return {"worked": worked, "solved": solved, "foreign": foreign, "macro": macro, "view": view}


def agent_pages(audit: Audit, desk: dict, *, mesa: bool) -> None:
    worked, macro = desk["worked"], desk["macro"]
    audit.visit("/portal/", "dashboard")
    audit.visit("/portal/?priority=URGENTE&ordering=-created_at", "dashboard filtered")
    audit.visit(f"/portal/tickets/{worked.pk}/", "ticket page")
    audit.visit(f"/portal/tickets/{desk['solved'].pk}/", "solved ticket page")
    audit.visit("/portal/tickets/new/", "new ticket")
    audit.submit_empty("new ticket with errors")
    audit.visit("/portal/views/", "saved views (create, rename, delete forms)")
    audit.visit("/portal/macros/", "macros")
    audit.visit("/portal/notifications/", "notifications")
    audit.visit("/portal/notifications/settings/", "notification settings")
    audit.visit("/portal/reports/", "reports")
    audit.visit("/portal/tickets/00000000-0000-0000-0000-000000000000/", "not found")
    audit.visit("/accounts/password_change/", "password change")
    if mesa:
        audit.visit("/portal/macros/new/", "new macro")
        audit.visit(f"/portal/macros/{macro.pk}/", "macro edit")


@pytest.mark.parametrize("role", ["mesa", "area_own"])
def test_portal_and_reports_pass_axe_on_desktop_and_phone(audit, desk, users, role):
    violations = []
    for viewport in VIEWPORTS:
        page = audit(viewport)
        page.log_in(users[role])
        agent_pages(page, desk, mesa=role == "mesa")
        if role == "area_own":
            page.visit(f"/portal/tickets/{desk['foreign'].pk}/", "forbidden (another area's)")
        assert len(page.checked) >= 14
        violations += page.violations
    assert violations == [], "\n".join(violations)


def requester_pages(page: Audit, desk: dict, users) -> None:
    solved = desk["solved"]
    page.visit("/", "home")
    page.visit("/crear/", "create")
    page.submit_empty("create with errors")
    page.page.fill("#id_nombre", "Laura Gómez")
    page.page.fill("#id_email", "laura@example.com")
    page.page.select_option("#id_tipo", "INCIDENTE")
    page.page.fill("#id_categoria", "Correo")
    page.page.select_option("#id_urgencia", "high")
    page.page.fill("#id_descripcion", "No puedo entrar al correo desde ayer por la tarde.")
    page.page.click("main form button[type=submit]")
    page.page.wait_for_url("**/crear/recibido/")
    page.check("created")
    page.visit("/consultar/", "lookup")
    page.page.fill("#id_label", desk["worked"].label)
    page.page.fill("#id_email", "wrong@example.com")
    page.page.click("main form button[type=submit]")
    page.check("lookup not found")
    page.page.fill("#id_email", desk["worked"].requester_email)
    page.page.click("main form button[type=submit]")
    page.check("looked-up ticket (with a thumbnail)")
    page.visit(links.requester_ticket_path(solved), "solved ticket by link")
    page.visit(links.requester_ticket_path(solved, answer=links.ANSWER_REOPEN), "reopen form")
    page.visit("/consultar/t/not-a-token/", "expired link")
    page.visit(rating_path(solved, "good"), "rating page")
    page.visit("/accounts/password_reset/", "password reset")
    page.log_in(users["usuario"])  # a requester with an account
    page.page.wait_for_url("**/mis-tickets/")
    page.check("my tickets")


def test_requester_pages_pass_axe_on_desktop_and_phone(audit, desk, users):
    violations = []
    for viewport in VIEWPORTS:
        page = audit(viewport)
        requester_pages(page, desk, users)
        violations += page.violations
    assert violations == [], "\n".join(violations)
