"""Fixed-window rate limits: the HTML forms (login, password reset, public create, lookup,
answers) and, through ``CacheRateThrottle``, every DRF throttle of both API faces.

Counters live in the Django cache: Redis when ``REDIS_URL`` is set, so every app server shares
them. Each hit is one atomic increment (Redis ``SET NX EX`` + ``INCR`` in one MULTI; the
local-memory cache increments under its lock), so a burst of parallel requests cannot slip
past the limit. Limits are settings (``HELPDESK_THROTTLE``: scope -> (requests, seconds)).

When the cache is unavailable the limits fail open: the request is served, and
``core.cache`` logs one warning a minute. A throttle never turns an outage of Redis into
an outage of the site.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

from core.net import client_ip

logger = logging.getLogger(__name__)

DEFAULT_LIMITS = {
    # Failed logins per (client address, account), and per address over all accounts: a
    # guesser is stopped on one account, while a whole office behind one address can log
    # in even when one of them keeps mistyping a password.
    "login": (10, 300),
    "login-address": (100, 300),
    # Password reset requests per client address and per e-mail address.
    "password-reset": (10, 3600),
    "password-reset-address": (3, 3600),
    "public-create": (30, 3600),
    "public-lookup": (20, 600),
    "csp-report": (60, 600),
    "public-reply": (30, 3600),  # a requester's replies on the ticket page
    "public-confirm": (20, 600),  # "yes, it is solved" / "no, it still fails"
    "public-link": (60, 600),  # opening a ticket through a signed link
}


def limit_for(scope: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "HELPDESK_THROTTLE", {})}[scope]


def hit(key: str, window: int) -> tuple[int, int] | None:
    """Count one hit in ``key``'s window: (count so far, seconds left), None if unknown."""
    backend = caches["default"]
    if hasattr(backend, "hit"):  # core.cache.ResilientRedisCache: atomic and fail-open
        return backend.hit(key, window)
    try:
        if cache.add(key, 1, timeout=window):
            return 1, window
        return cache.incr(key), window
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1, window
    except Exception as exc:  # any other backend that is down: fail open
        logger.warning("Rate limit counter unavailable (%s); request allowed", exc)
        return None


def _subject(value: str) -> str:
    """A fixed-length cache-key part for an account or e-mail address."""
    return hashlib.sha256(value.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]


def _key(request, scope: str, subject: str | None = None) -> str:
    key = f"throttle:{scope}:{client_ip(request) or 'unknown'}"
    return f"{key}:{_subject(subject)}" if subject is not None else key


def _count(key: str, scope: str) -> int:
    result = hit(key, limit_for(scope)[1])
    return 0 if result is None else result[0]


def _hit(request, scope: str, subject: str | None = None) -> int:
    """Count one request in the client's current window; return the count (0: unknown)."""
    return _count(_key(request, scope, subject), scope)


def allow(request, scope: str) -> bool:
    """Count this request against the client's window; False once over the limit."""
    return _hit(request, scope) <= limit_for(scope)[0]


def allow_subject(scope: str, subject: str) -> bool:
    """Count a request about ``subject`` (an e-mail address), whoever sends it."""
    return _count(f"throttle:{scope}:{_subject(subject)}", scope) <= limit_for(scope)[0]


def exhausted(request, scope: str, subject: str | None = None) -> bool:
    """Whether the client has used up its window (without counting this request)."""
    return (cache.get(_key(request, scope, subject)) or 0) >= limit_for(scope)[0]


def too_many_requests(request):
    return render(request, "429.html", status=429)


def login_refused(request, account: str) -> bool:
    """Too many failed logins for this account from this address, or from this address."""
    return exhausted(request, "login", account) or exhausted(request, "login-address")


def login_failed(request, account: str) -> None:
    _hit(request, "login", account)
    _hit(request, "login-address")


def limit_failed_logins(view):
    """Decorate a login view: only failed attempts count (a redirect means success), so a
    whole office behind one address can log in at shift start, while password guessing
    from one address stops after the limit (429 page until the window passes)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        account = str(request.POST.get("username", ""))[:254]
        if login_refused(request, account):
            return too_many_requests(request)
        response = view(request, *args, **kwargs)
        if response.status_code != 302:
            login_failed(request, account)
        return response

    return wrapped


class CacheRateThrottle(SimpleRateThrottle):
    """DRF's ``SimpleRateThrottle`` counted with one atomic increment per request.

    DRF's own throttle reads a list of timestamps and writes it back, so parallel requests
    all read the same list and all pass. Subclasses set ``scope`` (or ``get_rate``) and
    ``get_cache_key`` as usual. Fails open when the cache is unavailable.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        result = hit(self.key, self.duration)
        if result is None:
            return True
        count, self._seconds_left = result
        return count <= self.num_requests

    def wait(self):
        return getattr(self, "_seconds_left", self.duration)
