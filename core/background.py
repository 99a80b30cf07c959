"""Run a task later without ever holding the caller: the one "broker or in-process" runner.

:func:`enqueue` (``task, *args``; ``queue``/``countdown`` for the broker; ``local``):

- **With a broker** (``REDIS_URL`` / ``CELERY_BROKER_URL``: Celery is not eager) the task is
  published through :func:`core.broker.publish`: one bounded wait (``BROKER_PUBLISH_TIMEOUT``),
  no retry, a WARNING a minute at most. Not queued is not lost: the work is already a row in
  the database and the task's beat sweep queues it again (``mail.sweep_outbox``,
  ``webhooks.retry_due``, ``send_pending_digests``).
- **Without one** (``make run``, SQLite, eager Celery) the work stays in this process and
  off the caller's thread: by default one run of the task in a daemon thread
  (:func:`run_in_thread`: ``Task.apply``, so a task that retries through Celery makes one
  attempt; its database connection is closed when it ends); or ``local(*args)``, the
  caller's own hand-off, which must return at once (the mail sender's queue, or nothing
  when a sweep sends the work).

``task`` is a Celery task or its registered name. A name keeps the caller from importing
the module that defines the task, which usually imports the caller back (the delivery task
queues the next delivery). At most once in effect is each task's business: every one claims
its row before acting, so a task queued twice (by the caller and by a sweep) acts once.

The Celery app is ``celery.current_app`` (the project's, ``helpdesk.celery``): ``core``
imports no app and not the project.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from celery import current_app
from django.db import connection

from core import broker

logger = logging.getLogger(__name__)


def broker_in_use() -> bool:
    """True with a broker; False when tasks run in this process (eager Celery)."""
    return not current_app.conf.task_always_eager


def task_named(task):
    """The Celery task ``task`` names (a task is returned as is)."""
    if not isinstance(task, str):
        return task
    tasks = current_app.tasks
    if task not in tasks:
        # Apps that queue a task by name import its module in their ``ready()``; this
        # (every app's ``tasks``, slow) is only the safety net of a process that did not.
        current_app.loader.import_default_modules()
    return tasks[task]


def _run(task, args, kwargs) -> None:
    try:
        task.apply(args, kwargs, throw=True)
    except Exception:  # noqa: BLE001 - a background thread has no caller to tell
        logger.exception("background task %s failed", task.name)
    finally:
        connection.close()


def run_in_thread(task, *args, **kwargs) -> None:
    """One eager run of ``task`` in a daemon thread of this process."""
    task = task_named(task)
    threading.Thread(
        target=_run, args=(task, args, kwargs), name=f"task-{task.name}", daemon=True
    ).start()


def enqueue(
    task,
    *args,
    queue: str | None = None,
    countdown: float | None = None,
    local: Callable | None = None,
) -> bool:
    """Hand ``task(*args)`` over and return at once: published to the broker, else ``local``
    (``*args``) or a background thread. False when the broker did not take it (the sweep
    will); never raises for the hand-off."""
    if not broker_in_use():
        if local is not None:
            local(*args)
        else:
            run_in_thread(task, *args)
        return True
    options = {k: v for k, v in (("queue", queue), ("countdown", countdown)) if v is not None}
    return broker.publish(task_named(task), args, **options)
