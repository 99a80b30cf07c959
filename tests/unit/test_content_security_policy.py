"""The strict Content-Security-Policy: on every response, no template that would break it,
and the report endpoint logs one line per violation (throttled)."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from core.csp import POLICY

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)


def test_the_policy_is_strict():
    assert "default-src 'self'" in POLICY
    assert "unsafe-inline" not in POLICY and "unsafe-eval" not in POLICY
    assert "object-src 'none'" in POLICY and "frame-ancestors 'none'" in POLICY


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/tickets/nada", "/support/x"])
def test_every_response_carries_the_policy(db, path):
    assert Client().get(path)["Content-Security-Policy"] == POLICY


def test_no_template_has_inline_script_style_or_handlers():
    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{template.name}:{number}")
    assert offenders == []


def test_a_violation_report_is_logged_once_and_answered_204(caplog):
    report = {
        "csp-report": {
            "document-uri": "https://helpdesk.example.org/portal/",
            "violated-directive": "style-src-elem",
            "blocked-uri": "inline",
        }
    }
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        response = Client().post(
            "/csp-report/", json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    (record,) = [r for r in caplog.records if r.name == "core.csp"]
    assert "style-src-elem" in record.getMessage() and "/portal/" in record.getMessage()


@override_settings(HELPDESK_THROTTLE={"csp-report": (2, 600)})
def test_reports_are_throttled_per_client_and_garbage_is_harmless(caplog):
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        codes = [
            Client().post("/csp-report/", b"not json", content_type="application/json").status_code
            for _ in range(4)
        ]
    assert codes == [204] * 4
    assert len([r for r in caplog.records if r.name == "core.csp"]) <= 2
