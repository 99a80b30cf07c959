"""The shared cache (Redis) is safe to lose: short timeouts, fail open, one warning a minute.

What lives in the cache can be lost without harm: throttle counters and the dashboard's
chart data. So when Redis is down (a closed port) or hung (a server that accepts and never
answers), ``ResilientRedisCache``:

- gives up after ``REDIS_SOCKET_TIMEOUT`` / ``REDIS_CONNECT_TIMEOUT`` seconds (settings);
- answers as a cache that holds nothing (``get`` → default, ``add`` → False, writes dropped),
  so throttles let the request through and charts are computed;
- stops asking Redis for ``RETRY_SECONDS`` after a failure (one slow request per process
  every few seconds, not one per cache call);
- logs one WARNING a minute at most (logger ``core.cache``).

``available()`` answers whether Redis answers right now (``/readyz``). Sessions never live
in the cache (``SESSION_ENGINE`` is the database).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
WARNING_INTERVAL = 60.0
_UNAVAILABLE = object()


def redis_cache_config(url: str, *, prefix: str, connect_timeout: float, timeout: float) -> dict:
    """The ``CACHES["default"]`` entry for Redis at ``url`` (settings and tests use it)."""
    return {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            # Passed to redis-py's connection pool: no call waits longer than this.
            "socket_connect_timeout": connect_timeout,
            "socket_timeout": timeout,
        },
    }


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._warned_at = -WARNING_INTERVAL
        self._state_lock = threading.Lock()

    # --- health ---------------------------------------------------------------------
    def _is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, exc: Exception) -> None:
        now = time.monotonic()
        with self._state_lock:
            self._down_until = now + RETRY_SECONDS
            warn = now - self._warned_at >= WARNING_INTERVAL
            if warn:
                self._warned_at = now
        if warn:
            logger.warning(
                "Cache (Redis) unavailable, serving without it (throttles open, charts "
                "computed): %s: %s",
                type(exc).__name__,
                exc,
            )

    def _guarded(self, call, fallback):
        if self._is_down():
            return fallback
        try:
            return call()
        except RedisError as exc:
            self._failed(exc)
            return fallback

    def available(self) -> bool:
        """Whether Redis answers a PING now (False at once while it is known to be down)."""
        if self._is_down():
            return False
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError as exc:
            self._failed(exc)
            return False

    # --- counters -------------------------------------------------------------------
    def hit(self, key: str, window: int) -> tuple[int, int] | None:
        """Count one hit in ``key``'s window atomically: (count, seconds left), or None if
        Redis is unavailable. The window starts with its first hit (``SET NX EX``), and the
        increment runs in the same MULTI, so two app servers never both read a stale count."""
        redis_key = self.make_and_validate_key(key)

        def call():
            pipe = self._cache.get_client(redis_key, write=True).pipeline(transaction=True)
            pipe.set(redis_key, 0, ex=int(window), nx=True)
            pipe.incr(redis_key)
            pipe.ttl(redis_key)
            _, count, ttl = pipe.execute()
            return int(count), max(int(ttl), 1)

        return self._guarded(call, None)

    # --- the cache API, failing open --------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().add
        return self._guarded(lambda: parent(key, value, timeout, version), False)

    def get(self, key, default=None, version=None):
        parent = super().get
        return self._guarded(lambda: parent(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set
        self._guarded(lambda: parent(key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().touch
        return self._guarded(lambda: parent(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super().delete
        return self._guarded(lambda: parent(key, version), False)

    def get_many(self, keys, version=None):
        parent = super().get_many
        return self._guarded(lambda: parent(keys, version), {})

    def has_key(self, key, version=None):
        parent = super().has_key
        return self._guarded(lambda: parent(key, version), False)

    def incr(self, key, delta=1, version=None):
        # Unavailable reads as "no such key", which every caller of incr already handles.
        parent = super().incr
        result = self._guarded(lambda: parent(key, delta, version), _UNAVAILABLE)
        if result is _UNAVAILABLE:
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super().set_many
        return self._guarded(lambda: parent(data, timeout, version), list(data))

    def delete_many(self, keys, version=None):
        parent = super().delete_many
        self._guarded(lambda: parent(keys, version), None)

    def clear(self):
        parent = super().clear
        return self._guarded(parent, False)
