"""Settings of the real Celery worker that tests/worker.py starts: the test settings (so the
worker shares the test process's key, and production's refusal of known keys stays out of
the way), with what the worker needs from the production settings read from its
environment: the e-mail backend (the tests' SMTP sink) and real, non-eager task dispatch."""

import sys

from helpdesk.settings.test import *  # noqa: F403

_production = sys.modules["helpdesk.settings"]  # as the environment configured it

EMAIL_BACKEND = _production.EMAIL_BACKEND
CELERY_TASK_ALWAYS_EAGER = _production.CELERY_TASK_ALWAYS_EAGER
HELPDESK_MAIL_LOCAL_SENDER = getattr(_production, "HELPDESK_MAIL_LOCAL_SENDER", "thread")
