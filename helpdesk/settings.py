"""Settings for the helpdesk project.

Everything comes from the environment, with safe defaults:

- ``DATABASE_URL`` unset -> SQLite file ``db.sqlite3`` (zero set-up);
  ``postgres://...`` -> PostgreSQL with persistent, health-checked connections.
- ``REDIS_URL`` set -> Redis cache (shared throttle counters); unset -> local memory.
- ``DEBUG`` off unless ``DEBUG=1``; then ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set
  (``helpdesk/startup.py`` refuses to start otherwise, with one line saying what to set).
"""

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from accounts.oauth import pkce_required
from core.cache import redis_cache_config
from core.db.postgresql.timeouts import bound_waits
from core.env import env, env_bool, env_float, env_int, env_list
from helpdesk.startup import DEV_SECRET_KEY, refuse_unsafe_start

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def _asset_dir(name: str) -> Path:
    """``templates``, ``static`` or ``locale``: at the top of a checkout, or inside the
    ``helpdesk`` package once installed from the wheel."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else BASE_DIR / name


# Where local state lives (the SQLite file, collected static files): the checkout, or the
# working directory of an installed helpdesk, unless HELPDESK_DATA_DIR says otherwise.
DATA_DIR = Path(
    env("HELPDESK_DATA_DIR", "")
    or (BASE_DIR if (BASE_DIR / "manage.py").exists() else Path.cwd())
)

DEBUG = env_bool("DEBUG", False)
# No default with DEBUG off: every process must share one key (see the end of this file).
SECRET_KEY = env("SECRET_KEY", "") or (DEV_SECRET_KEY if DEBUG else "")
# Old keys, comma-separated, still accepted for sessions and signed links while keys rotate.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["*"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "helpdesk.apps.HelpdeskAdminConfig",  # django.contrib.admin under the product's name
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "helpdesk.apps.OAuth2ProviderConfig",  # oauth2_provider with Spanish names in the admin
    "rest_framework_simplejwt.token_blacklist",  # names in the admin: helpdesk/apps.py
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served by the app, no CDN
    "core",
    "accounts",
    "tickets",
    "webhooks",
    "mail",
    "idempotency",
    "notifications",
    "surveys",
    "reports",
    # The ways in: each its own app over the domain (docs/architecture.md).
    "portal",
    "requester",
    "api_spacebring",
    "api_mesa",
]

MIDDLEWARE = [
    "helpdesk.health.HealthCheckMiddleware",  # /healthz, /readyz: before everything else
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.timezone.TimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [_asset_dir("templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A PostgreSQL that accepts connections and never answers must cost a request seconds, not
# a hung worker (helpdesk/db/postgresql/timeouts.py): connecting (and the health check of a
# kept connection) gives up after DB_CONNECT_TIMEOUT; a statement after DB_STATEMENT_TIMEOUT
# (the server's statement_timeout; the client stops waiting 5 s later). The statement
# timeout is on by default where requests are served (the WSGI/ASGI app); management
# commands and workers (migrations, rebuilds) run without one unless it is set. 0 = none.
DB_CONNECT_TIMEOUT = env_float("DB_CONNECT_TIMEOUT", 2.0)
_SERVING = "helpdesk.wsgi" in sys.modules or "helpdesk.asgi" in sys.modules
DB_STATEMENT_TIMEOUT = env_float("DB_STATEMENT_TIMEOUT", 20.0 if _SERVING else 0.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a fast timestamp parser and bounded waits
    # (helpdesk/db/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "core.db.postgresql"
    bound_waits(DATABASES["default"], connect=DB_CONNECT_TIMEOUT, statement=DB_STATEMENT_TIMEOUT)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing for a local file. Writers take the lock when their
    # transaction begins (IMMEDIATE) and wait up to 20 s for it, so concurrent requests queue
    # instead of failing with "database is locked" when a reader upgrades to a writer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# Only what is safe to lose lives there (throttle counters, dashboard charts): a Redis that
# is down or hung costs one short timeout, then the site serves without it (helpdesk/cache.py).
REDIS_URL = env("REDIS_URL", "")
REDIS_CONNECT_TIMEOUT = env_float("REDIS_CONNECT_TIMEOUT", 0.15)
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 0.15)
if REDIS_URL:
    CACHES = {
        "default": redis_cache_config(
            REDIS_URL,
            prefix=env("CACHE_KEY_PREFIX", "helpdesk"),
            connect_timeout=REDIS_CONNECT_TIMEOUT,
            timeout=REDIS_SOCKET_TIMEOUT,
        )
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database, never in the cache: losing Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Background work (Celery; helpdesk/celery.py) -----------------------------------
# Redis is the broker when REDIS_URL is set; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is delivered again: tasks are idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing never retries and never waits long: core.broker.publish gives up after
# BROKER_PUBLISH_TIMEOUT seconds (connect and each read) on a broker that is down or hung,
# then skips it for a few seconds; the sweeps re-queue what could not be published. Workers
# reconnect on their own.
HELPDESK_BROKER_PUBLISH_TIMEOUT = env_float("BROKER_PUBLISH_TIMEOUT", 0.5)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 0,
    "socket_connect_timeout": 2,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = env("TIME_ZONE", "America/Bogota")
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Periodic work run by `make beat`; apps add their entries here.
CELERY_BEAT_SCHEDULE: dict = {
    # SLA alerts (tickets/tasks.py): breaching soon / breached, once per ticket per kind.
    "tickets-sla-alerts": {"task": "tickets.sla_alerts", "schedule": 60.0},
    # Webhook deliveries due for a retry, or whose message was lost (webhooks/tasks.py).
    "webhooks-retry-due": {"task": "webhooks.retry_due", "schedule": 60.0},
    # mail: send outbox rows whose hand-off to the broker was lost; read the IMAP mailbox.
    "mail-sweep-outbox": {"task": "mail.sweep_outbox", "schedule": 60.0},
    "mail-poll-imap": {
        "task": "mail.poll_imap",
        "schedule": float(env_int("HELPDESK_IMAP_POLL_SECONDS", 60)),
    },
    "idempotency-purge": {"task": "idempotency.purge_expired_keys", "schedule": 3600.0},
    "credentials-purge": {"task": "accounts.purge_expired_credentials", "schedule": 86400.0},
    # Safety net for digests whose queued task was lost (broker restart, worker killed).
    "notification-digests": {
        "task": "notifications.tasks.send_pending_digests",
        "schedule": 60.0,
    },
}

# --- Auth -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/portal/"
LOGOUT_REDIRECT_URL = "/"

# --- I18n -----------------------------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [_asset_dir("locale")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "America/Bogota")

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
# Where `collectstatic` writes (nginx serves it: deploy/nginx/helpdesk.conf).
STATIC_ROOT = Path(env("STATIC_ROOT", "") or DATA_DIR / "staticfiles")
STATICFILES_DIRS = [_asset_dir("static")]
# Uploaded files (attachments). Never served as media: every download goes through a view
# that checks permissions (tickets/files/responses.py), so there is no MEDIA_URL route.
MEDIA_ROOT = Path(env("MEDIA_ROOT", "") or DATA_DIR / "media")
if env("HELPDESK_ATTACHMENT_STORAGE", "filesystem") == "s3":
    # Any S3-compatible store through django-storages (pip install -e '.[s3]'); the usual
    # AWS_* variables: AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
    # AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. Objects are private (no public ACL, signed
    # URLs off): the app streams them after its own checks.
    ATTACHMENT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env("AWS_S3_REGION_NAME", "") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", "") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    ATTACHMENT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "attachments": ATTACHMENT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------
# DEBUG prints e-mail to the console; production sends it by SMTP (EMAIL_HOST, by default
# localhost:25), so mail is never lost by default: an SMTP server that is not there leaves
# it in the outbox, retried. A backend that delivers nothing with DEBUG off is said out loud
# (mail/delivery.py mail_not_delivered).
EMAIL_BACKEND = env("EMAIL_BACKEND", "") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "helpdesk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connection may wait on the server (only senders outside requests wait).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# --- Mail app (mail/): outbox, threading, incoming mail ------------------------------
# Replies go to HELPDESK_REPLY_ADDRESS+<token> (default: DEFAULT_FROM_EMAIL); Message-IDs
# use HELPDESK_MAIL_DOMAIN (default: the From address's domain).
HELPDESK_REPLY_ADDRESS = env("HELPDESK_REPLY_ADDRESS", "")
HELPDESK_MAIL_DOMAIN = env("HELPDESK_MAIL_DOMAIN", "")
HELPDESK_MAIL_MAX_ATTEMPTS = env_int("HELPDESK_MAIL_MAX_ATTEMPTS", 12)
HELPDESK_MAIL_RETRY_BACKOFF_MAX = env_int("HELPDESK_MAIL_RETRY_BACKOFF_MAX", 600)
HELPDESK_MAIL_STALE_SECONDS = env_int("HELPDESK_MAIL_STALE_SECONDS", 900)
# A claimed e-mail not yet at SMTP DATA after this long lost its sender: it is sent again.
HELPDESK_MAIL_CLAIM_SECONDS = env_int("HELPDESK_MAIL_CLAIM_SECONDS", 120)
HELPDESK_MAIL_SWEEP_SECONDS = env_int("HELPDESK_MAIL_SWEEP_SECONDS", 60)
# Without a broker: "thread" = the web process's background sender; "manual" = tests.
HELPDESK_MAIL_LOCAL_SENDER = env("HELPDESK_MAIL_LOCAL_SENDER", "thread")
# False queues no notification at all (the demo seed turns it off for its data).
HELPDESK_NOTIFICATIONS_ENABLED = True
# The mail app's own e-mail to agents (assignee, else the area's agents) on requester replies
# and SLA alerts, one message per event. Off by default: the notifications app e-mails agents
# the same events as digests, by their preferences; turn this on when it is not installed.
HELPDESK_MAIL_AGENT_ALERTS = env_bool("HELPDESK_MAIL_AGENT_ALERTS", False)
# An agent's e-mail reply to a ticket that starts with this marker is an internal note.
HELPDESK_MAIL_NOTE_MARKER = env("HELPDESK_MAIL_NOTE_MARKER", "#note")
# IMAP mailbox read by beat (unset host: no polling).
HELPDESK_IMAP_HOST = env("HELPDESK_IMAP_HOST", "")
HELPDESK_IMAP_PORT = env_int("HELPDESK_IMAP_PORT", 0)  # 0: 993 with SSL, 143 without
HELPDESK_IMAP_USER = env("HELPDESK_IMAP_USER", "")
HELPDESK_IMAP_PASSWORD = env("HELPDESK_IMAP_PASSWORD", "")
HELPDESK_IMAP_SSL = env_bool("HELPDESK_IMAP_SSL", True)
HELPDESK_IMAP_STARTTLS = env_bool("HELPDESK_IMAP_STARTTLS", False)
HELPDESK_IMAP_FOLDER = env("HELPDESK_IMAP_FOLDER", "INBOX")
HELPDESK_IMAP_ARCHIVE_FOLDER = env("HELPDESK_IMAP_ARCHIVE_FOLDER", "")
HELPDESK_IMAP_BATCH = env_int("HELPDESK_IMAP_BATCH", 50)
HELPDESK_IMAP_POLL_SECONDS = env_int("HELPDESK_IMAP_POLL_SECONDS", 60)
HELPDESK_IMAP_TIMEOUT = env_int("HELPDESK_IMAP_TIMEOUT", 30)
# POST /inbound/email (raw MIME pushed by a provider): shared secret; unset = endpoint off.
HELPDESK_INBOUND_SECRET = env("HELPDESK_INBOUND_SECRET", "")
HELPDESK_INBOUND_MAX_BYTES = env_int("HELPDESK_INBOUND_MAX_BYTES", 10 * 1024 * 1024)
# Issue 27: nothing that arrives vanishes (mail.inbound.keep). Runs a failing message is tried
# before it is held; the largest message kept whole in the database; the IMAP folder that
# keeps larger ones (and any message the database could not take).
HELPDESK_INBOUND_MAX_ATTEMPTS = env_int("HELPDESK_INBOUND_MAX_ATTEMPTS", 3)
HELPDESK_INBOUND_KEEP_MAX_BYTES = env_int("HELPDESK_INBOUND_KEEP_MAX_BYTES", 50 * 1024 * 1024)
HELPDESK_IMAP_HELD_FOLDER = env("HELPDESK_IMAP_HELD_FOLDER", "Helpdesk-Held")
# Authentication-Results of the desk's own receiving server (its authserv-id; unset: not
# checked) and what to do with a sender it could not authenticate: "hold" or "refuse".
HELPDESK_INBOUND_TRUSTED_AUTHSERV = env("HELPDESK_INBOUND_TRUSTED_AUTHSERV", "")
HELPDESK_INBOUND_UNAUTHENTICATED = env("HELPDESK_INBOUND_UNAUTHENTICATED", "hold")
# Languages of the quote headers trimmed from replies (mail-parser-reply's codes).
HELPDESK_INBOUND_QUOTE_LANGUAGES = env_list(
    "HELPDESK_INBOUND_QUOTE_LANGUAGES", ["es", "en", "de", "sv", "fr", "it", "nl"]
)
# New tickets by e-mail per sender: (count, seconds).
HELPDESK_INBOUND_RATE = (
    env_int("HELPDESK_INBOUND_RATE", 10),
    env_int("HELPDESK_INBOUND_RATE_SECONDS", 3600),
)

# --- Security (production defaults; `manage.py check --deploy` is clean with DEBUG off) --
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

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_at_info": {"()": "core.log_filters.ForbiddenAtInfo"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["forbidden_at_info"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# --- REST framework and the two API faces ----------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.SafeJSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Trusted proxies in front of the app (see helpdesk/net.py); 0 = use REMOTE_ADDR.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "DEFAULT_THROTTLE_RATES": {
        # Mesa de Ayuda face (tickets/api/mesa/throttles.py), counted per client IP.
        # Every login and refresh per address (a ceiling: failed logins are also limited
        # per address and account, helpdesk/ratelimit.py, so one office shares it).
        "mesa_login": env("MESA_THROTTLE_LOGIN", "60/min"),
        "mesa_crear": env("MESA_THROTTLE_CREAR", "20/hour"),
        "mesa_consultar": env("MESA_THROTTLE_CONSULTAR", "30/min"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Helpdesk API",
    "DESCRIPTION": (
        "Two faces over one helpdesk: the Spacebring-compatible Support API "
        "(`/support/tickets/v1`) and the Mesa de Ayuda API (`/api/`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The Spacebring components are the contract's own (tickets/api/spacebring/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api_spacebring.schema.contract_components",
        "api_mesa.schema.media_type_bodies",
    ],
    "ENUM_NAME_OVERRIDES": {"SupportTicketTypeEnum": "tickets.models.SpacebringType.values"},
}

OAUTH2_PROVIDER = {
    "SCOPES": {
        "support": "Read and write support tickets",
        "support.readonly": "Read support tickets",
    },
    "DEFAULT_SCOPES": ["support.readonly"],
    # OAuth 2.0 Security BCP (RFC 9700): authorization code only, hashed tokens, no tokens
    # in query strings, refresh-token replay revokes the family.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # Spacebring integrations are confidential clients (client secret, no PKCE): PKCE is
    # required of public clients only.
    "PKCE_REQUIRED": pkce_required,
    "ALLOWED_REDIRECT_URI_SCHEMES": env_list(
        "OAUTH2_REDIRECT_URI_SCHEMES", ["http", "https"] if DEBUG else ["https"]
    ),
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 30 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    # A replayed authorization code revokes the tokens of its first exchange.
    "OAUTH2_VALIDATOR_CLASS": "accounts.oauth_validator.HelpdeskOAuth2Validator",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(hours=8),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "id",
    "SIGNING_KEY": SECRET_KEY,
    # A refresh token is used once: refreshing blacklists it and issues a new pair
    # (accounts/jwt.py, tickets/api/mesa/views/auth.py).
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
}

# --- Helpdesk ---------------------------------------------------------------------
# Area that receives tickets when the requester names none (Mesa's intake area).
HELPDESK_DEFAULT_AREA = env("HELPDESK_DEFAULT_AREA", "MESA")
# Priority of tickets opened without one (the Spacebring face has no priority).
HELPDESK_DEFAULT_PRIORITY = env("HELPDESK_DEFAULT_PRIORITY", "MEDIA")
HELPDESK_SITE_URL = env("HELPDESK_SITE_URL", "http://127.0.0.1:8000")
# SLA alerts: warn this long before a ticket's SLA falls due (minutes in the environment).
HELPDESK_SLA_WARNING = timedelta(minutes=env_int("HELPDESK_SLA_WARNING_MINUTES", 60))
# Webhooks (webhooks/, docs/webhooks.md). Endpoints that resolve to private, loopback or
# link-local addresses are refused unless this is on (tests' local receivers).
HELPDESK_WEBHOOKS_ALLOW_PRIVATE = env_bool("HELPDESK_WEBHOOKS_ALLOW_PRIVATE", False)
# Seconds one attempt may take in all (connect, send, answer), however slowly a receiver
# trickles its answer.
HELPDESK_WEBHOOK_TIMEOUT = env_int("HELPDESK_WEBHOOK_TIMEOUT", 5)
# Retries: base * 2^(attempt-1) seconds, capped, up to MAX_ATTEMPTS (~26 h with the defaults).
HELPDESK_WEBHOOK_RETRY_BASE = env_int("HELPDESK_WEBHOOK_RETRY_BASE", 30)
HELPDESK_WEBHOOK_RETRY_MAX = env_int("HELPDESK_WEBHOOK_RETRY_MAX", 6 * 3600)
HELPDESK_WEBHOOK_MAX_ATTEMPTS = env_int("HELPDESK_WEBHOOK_MAX_ATTEMPTS", 14)
# An endpoint whose every attempt has failed for this many seconds is disabled (and the
# admins e-mailed); its events are then kept as "held" until an admin replays them.
HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS = env_int("HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS", 3600)
HELPDESK_WEBHOOK_QUEUE = env("HELPDESK_WEBHOOK_QUEUE", "celery")  # Celery queue of deliveries
# Agents' notification e-mail: what arrives within this many seconds goes in one digest.
HELPDESK_NOTIFICATION_DIGEST_SECONDS = env_int("HELPDESK_NOTIFICATION_DIGEST_SECONDS", 120)
# Ticket page presence ("who else has it open"): poll interval and how long an entry lives.
HELPDESK_PRESENCE_POLL_SECONDS = env_int("HELPDESK_PRESENCE_POLL_SECONDS", 12)
HELPDESK_PRESENCE_TTL_SECONDS = env_int("HELPDESK_PRESENCE_TTL_SECONDS", 30)
# Spacebring face: requests per API client (or OAuth user), counted in the cache.
SPACEBRING_API_RATE = env("SPACEBRING_API_RATE", "1200/min")
# Requester pages: signed links in e-mails open the ticket for this many days.
HELPDESK_REQUESTER_LINK_DAYS = env_int("HELPDESK_REQUESTER_LINK_DAYS", 30)
# Solved tickets the requester neither confirms nor reopens close after this many days
# (tickets.tasks.autoclose_solved_tickets, run hourly by `make beat`).
HELPDESK_AUTOCLOSE_DAYS = env_int("HELPDESK_AUTOCLOSE_DAYS", 7)
# Satisfaction surveys (surveys/): a solved ticket's rating link works this many days.
HELPDESK_CSAT_LINK_DAYS = env_int("HELPDESK_CSAT_LINK_DAYS", 30)
CELERY_BEAT_SCHEDULE["tickets-autoclose-solved"] = {
    "task": "tickets.tasks.autoclose_solved_tickets",
    "schedule": 3600.0,
}

# --- Attachments ------------------------------------------------------------------
# Per file and per message. nginx's client_max_body_size must allow
# HELPDESK_ATTACHMENT_MAX_FILES × HELPDESK_ATTACHMENT_MAX_BYTES plus the form fields.
HELPDESK_ATTACHMENT_MAX_BYTES = env_int("HELPDESK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
HELPDESK_ATTACHMENT_MAX_FILES = env_int("HELPDESK_ATTACHMENT_MAX_FILES", 5)
# Types allowed, as sniffed from the content (tickets/files/sniff.py); HTML, SVG and
# executables are refused whatever this list says.
HELPDESK_ATTACHMENT_TYPES = env_list(
    "HELPDESK_ATTACHMENT_TYPES",
    [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "application/zip",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    ],
)
# Images: width × height at most this (Pillow's decompression-bomb limit), read from the
# header without decoding.
HELPDESK_ATTACHMENT_MAX_PIXELS = env_int("HELPDESK_ATTACHMENT_MAX_PIXELS", 89_478_485)
# Zip archives, read from their directory: what they would expand to.
HELPDESK_ATTACHMENT_ZIP_MAX_UNCOMPRESSED = env_int(
    "HELPDESK_ATTACHMENT_ZIP_MAX_UNCOMPRESSED", 200 * 1024 * 1024
)
HELPDESK_ATTACHMENT_ZIP_MAX_RATIO = env_int("HELPDESK_ATTACHMENT_ZIP_MAX_RATIO", 100)
HELPDESK_ATTACHMENT_ZIP_MAX_ENTRIES = env_int("HELPDESK_ATTACHMENT_ZIP_MAX_ENTRIES", 1000)
# Requesters' download links (signed, from the lookup page) expire after this many seconds.
HELPDESK_ATTACHMENT_LINK_MAX_AGE = env_int("HELPDESK_ATTACHMENT_LINK_MAX_AGE", 3600)
# Spacebring uploads never referenced by a create or comment are removed after this.
HELPDESK_ATTACHMENT_PENDING_HOURS = env_int("HELPDESK_ATTACHMENT_PENDING_HOURS", 24)
# Request bodies over 256 KB go to a temporary file in chunks, never whole into memory;
# a file over the limit stops being written (helpdesk/uploads.py) and is answered 413.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "core.uploads.LimitedTemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FILES = 20
CELERY_BEAT_SCHEDULE["attachments-sweep"] = {
    "task": "tickets.tasks.attachments_sweep",
    "schedule": 3600.0,
}

# --- Refuse to start unsafely ---------------------------------------------------------
# helpdesk/settings_test.py imports this module and then sets its own key and hosts.
if "helpdesk.settings_test" not in sys.modules:
    refuse_unsafe_start(
        debug=DEBUG,
        secret_key=SECRET_KEY,
        fallbacks=SECRET_KEY_FALLBACKS,
        allowed_hosts=ALLOWED_HOSTS,
    )
