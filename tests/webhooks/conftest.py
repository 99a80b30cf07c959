"""Webhook fixtures: a local receiver, endpoints, and a real Celery worker.

By default these tests run Celery eagerly and allow private addresses (the receiver
listens on 127.0.0.1). ``celery_worker`` starts ``celery -A helpdesk worker`` as a
subprocess against Redis and the test database, on a queue of its own, so workers of
other test runs sharing the Redis server never take its tasks.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from helpdesk.celery import app as celery_app
from tests.webhooks.receiver import Receiver
from webhooks.models import Endpoint, EventType

ALL_EVENTS = list(EventType.values)


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def make_endpoint(network):
    def make(url: str, *, events=None, net=None, **fields) -> Endpoint:
        return Endpoint.objects.create(
            network=net or network,
            name=fields.pop("name", "Integración"),
            url=url,
            event_types=list(ALL_EVENTS if events is None else events),
            **fields,
        )

    return make


@pytest.fixture
def endpoint(make_endpoint, receiver) -> Endpoint:
    return make_endpoint(receiver.url)


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path, queue: str):
        self.process = process
        self.log = log
        self.queue = queue

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth = f"{auth}:{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def _worker_process(django_db_setup, tmp_path_factory):
    """One worker process for the session, on a queue of its own."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL: the worker consumes from a real Redis broker")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker process must reach the test DB")
    queue = f"test-webhooks-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",  # test key, real (non-eager) tasks
        "HELPDESK_WEBHOOKS_ALLOW_PRIVATE": "1",
        "HELPDESK_WEBHOOK_RETRY_BASE": "1",
        "HELPDESK_WEBHOOK_RETRY_MAX": "4",  # a receiver back from an outage hears within 4 s
        "HELPDESK_WEBHOOK_QUEUE": queue,
        "DB_CONN_MAX_AGE": "0",
    }
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "helpdesk", "worker",
        "-Q", queue, "-n", f"{queue}@%h", "--pool=solo", "--concurrency=1",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=django_settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    worker = Worker(process, log, queue)
    deadline = time.monotonic() + 60
    while "ready." not in worker.output():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"celery worker did not start:\n{worker.output()[-3000:]}")
        time.sleep(0.2)
    yield worker
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    _drop_queue(queue)


@pytest.fixture
def celery_worker(_worker_process, transactional_db, settings):
    """The real worker; tests using it are transactional (it reads what they commit) and
    queue their tasks to its queue instead of running them eagerly."""
    settings.HELPDESK_WEBHOOK_QUEUE = _worker_process.queue
    celery_app.conf.task_always_eager = False
    if _worker_process.process.poll() is not None:
        pytest.fail(f"celery worker died:\n{_worker_process.output()[-3000:]}")
    return _worker_process


def _drop_queue(queue: str) -> None:
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete(queue)
    client.close()
