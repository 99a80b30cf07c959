"""Every asset is served by the app: no page loads anything from another host."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_swagger_ui_is_served_from_our_static_files(client):
    body = client.get("/api/docs/").content.decode()
    assert "cdn.jsdelivr" not in body
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in body


def test_templates_and_static_files_reference_no_external_host():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("templates", "static")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".html", ".css", ".js"} and EXTERNAL.search(path.read_text())
    ]
    assert offenders == []


def test_favicon_is_our_logo(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/static/img/logo.svg")
