"""Security: the secret key, the hosts the desk answers on, cookies, HTTPS (HSTS) and the
checks an operator may silence. ``manage.py check --deploy`` is clean with DEBUG off.

Not settings, but here for the whole picture: the Content-Security-Policy is sent by
``core.csp.ContentSecurityPolicyMiddleware`` (a fixed policy with a nonce per response); the
HTML forms' rate limits are ``core.ratelimit.DEFAULT_LIMITS`` (a ``HELPDESK_THROTTLE``
setting may override them per scope); the APIs' throttles are in ``api.py``, the e-mail
senders' in ``mail.py``.
"""

from core.env import env, env_bool, env_int, env_list
from helpdesk import startup
from helpdesk.settings.base import DEBUG

# No default with DEBUG off: every process must share one key. helpdesk/apps.py refuses to
# start with none, a known development key or no hosts (helpdesk/startup.py).
SECRET_KEY = env("SECRET_KEY", "") or (startup.DEV_SECRET_KEY if DEBUG else "")
# Old keys, comma-separated, still accepted for sessions and signed links while keys rotate.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["*"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The test settings turn this off: they run with DEBUG off and a known key on purpose.
HELPDESK_REFUSE_UNSAFE_START = True

# HTTPS behind a TLS proxy (X-Forwarded-Proto is trusted); production defaults.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])
