"""Fixtures of the mail tests: the portal's logged-in clients (held-mail pages)."""

from tests.portal.conftest import client_for  # noqa: F401
