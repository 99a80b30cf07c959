"""Refuse to start unsafely: with ``DEBUG`` off the process needs its own secret key and hosts.

Without a ``SECRET_KEY`` each gunicorn worker would invent its own, so a session signed by
one worker is rejected by the next and agents are logged out at random; a known development
key lets anybody forge sessions and JWTs. An empty ``ALLOWED_HOSTS`` answers every request
with 400. In each case the project's first app (``helpdesk/apps.py``, as every process starts)
raises :class:`UnsafeSettings` with one line saying what to set, and ``manage.py`` prints just
that line and exits non-zero.
"""

from django.core.exceptions import ImproperlyConfigured

# The key ``DEBUG=1`` runs with when none is set (``make run``), and the test settings' key.
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105
TEST_SECRET_KEY = "test-secret-key-not-for-production-use-0123456789"  # noqa: S105
KNOWN_KEYS = frozenset({DEV_SECRET_KEY, TEST_SECRET_KEY})
KEY_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


class UnsafeSettings(ImproperlyConfigured):
    """A production process (``DEBUG`` off) configured in a way that must not serve."""


def is_known_key(key: str) -> bool:
    return key in KNOWN_KEYS or key.startswith("django-insecure-")


def refuse_unsafe_start(
    *, debug: bool, secret_key: str, fallbacks: list[str], allowed_hosts: list[str]
) -> None:
    """Raise :class:`UnsafeSettings` (one line: what to set) unless it is safe to serve."""
    if debug:
        return
    if not secret_key:
        raise UnsafeSettings(
            "SECRET_KEY is not set: with DEBUG off set SECRET_KEY in the environment to one "
            f"long random value shared by every process ({KEY_HINT})."
        )
    if is_known_key(secret_key) or any(is_known_key(key) for key in fallbacks):
        raise UnsafeSettings(
            "SECRET_KEY (or SECRET_KEY_FALLBACKS) is a known development key: with DEBUG off "
            f"set SECRET_KEY in the environment to a long random value ({KEY_HINT})."
        )
    if not allowed_hosts:
        raise UnsafeSettings(
            "ALLOWED_HOSTS is empty: with DEBUG off set ALLOWED_HOSTS in the environment to the "
            "host names the desk answers on, comma-separated (e.g. helpdesk.example.org)."
        )
