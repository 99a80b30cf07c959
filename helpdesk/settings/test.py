"""Test settings: the real settings with a fast password hasher and in-memory e-mail."""

from helpdesk.settings import *  # noqa: F403
from helpdesk.startup import TEST_SECRET_KEY

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A known key and every host, with DEBUG off as in production: start anyway.
SECRET_KEY = TEST_SECRET_KEY
SIMPLE_JWT = {**SIMPLE_JWT, "SIGNING_KEY": SECRET_KEY}  # noqa: F405
ALLOWED_HOSTS = ["*"]
HELPDESK_REFUSE_UNSAFE_START = False
# Test clients register loopback redirect URIs.
OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"]}  # noqa: F405
# Serve static files straight from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tasks run in-process unless a test starts a worker (tests/worker.py); mail without a
# broker waits for the test to send it (mail.dispatch.run_local_queue), so tests decide when.
CELERY_TASK_ALWAYS_EAGER = True
HELPDESK_MAIL_LOCAL_SENDER = "manual"
