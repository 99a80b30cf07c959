"""`make run HOST=…` serves there and the links in e-mail follow (HELPDESK_SITE_URL), unless
HELPDESK_SITE_URL is given; the docs never start gunicorn with --daemon (its log would go
nowhere)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def run_target(tmp_path, *args: str, **env: str) -> str:
    """`make run` with the server replaced by a probe that prints what it was given."""
    probe = tmp_path / "probe"
    probe.write_text('#!/bin/sh\necho "site=$HELPDESK_SITE_URL debug=$DEBUG args=$*"\n')
    probe.chmod(0o755)
    base = {k: v for k, v in os.environ.items() if k not in ("HELPDESK_SITE_URL", "DEBUG")}
    out = subprocess.run(
        ["make", "-s", "-o", "seed", "run", f"PY={probe}", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_make_run_on_another_port_points_the_links_in_email_there(tmp_path):
    assert run_target(tmp_path, "HOST=127.0.0.1:8123") == (
        "site=http://127.0.0.1:8123 debug=1 args=manage.py runserver 127.0.0.1:8123"
    )


def test_make_run_defaults_to_port_8000(tmp_path):
    assert run_target(tmp_path).startswith("site=http://127.0.0.1:8000 ")


def test_an_explicit_site_url_wins_over_host(tmp_path):
    out = run_target(tmp_path, "HOST=0.0.0.0:8080", HELPDESK_SITE_URL="http://desk.lan:8080")
    assert out.startswith("site=http://desk.lan:8080 ")


def test_the_readme_tells_how_to_change_host():
    assert "make run HOST=" in (ROOT / "README.md").read_text()


def test_no_doc_starts_gunicorn_as_a_daemon():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert "--daemon" not in doc.read_text(), doc.name
