"""The project's frame: apps, middleware, templates, database, cache, auth, i18n, static files
and logging. Every other module of this package is one concern (``__init__.py`` composes them).

Everything comes from the environment, each variable read once here or in its concern's module
(``tests/unit/test_settings_layout.py``), with safe defaults:

- ``DATABASE_URL`` unset -> SQLite file ``db.sqlite3`` (zero set-up);
  ``postgres://...`` -> PostgreSQL with persistent, health-checked connections.
- ``REDIS_URL`` set -> Redis cache (shared throttle counters); unset -> local memory.
- ``DEBUG`` off unless ``DEBUG=1``; then ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set
  (``helpdesk/startup.py`` refuses to start otherwise, with one line saying what to set).
"""

import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from core.cache import redis_cache_config
from core.db.postgresql.timeouts import bound_waits
from core.env import env, env_bool, env_float, env_int

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # helpdesk/
BASE_DIR = PACKAGE_DIR.parent


def _asset_dir(name: str) -> Path:
    """``templates``, ``static`` or ``locale``: at the top of a checkout, or inside the
    ``helpdesk`` package once installed from the wheel."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else BASE_DIR / name


# Where local state lives (the SQLite file, collected static files, attachments): the
# checkout, or the working directory of an installed helpdesk, unless HELPDESK_DATA_DIR says
# otherwise.
DATA_DIR = Path(
    env("HELPDESK_DATA_DIR", "") or (BASE_DIR if (BASE_DIR / "manage.py").exists() else Path.cwd())
)

DEBUG = env_bool("DEBUG", False)

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
# a hung worker (core/db/postgresql/timeouts.py): connecting (and the health check of a
# kept connection) gives up after DB_CONNECT_TIMEOUT; a statement after DB_STATEMENT_TIMEOUT
# (the server's statement_timeout; the client stops waiting 5 s later). The statement
# timeout is on by default where requests are served (the WSGI/ASGI app); management
# commands and workers (migrations, rebuilds) run without one unless it is set. 0 = none.
DB_CONNECT_TIMEOUT = env_float("DB_CONNECT_TIMEOUT", 2.0)
_SERVING = "helpdesk.wsgi" in sys.modules or "helpdesk.asgi" in sys.modules
DB_STATEMENT_TIMEOUT = env_float("DB_STATEMENT_TIMEOUT", 20.0 if _SERVING else 0.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a fast timestamp parser and bounded waits
    # (core/db/postgresql/base.py).
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
# Only what is safe to lose lives there (throttle counters, presence): a Redis that is down
# or hung costs one short timeout, then the site serves without it (core/cache.py). The same
# Redis is Celery's broker unless CELERY_BROKER_URL says otherwise (tasks.py).
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
TIME_ZONE = env("TIME_ZONE", "America/Bogota")  # also Celery's (tasks.py)

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
# Where `collectstatic` writes (nginx serves it: deploy/nginx/helpdesk.conf). The storage
# that serves them is in files.py with the others.
STATIC_ROOT = Path(env("STATIC_ROOT", "") or DATA_DIR / "staticfiles")
STATICFILES_DIRS = [_asset_dir("static")]

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_at_info": {"()": "core.log_filters.ForbiddenAtInfo"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["forbidden_at_info"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
