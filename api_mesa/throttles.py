"""Rate limits of the public and login endpoints (429).

Counters live in Django's default cache (Redis when ``REDIS_URL`` is set, so several app
servers share them), one atomic increment per request (``core.ratelimit``). Rates live in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` under the scopes below.
"""

from core.net import client_ip
from core.ratelimit import CacheRateThrottle


class _PerClientIpThrottle(CacheRateThrottle):
    """Counts per client IP, read as ``core.net.client_ip`` does."""

    def get_ident(self, request):
        return client_ip(request) or "unknown"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginThrottle(_PerClientIpThrottle):
    scope = "mesa_login"


class CreateThrottle(_PerClientIpThrottle):
    scope = "mesa_crear"


class LookupThrottle(_PerClientIpThrottle):
    scope = "mesa_consultar"
