"""Rate limits of the public and login endpoints (429).

DRF's ``SimpleRateThrottle`` keeps its counters in Django's default cache, which is Redis
when ``REDIS_URL`` is set, so several app servers share them. Rates live in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` under the scopes below.
"""

from rest_framework.throttling import SimpleRateThrottle

from helpdesk.net import client_ip


class _PerClientIpThrottle(SimpleRateThrottle):
    """Counts per client IP, read as ``helpdesk.net.client_ip`` does."""

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
