"""The two API faces: REST framework, the OpenAPI schema (drf-spectacular), OAuth2 for the
Spacebring face, JWT for the Mesa de Ayuda face, and their throttles."""

from datetime import timedelta

from accounts.oauth import pkce_required
from core.env import env, env_int, env_list
from helpdesk.settings.base import DEBUG
from helpdesk.settings.security import SECRET_KEY

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.SafeJSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Trusted proxies in front of the app (core/net.py: every client address, the HTML
    # forms' rate limits included, is read past them); 0 = use REMOTE_ADDR.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "DEFAULT_THROTTLE_RATES": {
        # Mesa de Ayuda face (api_mesa/throttles.py), counted per client IP.
        # Every login and refresh per address (a ceiling: failed logins are also limited
        # per address and account, core/ratelimit.py, so one office shares it).
        "mesa_login": env("MESA_THROTTLE_LOGIN", "60/min"),
        "mesa_crear": env("MESA_THROTTLE_CREAR", "20/hour"),
        "mesa_consultar": env("MESA_THROTTLE_CONSULTAR", "30/min"),
    },
}
# Spacebring face: requests per API client (or OAuth user), counted in the cache.
SPACEBRING_API_RATE = env("SPACEBRING_API_RATE", "1200/min")

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
    # The Spacebring components are the contract's own (api_spacebring/schema.py).
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
    # (accounts/jwt.py, api_mesa/views/auth.py).
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
}
