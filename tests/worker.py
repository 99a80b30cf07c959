"""A real Celery worker for end-to-end tests: ``celery -A helpdesk worker`` in a subprocess,
against the real Redis (``REDIS_URL``) and the test database (PostgreSQL), sending e-mail to
the session's SMTP sink.

Use the ``celery_worker`` fixture in a ``@pytest.mark.django_db(transaction=True)`` test
(the worker only sees committed rows); it switches the test process from eager tasks to the
broker for the test. Tests that need it are skipped, with the reason, when ``REDIS_URL`` is
unset or the database is SQLite (CI sets both up). Reusable: other apps' worker tests take
the same fixture (and may pass extra environment through ``WORKER_ENV``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Environment every test worker gets on top of the test settings' values; extend it from a
# conftest (before the session's first worker test) for other apps' needs.
WORKER_ENV: dict[str, str] = {
    "EMAIL_TIMEOUT": "2",
    "HELPDESK_MAIL_RETRY_BACKOFF_MAX": "1",
    "HELPDESK_MAIL_MAX_ATTEMPTS": "200",
}


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason``; in CI (``CI`` set), where every server is started, fail."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def worker_skip_reason() -> str | None:
    from django.db import connection

    if not os.environ.get("REDIS_URL"):
        return "needs Redis and a Celery worker: set REDIS_URL (CI does)"
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: the worker process must reach the test database (DATABASE_URL)"
    return None


def _database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, env: dict[str, str]) -> None:
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept for the session
            prefix="celery-worker-", suffix=".log", delete=False
        )
        celery = str(Path(sys.executable).with_name("celery"))
        self.proc = subprocess.Popen(  # noqa: S603
            [
                celery,
                "-A",
                "helpdesk",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"celery worker exited:\n{self.output()}")
            if " ready." in self.output():
                return
            time.sleep(0.2)
        raise RuntimeError(f"celery worker not ready after {timeout}s:\n{self.output()}")

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def worker_env(database_url: str, smtp_sink, queue: str, **extra: str) -> dict[str, str]:
    """The environment of a test worker consuming ``queue`` and mailing ``smtp_sink``."""
    from django.conf import settings

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp_sink.host,
        "EMAIL_PORT": str(smtp_sink.port),
        "HELPDESK_SITE_URL": settings.HELPDESK_SITE_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **WORKER_ENV,
        **extra,
    }


@pytest.fixture
def killable_worker(_celery_worker_process, smtp_sink):
    """``start(**env)`` a second worker of this test's own, on a queue of its own, that the
    test may SIGKILL (the session's worker keeps running); stopped at the end."""
    started: list[Worker] = []

    def start(**extra: str) -> Worker:
        queue = f"helpdesk-kill-{uuid.uuid4().hex[:12]}"
        worker = Worker(worker_env(_database_url(), smtp_sink, queue, **extra))
        worker.queue = queue
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        if worker.proc.poll() is None:
            worker.stop()


@pytest.fixture(scope="session")
def smtp_sink():
    """The session's SMTP sink (``tests.servers.SmtpSink``), answering."""
    from tests.servers import SmtpSink

    sink = SmtpSink().up()
    yield sink
    sink.down()


@pytest.fixture(scope="session")
def _celery_worker_process(django_db_setup, django_db_blocker, smtp_sink):
    from django.db import connection

    with django_db_blocker.unblock():
        reason = worker_skip_reason()
        if reason:
            skip_or_fail(reason)
        database_url = _database_url()
        connection.close()
    # A queue of its own: another test session on this Redis (another checkout's CI) never
    # takes this session's tasks, nor this worker theirs.
    queue = f"helpdesk-test-{uuid.uuid4().hex[:12]}"
    worker = Worker(worker_env(database_url, smtp_sink, queue))
    worker.queue = queue
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def celery_worker(_celery_worker_process, smtp_sink, settings):
    """A running worker; this test publishes tasks to the broker instead of running them
    in-process. The SMTP sink is answering and empty when the test starts."""
    from helpdesk.celery import app

    smtp_sink.up()
    smtp_sink.clear()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    default_queue = app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = _celery_worker_process.queue
    try:
        yield _celery_worker_process
    finally:
        app.conf.task_always_eager = True
        app.conf.task_default_queue = default_queue
        smtp_sink.up()
