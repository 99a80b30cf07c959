"""Who sends the outbox rows a change just committed.

Both through ``core.background.enqueue``:

- **With a broker** (``REDIS_URL``): a ``mail.send_delivery`` task per row, published
  through ``core.broker.publish`` (a broker that is down or hung costs the request one
  short, bounded wait: the row is pending and the beat sweep sends it). The task is named,
  not imported: ``mail.tasks`` leads to the inbound code, which queues mail through here.
- **Without a broker** (``make run``, eager Celery): the *in-process background sender*, a
  daemon thread of the web process, sends the rows, retries them with backoff, and every
  ``HELPDESK_MAIL_SWEEP_SECONDS`` sweeps the outbox for rows nobody is sending (left by a
  process that stopped). The request thread never opens an SMTP connection.

``HELPDESK_MAIL_LOCAL_SENDER = "manual"`` (the test settings) keeps the ids in memory until
:func:`run_local_queue` is called, so tests decide when "later" is.
"""

from __future__ import annotations

import atexit
import heapq
import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection

from core import background
from mail import outbox
from mail.models import Delivery

logger = logging.getLogger(__name__)

SEND = "mail.send_delivery"

broker_in_use = background.broker_in_use


def _submit(pk) -> None:
    local_sender().submit([pk])


def enqueue(ids) -> None:
    for pk in ids:  # not queued: the outbox sweep sends it
        background.enqueue(SEND, pk, local=_submit)


def _mode() -> str:
    return getattr(settings, "HELPDESK_MAIL_LOCAL_SENDER", "thread")


class LocalSender:
    """A daemon thread with a schedule of (when, delivery id)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._busy = False
        self._atexit = False

    def submit(self, ids, delay: float = 0.0) -> None:
        when = time.monotonic() + delay
        with self._cond:
            for pk in ids:
                heapq.heappush(self._heap, (when, pk))
            if _mode() == "thread":
                self._start()
            self._cond.notify()

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="mail-sender", daemon=True)
            self._thread.start()
            if not self._atexit:
                atexit.register(self.finish_at_exit)
                self._atexit = True

    def finish_at_exit(self, timeout: float | None = None) -> None:
        """A short-lived process (a management command) ends: let the sender finish what is
        due now instead of dying mid-send. Later retries are left to the next sweep."""
        if timeout is None:
            timeout = 2.0 * float(getattr(settings, "EMAIL_TIMEOUT", 10) or 10) + 5
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._thread is not None and self._thread.is_alive():
            with self._cond:
                due_now = any(when <= time.monotonic() for when, _pk in self._heap)
                if not due_now and not self._busy:
                    return
            time.sleep(0.05)

    def _next_due(self, until: float) -> int | None:
        with self._cond:
            while True:
                now = time.monotonic()
                if self._heap and self._heap[0][0] <= now:
                    self._busy = True
                    return heapq.heappop(self._heap)[1]
                if now >= until or self._stopping:
                    return None
                wait = until - now
                if self._heap:
                    wait = min(wait, self._heap[0][0] - now)
                self._cond.wait(timeout=wait)

    def stop(self) -> None:
        """Let the thread finish (it also stops by itself once the mode is not "thread")."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._thread = None
        self._stopping = False

    def _run(self) -> None:
        sweep_every = float(getattr(settings, "HELPDESK_MAIL_SWEEP_SECONDS", 60))
        next_sweep = time.monotonic()
        while not self._stopping and _mode() == "thread":
            if time.monotonic() >= next_sweep:
                self._sweep()
                next_sweep = time.monotonic() + sweep_every
            pk = self._next_due(next_sweep)
            if pk is not None:
                try:
                    self._send(pk)
                finally:
                    with self._cond:
                        self._busy = False

    def _sweep(self) -> None:
        try:
            close_old_connections()
            ids = outbox.due(grace=1.0)
        except Exception:  # noqa: BLE001 - database down: try again at the next sweep
            logger.warning("outbox sweep failed", exc_info=True)
            return
        finally:
            connection.close()
        with self._cond:
            queued = {pk for _when, pk in self._heap}
            for pk in ids:
                if pk not in queued:
                    heapq.heappush(self._heap, (time.monotonic(), pk))

    def _send(self, pk: int) -> float | None:
        """Deliver one row; on a temporary failure schedule it again. Returns the delay."""
        try:
            close_old_connections()
            outbox.deliver(pk)
        except outbox.TemporaryFailure:
            attempts = _attempts(pk)
            delay = outbox.backoff_seconds(attempts)
            self.submit([pk], delay=delay)
            return delay
        except Exception:  # noqa: BLE001 - never let the sender thread die
            logger.exception("e-mail %s: unexpected error; the sweep retries it", pk)
        finally:
            if threading.current_thread() is self._thread:
                connection.close()
        return None

    def run_queue(self) -> int:
        """Send every row queued so far, in the calling thread (manual mode). Rows that fail
        temporarily are queued again, not retried here. Returns how many were tried."""
        with self._cond:
            ids = [pk for _when, pk in sorted(self._heap)]
            self._heap.clear()
        retry = []
        for pk in ids:
            try:
                outbox.deliver(pk)
            except outbox.TemporaryFailure:
                retry.append(pk)
        if retry:
            self.submit(retry)
        return len(ids)

    def clear(self) -> None:
        with self._cond:
            self._heap.clear()


def _attempts(pk: int) -> int:
    return Delivery.objects.filter(pk=pk).values_list("attempts", flat=True).first() or 1


_sender = LocalSender()


def local_sender() -> LocalSender:
    return _sender


def run_local_queue() -> int:
    """Manual mode: send what the background sender would have sent by now."""
    return _sender.run_queue()
