"""Settings come from the environment with safe defaults."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Variables the test run itself sets (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
HARNESS_ONLY = {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
# With DEBUG off the settings refuse to load without these (tests/unit/test_startup_safety.py).
PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "helpdesk.example.org"}


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in HARNESS_ONLY}


def _settings(**env) -> dict:
    code = (
        "import json, django.conf; from helpdesk import settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
        "'name': str(s.DATABASES['default']['NAME']), "
        "'max_age': s.DATABASES['default']['CONN_MAX_AGE'], "
        "'health': s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "'cache': s.CACHES['default']['BACKEND'], 'debug': s.DEBUG, 'lang': s.LANGUAGE_CODE, "
        "'tz': s.USE_TZ, 'options': s.DATABASES['default'].get('OPTIONS', {})}))"
    )
    clean = _clean_env()
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **PRODUCTION, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(out.stdout)


def test_defaults_are_sqlite_local_cache_debug_off_spanish():
    s = _settings()
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["cache"].endswith("LocMemCache")
    assert s["debug"] is False
    assert s["lang"] == "es" and s["tz"] is True
    # Writers queue for SQLite's lock instead of failing with "database is locked".
    assert s["options"] == {"timeout": 20, "transaction_mode": "IMMEDIATE"}


def test_database_url_selects_postgresql_with_persistent_health_checked_connections():
    s = _settings(DATABASE_URL="postgres://u:p@db.example:5432/helpdesk")
    assert s["engine"] == "core.db.postgresql"  # Django's, faster timestamps
    assert s["name"] == "helpdesk"
    assert s["max_age"] == 60 and s["health"] is True


def test_redis_url_switches_the_cache_to_redis():
    assert _settings(REDIS_URL="redis://127.0.0.1:6379/1")["cache"].endswith("RedisCache")


def test_deploy_check_is_clean_with_production_settings():
    env = {
        **_clean_env(),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "helpdesk.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "1",
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def _database_settings(preamble: str, **env) -> dict:
    code = (
        f"{preamble}; import json; from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(json.dumps({'timeouts': d.get('TIMEOUTS'), 'options': d.get('OPTIONS', {})}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**_clean_env(), **PRODUCTION, "DJANGO_SETTINGS_MODULE": "helpdesk.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def test_postgresql_waits_are_bounded_and_requests_get_a_statement_timeout():
    url = "postgres://u:p@db.example:5432/helpdesk?sslmode=require"
    served = _database_settings("import helpdesk.wsgi", DATABASE_URL=url)  # what gunicorn loads
    assert served["timeouts"] == {"connect": 2.0, "read": 25.0}
    assert served["options"]["options"] == "-c statement_timeout=20000"
    assert served["options"]["sslmode"] == "require"  # the URL's own options are kept
    # Commands and workers (migrations, rebuilds) run long statements: no statement timeout
    # unless set; connecting is bounded everywhere.
    command = _database_settings("import django; django.setup()", DATABASE_URL=url)
    assert command["timeouts"] == {"connect": 2.0, "read": None}
    assert "options" not in command["options"]
    tuned = _database_settings(
        "import django; django.setup()",
        DATABASE_URL=url,
        DB_CONNECT_TIMEOUT="0.5",
        DB_STATEMENT_TIMEOUT="60",
    )
    assert tuned["timeouts"] == {"connect": 0.5, "read": 65.0}
    assert tuned["options"]["options"] == "-c statement_timeout=60000"
