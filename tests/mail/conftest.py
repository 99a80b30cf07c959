"""Fixtures shared by the mail tests."""

import pytest

from tests.mail.helpers import INBOUND_SECRET


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a service, then its on-commit hooks (what queues the mail), as a request would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def inbound_secret(settings):
    """/inbound/email on, with the secret ``helpers.push`` sends."""
    settings.HELPDESK_INBOUND_SECRET = INBOUND_SECRET
