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
    assert s["engine"] == "helpdesk.db.postgresql"  # Django's, faster timestamps
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
