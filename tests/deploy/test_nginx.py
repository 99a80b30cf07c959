"""Through nginx (deploy/nginx/helpdesk.conf) to gunicorn (deploy/systemd/helpdesk.service):
TLS, static files, a login, /readyz, the body-size limit and the client address."""

import http.client
import json
import re
import ssl
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.conf import settings

from helpdesk.version import version
from tests.deploy.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, DEPLOY, static_name

# The test client connects from this loopback address; nginx reaches gunicorn from 127.0.0.1.
CLIENT_ADDRESS = "127.0.0.3"


class Browser:
    """HTTPS to nginx from CLIENT_ADDRESS, keeping cookies (they are Secure: HTTPS only)."""

    def __init__(self, stack):
        self.stack = stack
        self.context = ssl.create_default_context(cafile=str(stack.cert))
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, **headers):
        conn = http.client.HTTPSConnection(
            "127.0.0.1",
            self.stack.https_port,
            context=self.context,
            source_address=(CLIENT_ADDRESS, 0),
            timeout=30,
        )
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.body = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                assert morsel["secure"], f"cookie {name} without Secure behind TLS"
                self.cookies[name] = morsel.value
        conn.close()
        return response

    def get(self, path: str, **headers):
        return self.request("GET", path, **headers)

    def post_form(self, path: str, data: dict, **headers):
        """A form post the way a browser sends it (CSRF token, Origin of the page)."""
        page = self.get(path).body.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        return self.request(
            "POST",
            path,
            body,
            **{
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://127.0.0.1:{self.stack.https_port}",
                **headers,
            },
        )


def test_plain_http_is_redirected_to_https(stack):
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=30)
    conn.request("GET", "/portal/")
    response = conn.getresponse()
    assert response.status == 301
    assert response.getheader("Location").startswith("https://127.0.0.1/portal/")


def test_static_files_are_served_by_nginx_from_static_root(stack):
    name = static_name(stack, "css/app.css")
    response = Browser(stack).get(f"/static/{name}")
    assert response.status == 200
    assert response.body == (stack.static / name).read_bytes()
    assert response.getheader("Content-Type").startswith("text/css")
    assert response.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert f"/static/{name}" not in stack.gunicorn_log.read_text()  # never reached the app


def test_readyz_answers_through_the_proxy_with_the_version(stack):
    response = Browser(stack).get("/readyz")
    assert response.status == 200, response.body
    body = json.loads(response.body)
    assert body["status"] == "ok" and body["version"] == version()
    assert body["checks"]["database"]["status"] == "ok"


def test_an_agent_logs_in_through_the_proxy(stack):
    browser = Browser(stack)
    response = browser.post_form(
        "/accounts/login/", {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    # CSRF's Origin check and the redirect both rely on X-Forwarded-Proto: https.
    assert response.status == 302, response.body[:500]
    assert response.getheader("Location") == "/portal/"
    portal = browser.get("/portal/")
    assert portal.status == 200
    assert b"/admin/" in portal.body  # the ADMIN's link to the Django admin


def test_a_wrong_password_is_refused_through_the_proxy(stack):
    response = Browser(stack).post_form(
        "/accounts/login/", {"username": ADMIN_EMAIL, "password": "not the password"}
    )
    assert response.status == 200 and "sessionid" not in response.headers.get("Set-Cookie", "")


def test_the_ticket_records_the_client_address_from_x_forwarded_for(stack):
    browser = Browser(stack)
    response = browser.post_form(
        "/crear/",
        {
            "nombre": "Laura Gómez",
            "email": "laura@example.com",
            "tipo": "INCIDENTE",
            "categoria": "Hardware",
            "urgencia": "high",  # the public form asks urgency in plain words
            "descripcion": "La impresora no imprime desde ayer.",
        },
        # A client-written header is ignored: nginx appends the address it saw.
        **{"X-Forwarded-For": "198.51.100.66"},
    )
    assert response.status == 302, response.body[:500]
    code = "from tickets.models import Ticket; print(Ticket.objects.get().registration_ip)"
    assert stack.manage("shell", "-c", code).splitlines()[-1] == CLIENT_ADDRESS


def _message_limit() -> int:
    """The largest body the app accepts: every attachment a message may carry, full size."""
    return settings.HELPDESK_ATTACHMENT_MAX_FILES * settings.HELPDESK_ATTACHMENT_MAX_BYTES


def test_the_body_limit_fits_a_message_with_every_attachment_and_little_more():
    site = (DEPLOY / "nginx" / "helpdesk.conf").read_text()
    (megabytes,) = re.findall(r"client_max_body_size (\d+)m;", site)
    limit = int(megabytes) * 1024 * 1024
    assert _message_limit() < limit <= _message_limit() + 8 * 1024 * 1024


def test_a_message_with_every_attachment_at_full_size_reaches_the_app(stack):
    body = b"x" * (_message_limit() + 256 * 1024)  # plus room for the form's fields
    response = Browser(stack).request(
        "POST", "/crear/?full-message", body, **{"Content-Type": "text/plain"}
    )
    assert response.status != 413
    assert "full-message" in stack.gunicorn_log.read_text()


def test_bodies_over_the_limit_are_refused_by_nginx_before_the_app(stack):
    conn = http.client.HTTPSConnection(
        "127.0.0.1", stack.https_port, context=Browser(stack).context, timeout=30
    )
    conn.putrequest("POST", "/crear/?too-big")
    conn.putheader("Content-Type", "text/plain")
    conn.putheader("Content-Length", str(_message_limit() + 16 * 1024 * 1024))
    conn.endheaders()  # nginx answers from the headers, without waiting for the body
    response = conn.getresponse()
    assert response.status == 413
    conn.close()
    assert "too-big" not in stack.gunicorn_log.read_text()  # never reached the app


def test_a_file_in_media_root_is_not_served(stack):
    media = stack.tmp / "media"
    media.mkdir(exist_ok=True)
    (media / "probe.txt").write_text("private attachment")
    for path in ("/media/probe.txt", "/probe.txt", "/static/../media/probe.txt"):
        response = Browser(stack).get(path)
        assert response.status in (400, 404), path
        assert b"private attachment" not in response.body


def test_nothing_of_media_root_is_served_from_disk():
    site = (DEPLOY / "nginx" / "helpdesk.conf").read_text()
    locations = re.findall(r"^\s*location\s+(?:[=~^*]+\s+)?(\S+)", site, flags=re.M)
    # Besides these (certbot's challenge, static files, the app), only the internal answers
    # to over-long requests (nothing from disk).
    errors = [loc for loc in locations if loc.startswith(("/__too_long/", "/__too_large/"))]
    served = [loc for loc in locations if loc not in errors]
    assert served == ["/.well-known/acme-challenge/", "/", "/static/", "/"]
    blocks = re.findall(r"location \^~ /__too_\w+/ \{(.*?)\n    \}", site, re.S)
    assert len(blocks) == 2
    for block in blocks:
        assert "internal;" in block and "alias" not in block and "root" not in block
    config = re.sub(r"#.*", "", site)  # the directives, without the comments
    assert "MEDIA" not in config and "media" not in config
