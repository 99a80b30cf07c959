"""Fixed-window rate limits for the HTML forms (login, public create, public lookup).

Counters live in the Django cache: Redis when ``REDIS_URL`` is set, so every app server shares
them. Limits are settings (``HELPDESK_THROTTLE``: scope -> (requests, seconds)). The API faces
use DRF throttles over the same cache and the same ``client_ip``.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from helpdesk.net import client_ip

DEFAULT_LIMITS = {
    "login": (10, 300),
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


def too_many_requests(request):
    return render(request, "429.html", status=429)


def limit_posts(scope: str):
    """Decorate a view so its POSTs count against ``scope`` (429 page once over)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and not allow(request, scope):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
