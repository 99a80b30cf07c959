"""With DEBUG off the process refuses to start without its own SECRET_KEY and ALLOWED_HOSTS."""

import secrets
import subprocess
import sys

import pytest

from helpdesk.startup import DEV_SECRET_KEY, TEST_SECRET_KEY
from tests.unit.test_settings import ROOT, _clean_env

STARTUP_VARS = {"SECRET_KEY", "SECRET_KEY_FALLBACKS", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
GOOD_KEY = secrets.token_urlsafe(50)


def _run(args: list[str], **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in _clean_env().items() if k not in STARTUP_VARS}
    return subprocess.run(
        [sys.executable, *args],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _manage_check(**env) -> subprocess.CompletedProcess:
    return _run(["manage.py", "check"], **env)


def _only_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one clear line, not a traceback
    return lines[0]


def test_debug_off_without_secret_key_exits_non_zero_with_one_line():
    result = _manage_check(DEBUG="0", ALLOWED_HOSTS="helpdesk.example.org")
    assert result.returncode != 0
    line = _only_line(result)
    assert line.startswith("ImproperlyConfigured: SECRET_KEY is not set")
    assert "set SECRET_KEY in the environment" in line


@pytest.mark.parametrize("key", [DEV_SECRET_KEY, TEST_SECRET_KEY, "django-insecure-abc123"])
def test_debug_off_with_a_known_development_key_refuses(key):
    result = _manage_check(SECRET_KEY=key, ALLOWED_HOSTS="helpdesk.example.org")
    assert result.returncode != 0
    assert "known development key" in _only_line(result)


def test_a_known_key_among_the_fallbacks_refuses_too():
    result = _manage_check(
        SECRET_KEY=GOOD_KEY, SECRET_KEY_FALLBACKS=DEV_SECRET_KEY, ALLOWED_HOSTS="h.example"
    )
    assert result.returncode != 0
    assert "known development key" in _only_line(result)


def test_debug_off_with_empty_allowed_hosts_refuses():
    result = _manage_check(SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    line = _only_line(result)
    assert line.startswith("ImproperlyConfigured: ALLOWED_HOSTS is empty")


def test_the_wsgi_application_refuses_to_load_without_a_key():
    """What gunicorn imports: the worker fails to boot instead of inventing a key."""
    result = _run(["-c", "import helpdesk.wsgi"], ALLOWED_HOSTS="helpdesk.example.org")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("helpdesk.startup.UnsafeSettings: SECRET_KEY is not set"), last


def test_production_settings_with_key_and_hosts_start():
    result = _manage_check(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="helpdesk.example.org")
    assert result.returncode == 0, result.stderr


def test_debug_on_runs_without_any_of_them():
    """``make run``: DEBUG=1, the development key, every host."""
    result = _run(
        ["-c", "from helpdesk import settings as s; print(s.SECRET_KEY, s.ALLOWED_HOSTS)"],
        DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [DEV_SECRET_KEY, "['*']"]


def test_secret_key_fallbacks_come_from_the_environment():
    old = secrets.token_urlsafe(50)
    result = _run(
        ["-c", "from helpdesk import settings as s; print(*s.SECRET_KEY_FALLBACKS)"],
        SECRET_KEY=GOOD_KEY,
        SECRET_KEY_FALLBACKS=f"{old}, {old[::-1]}",
        ALLOWED_HOSTS="helpdesk.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [old, old[::-1]]


def test_a_session_signed_with_the_old_key_survives_a_rotation():
    """Rotating SECRET_KEY with the old one in SECRET_KEY_FALLBACKS logs nobody out."""
    old, new = secrets.token_urlsafe(50), secrets.token_urlsafe(50)
    sign = "from django.core import signing; print(signing.dumps('agent', salt='s'))"
    signed = _run(
        ["-c", "import django; django.setup(); " + sign],
        SECRET_KEY=old,
        ALLOWED_HOSTS="h.example",
        DJANGO_SETTINGS_MODULE="helpdesk.settings",
    )
    assert signed.returncode == 0, signed.stderr
    token = signed.stdout.strip()
    check = (
        "import django; django.setup(); from django.core import signing; "
        f"print(signing.loads({token!r}, salt='s'))"
    )
    env = {"ALLOWED_HOSTS": "h.example", "DJANGO_SETTINGS_MODULE": "helpdesk.settings"}
    rotated = _run(["-c", check], SECRET_KEY=new, SECRET_KEY_FALLBACKS=old, **env)
    assert rotated.returncode == 0, rotated.stderr
    assert rotated.stdout.strip() == "agent"
    forgotten = _run(["-c", check], SECRET_KEY=new, **env)
    assert forgotten.returncode != 0 and "BadSignature" in forgotten.stderr


CONSOLE = "django.core.mail.backends.console.EmailBackend"


def _email_backend(**env) -> str:
    code = "from helpdesk import settings as s; print(s.EMAIL_BACKEND)"
    result = _run(["-c", code], SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="h.example", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_sends_e_mail_by_smtp_unless_told_otherwise():
    """DEBUG off and no EMAIL_BACKEND: SMTP (EMAIL_HOST, localhost by default), never the
    console, which would mark every requester's e-mail sent and deliver nothing."""
    assert _email_backend() == "django.core.mail.backends.smtp.EmailBackend"
    assert _email_backend(EMAIL_HOST="smtp.example.org").endswith("smtp.EmailBackend")
    assert _email_backend(DEBUG="1") == CONSOLE  # development prints it


def test_a_production_backend_that_delivers_nothing_is_said_at_start_and_by_check_deploy():
    result = _run(
        ["manage.py", "check", "--deploy"],
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="helpdesk.example.org",
        EMAIL_BACKEND=CONSOLE,
    )
    assert "(mail.W001) E-mail is not delivered" in result.stderr + result.stdout
    # The log line every process writes as it starts (gunicorn workers, Celery, commands).
    logged = [line for line in result.stderr.splitlines() if line.startswith("E-mail is not")]
    assert logged and "written to standard output" in logged[0]
    assert "Set EMAIL_HOST" in logged[0]


def test_smtp_in_production_starts_without_a_mail_warning():
    result = _run(
        ["manage.py", "check", "--deploy"],
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="helpdesk.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert "mail.W001" not in result.stderr + result.stdout
    assert "E-mail is not delivered" not in result.stderr
