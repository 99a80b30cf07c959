"""Bounded waits on PostgreSQL: a server that accepts connections and never answers (hung,
overloaded, a network that drops packets) costs a process a few seconds, then an
``OperationalError`` the faces answer as 503 — never a worker stuck until gunicorn kills it.

psycopg waits for the server in :meth:`psycopg.Connection.wait` (queries, commits) and
while connecting; :class:`BoundedConnection` bounds both:

- **connecting** (the TCP handshake, TLS, authentication): ``connect`` seconds
  (``DB_CONNECT_TIMEOUT``; fractions allowed, unlike libpq's ``connect_timeout``);
- **a query**: ``read`` seconds (the server's ``statement_timeout`` plus a margin, so the
  server's own timeout, which keeps the connection usable, comes first); a connection that
  timed out mid-query is closed, since its state is unknown;
- :func:`within` sets a deadline over everything the thread does with the database for a
  while (``/readyz`` answers within 2 s whatever the other bounds say).

Django's health check of a kept connection (``CONN_HEALTH_CHECKS``) is bounded by the
connect timeout (``DatabaseWrapper.is_usable``), so once the server hangs each new request
fails fast: the check gives up, the reconnect gives up, 503.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import psycopg
from psycopg import errors

_local = threading.local()
# The client waits this much longer than the server's statement_timeout before giving up.
READ_MARGIN = 5.0
_WaitTimeout = getattr(errors, "_WaitTimeout", errors.OperationalError)


@contextmanager
def within(seconds: float):
    """Everything this thread waits on the database for inside the block ends by then."""
    previous = getattr(_local, "deadline", None)
    deadline = time.monotonic() + seconds
    _local.deadline = deadline if previous is None else min(previous, deadline)
    try:
        yield
    finally:
        _local.deadline = previous


@contextmanager
def connecting(seconds: float | None):
    """Bound the connections this thread opens inside the block (``get_new_connection``)."""
    previous = getattr(_local, "connect", None)
    _local.connect = seconds
    try:
        yield
    finally:
        _local.connect = previous


def _limit(seconds: float | None) -> float | None:
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return seconds
    left = max(deadline - time.monotonic(), 0.01)
    return left if seconds is None else min(seconds, left)


def _bounded(gen, seconds: float):
    """Drive psycopg's connection generator, giving up after ``seconds``. psycopg wakes it
    every ``_WAIT_INTERVAL`` (0.1 s) even when the server says nothing."""
    deadline = time.monotonic() + seconds
    try:
        request = next(gen)
        while True:
            ready = yield request
            if time.monotonic() >= deadline:
                gen.close()
                raise errors.ConnectionTimeout(
                    f"the database did not complete the connection within {seconds:g} s"
                )
            request = gen.send(ready)
    except StopIteration as stop:
        return stop.value


class BoundedConnection(psycopg.Connection):
    #: Longest wait for one query's answer (seconds); None: no bound.
    read_timeout: float | None = None

    @classmethod
    def _connect_gen(cls, conninfo: str = ""):
        limit = _limit(getattr(_local, "connect", None))
        if limit is None:
            return (yield from super()._connect_gen(conninfo))
        return (yield from _bounded(super()._connect_gen(conninfo), limit))

    def wait(self, gen, interval=0.1, timeout=None):
        limit = _limit(self.read_timeout)
        if timeout is not None or limit is None:
            return super().wait(gen, interval, timeout)
        try:
            return super().wait(gen, interval, limit)
        except _WaitTimeout:
            self.close()  # mid-query: its state is unknown; Django opens a new one
            raise errors.OperationalError(
                f"the database did not answer within {limit:g} s"
            ) from None

    @contextmanager
    def reading(self, seconds: float | None):
        """Bound this connection's waits to ``seconds`` inside the block."""
        previous = self.read_timeout
        self.read_timeout = seconds
        try:
            yield
        finally:
            self.read_timeout = previous


def bound_waits(database: dict, *, connect: float, statement: float) -> None:
    """Settings: give a PostgreSQL entry of ``DATABASES`` its ``TIMEOUTS`` (read by
    ``DatabaseWrapper``) and, when ``statement`` > 0, the server's ``statement_timeout``
    (a startup option, kept beside the URL's own). 0 means no bound."""
    database["TIMEOUTS"] = {
        "connect": connect or None,
        "read": statement + READ_MARGIN if statement > 0 else None,
    }
    if statement > 0:
        options = database.setdefault("OPTIONS", {})
        own = options.get("options", "")
        options["options"] = f"{own} -c statement_timeout={int(statement * 1000)}".strip()


class Driver:
    """psycopg as Django's backend reaches it (``DatabaseWrapper.Database``: exceptions,
    types, ``connect``), connecting with :class:`BoundedConnection`."""

    def __getattr__(self, name):
        return getattr(psycopg, name)

    @staticmethod
    def connect(*args, **kwargs) -> BoundedConnection:
        return BoundedConnection.connect(*args, **kwargs)
