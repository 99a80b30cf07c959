"""Fixed-window throttling of the public forms, counted in the Django cache.

With ``REDIS_URL`` set the cache is Redis, so every app server shares the counters.
Limits are settings (``HELPDESK_THROTTLE``: scope -> (requests, seconds)).
"""

from django.conf import settings
from django.core.cache import cache

from tickets.public.forms import client_ip

DEFAULT_LIMITS = {
    "public-create": (10, 3600),
    "public-lookup": (20, 600),
}


def limit_for(scope: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "HELPDESK_THROTTLE", {})}[scope]


def allow(request, scope: str) -> bool:
    """Count this request against the client's window; False once over the limit."""
    limit, window = limit_for(scope)
    key = f"throttle:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
