"""Hand a task to the broker without ever holding the caller on it.

Everything published from a request is already safe in the database (an outbox row, a
webhook delivery, a pending notification) and a beat sweep queues it again, so a broker
that is down (connection refused) or hung (accepts connections, never answers) must cost
the request a short, bounded wait and nothing else. :func:`publish`:

- talks to the broker through its own connections, whose connect and every read give up
  after ``HELPDESK_BROKER_PUBLISH_TIMEOUT`` seconds (``BROKER_PUBLISH_TIMEOUT``, 0.5 s);
  the worker's own connections keep Celery's settings;
- never retries (the sweeps do);
- after a failure stops asking the broker for ``RETRY_SECONDS``: a request that queues
  several tasks, and the requests after it, pay one timeout, not one per task;
- logs one WARNING a minute at most (logger ``core.broker``);
- answers whether the task was queued.
"""

from __future__ import annotations

import logging
import threading
import time

from celery import current_app as app  # the project's Celery app; core imports no app
from django.conf import settings

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
WARNING_INTERVAL = 60.0


def publish_timeout() -> float:
    return float(getattr(settings, "HELPDESK_BROKER_PUBLISH_TIMEOUT", 0.5))


class Publisher:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool = None
        self._pool_key = None
        self._down_until = 0.0
        self._warned_at = -WARNING_INTERVAL
        self._skipped = 0

    def _connections(self):
        """A pool of broker connections with short timeouts (rebuilt if the broker URL or
        the timeout changes, as tests do)."""
        timeout = publish_timeout()
        key = (app.conf.broker_write_url or app.conf.broker_url, timeout)
        with self._lock:
            if self._pool is None or self._pool_key != key:
                options = {
                    **(app.conf.broker_transport_options or {}),
                    "socket_connect_timeout": timeout,
                    "socket_timeout": timeout,
                    "max_retries": 0,
                }
                connection = app.connection_for_write(transport_options=options)
                self._pool = connection.Pool(limit=app.conf.broker_pool_limit or 10)
                self._pool_key = key
            return self._pool

    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, exc: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._down_until = now + RETRY_SECONDS
            warn = now - self._warned_at >= WARNING_INTERVAL
            skipped, self._skipped = self._skipped, 0
            if warn:
                self._warned_at = now
        if warn:
            logger.warning(
                "Broker unavailable, work left for the sweeps (%d more skipped since the last "
                "warning): %s: %s",
                skipped,
                type(exc).__name__,
                exc,
            )

    def publish(self, task, args=(), **options) -> bool:
        if self.is_down():
            with self._lock:
                self._skipped += 1
            return False
        timeout = publish_timeout()
        try:
            with self._connections().acquire(block=True, timeout=timeout) as connection:
                try:
                    task.apply_async(args, connection=connection, retry=False, **options)
                except Exception:
                    connection.collect()  # drop a half-read socket; the pool reconnects
                    raise
        except Exception as exc:  # noqa: BLE001 - the row is safe; a sweep queues it again
            self._failed(exc)
            return False
        return True

    def reset(self) -> None:
        """Forget the last failure and warning (tests)."""
        with self._lock:
            self._down_until = 0.0
            self._warned_at = -WARNING_INTERVAL
            self._skipped = 0


_publisher = Publisher()


def publish(task, args=(), **options) -> bool:
    """Queue ``task`` with ``args`` (and ``apply_async`` options: ``queue``, ``countdown``)
    within the publish timeout; False when the broker is down, hung or was so moments ago."""
    return _publisher.publish(task, args, **options)


def publisher() -> Publisher:
    return _publisher
