"""Fixtures shared by the mail tests."""

import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a service, then its on-commit hooks (what queues the mail), as a request would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
