"""Every page keeps working under the strict Content-Security-Policy: a real Chromium opens
the requester pages, the portal, the admin and the API docs, and no violation is reported
(the detector is proven by a violation made on purpose)."""

import pytest

from core.csp import POLICY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile);
});
"""


def watched(new_page):
    page = new_page()
    page.add_init_script(WATCH)
    page.console_messages = []
    page.on(
        "console",
        lambda msg: page.console_messages.append(msg.text)
        if "Content Security Policy" in msg.text
        else None,
    )
    return page


def violations(page) -> list[str]:
    page.wait_for_timeout(150)  # violation events are dispatched asynchronously
    return page.evaluate("window.__cspViolations") + page.console_messages


PUBLIC = [
    "/",
    "/crear/",
    "/consultar/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/no-such-page/",
]
AGENT = [
    "/portal/",
    "/portal/tickets/new/",
    "/portal/reports/",
    "/admin/",
    "/admin/tickets/ticket/",
    "/api/docs/",
]


def test_public_pages_load_without_a_csp_violation(new_page, priorities, area_mesa, location):
    page = watched(new_page)
    for path in PUBLIC:
        response = page.goto(path)
        assert response.headers["content-security-policy"] == POLICY
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path


def test_agent_pages_load_without_a_csp_violation(new_page, login, ticket, users):
    from oauth2_provider.models import Application

    app = Application.objects.create(
        name="Integración",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="https://integration.example.com/callback",
    )
    consent = (
        f"/oauth2/authorize/?response_type=code&client_id={app.client_id}&scope=support"
        "&redirect_uri=https://integration.example.com/callback&state=s"
    )
    page = watched(new_page)
    login(page, "admin")
    details = [
        f"/portal/tickets/{ticket.pk}/",
        f"/admin/tickets/ticket/{ticket.pk}/change/",
        f"/admin/accounts/user/{users['mesa'].pk}/change/",
        "/admin/accounts/user/add/",
        consent,
    ]
    for path in [*AGENT, *details]:
        response = page.goto(path)
        assert response.status < 400, path
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15_000)  # the docs really render
    assert violations(page) == []


def test_the_detector_sees_an_inline_style_and_an_inline_script(new_page, priorities):
    page = watched(new_page)
    page.goto("/")
    page.evaluate(
        """() => {
          document.body.setAttribute('style', 'color: red');
          const s = document.createElement('script');
          s.textContent = 'window.__ran = true';
          document.body.appendChild(s);
        }"""
    )
    found = violations(page)
    assert any("style-src" in v for v in found)
    assert any("script-src" in v for v in found)
    assert page.evaluate("window.__ran === undefined")
