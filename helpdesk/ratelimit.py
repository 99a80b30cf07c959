"""Fixed-window rate limits for the HTML forms (login, public create, lookup, answers).

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
    "public-create": (30, 3600),
    "public-lookup": (20, 600),
    "public-reply": (30, 3600),  # a requester's replies on the ticket page
    "public-confirm": (20, 600),  # "yes, it is solved" / "no, it still fails"
    "public-link": (60, 600),  # opening a ticket through a signed link
}


def limit_for(scope: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "HELPDESK_THROTTLE", {})}[scope]


def _key(request, scope: str) -> str:
    return f"throttle:{scope}:{client_ip(request) or 'unknown'}"


def _hit(request, scope: str) -> int:
    """Count one request in the client's current window; return the count."""
    _, window = limit_for(scope)
    key = _key(request, scope)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def allow(request, scope: str) -> bool:
    """Count this request against the client's window; False once over the limit."""
    return _hit(request, scope) <= limit_for(scope)[0]


def exhausted(request, scope: str) -> bool:
    """Whether the client has used up its window (without counting this request)."""
    return (cache.get(_key(request, scope)) or 0) >= limit_for(scope)[0]


def too_many_requests(request):
    return render(request, "429.html", status=429)


def limit_failed_logins(view):
    """Decorate a login view: only failed attempts count (a redirect means success), so a
    whole office behind one address can log in at shift start, while password guessing
    from one address stops after the limit (429 page until the window passes)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        if exhausted(request, "login"):
            return too_many_requests(request)
        response = view(request, *args, **kwargs)
        if response.status_code != 302:
            _hit(request, "login")
        return response

    return wrapped
