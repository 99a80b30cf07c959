"""``pip install .`` gives a working helpdesk: the wheel built from the checkout, installed
into a throw-away virtualenv outside the checkout, passes Django's checks, migrates, finds
its templates, static files and compiled catalogs, and offers ``helpdesk-manage``."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from django.conf import settings
from django.template.loader import get_template
from django.contrib.staticfiles import finders
from django.utils import translation
import helpdesk, tickets
assert "site-packages" in helpdesk.__file__, helpdesk.__file__
assert "site-packages" in tickets.__file__, tickets.__file__
get_template("portal/dashboard.html")
get_template("public/lookup.html")
assert finders.find("css/app.css"), "static files missing"
with translation.override("es"):
    assert translation.gettext("English") == "Inglés", translation.gettext("English")
from drf_spectacular.generators import SchemaGenerator
schema = SchemaGenerator().get_schema(request=None, public=True)
assert "enum" in schema["components"]["schemas"]["ticket"]["properties"]["status"]
print("probe ok")
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    # Build from a copy of the checkout: setuptools writes build/ and *.egg-info next to the
    # sources, which must not be left in the checkout (nor taken from an earlier build).
    source = work / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "node_modules",
            "build",
            "*.egg-info",
            "__pycache__",
            "*.sqlite3",
            "staticfiles",
            "media",
            ".pytest_cache",
            ".ruff_cache",
        ),
    )
    # `make wheel`, as docs/operations.md says (with this virtualenv, not reinstalled).
    subprocess.run(
        ["make", "-o", "install", "wheel", f"PY={sys.executable}"],
        check=True,
        cwd=source,
    )
    (wheel,) = (source / "dist").glob("helpdesk-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        cwd=work,
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    env.update(
        SECRET_KEY="wheel-test-" + "x" * 50,
        ALLOWED_HOSTS="helpdesk.example.org",
        HELPDESK_DATA_DIR=str(work),
        DEBUG="0",
    )
    run_dir = work / "elsewhere"  # outside the checkout: nothing of it is importable
    run_dir.mkdir()
    return {"wheel": wheel, "venv": venv, "env": env, "cwd": run_dir}


def _run(installed, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        cwd=installed["cwd"],
        env=installed["env"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_wheel_holds_the_apps_templates_static_files_and_catalogs(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for expected in [
        "helpdesk/settings/__init__.py",
        "helpdesk/settings/base.py",
        "accounts/migrations/0001_initial.py",
        "tickets/migrations/0001_initial.py",
        "tickets/management/commands/seed_demo.py",
        "helpdesk/templates/base.html",
        "helpdesk/templates/emails/ticket_created.txt",
        "helpdesk/static/css/app.css",
        "helpdesk/locale/es/LC_MESSAGES/django.mo",
        "helpdesk/contracts/spacebring-support.openapi.yaml",
    ]:
        assert expected in names, expected
    assert not [n for n in names if n.startswith(("tests/", "bench/", "docs/"))]


def test_installed_wheel_passes_django_check(installed):
    python = str(installed["venv"] / "bin" / "python")
    out = _run(installed, python, "-m", "django", "check", "--settings=helpdesk.settings")
    assert out.returncode == 0, out.stderr
    assert "no issues" in out.stdout


def test_installed_console_script_migrates_and_finds_templates_static_and_catalogs(installed):
    manage = str(installed["venv"] / "bin" / "helpdesk-manage")
    migrated = _run(installed, manage, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    probe = _run(installed, manage, "shell", "-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    assert "probe ok" in probe.stdout
    static = _run(installed, manage, "collectstatic", "--noinput")
    assert static.returncode == 0, static.stderr
    assert (Path(installed["env"]["HELPDESK_DATA_DIR"]) / "staticfiles" / "css").is_dir()
