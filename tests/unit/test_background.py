"""The one "broker or in-process" runner (``core.background``) and the one keyset pager's
token codecs (``core.keyset``)."""

import threading
import uuid
from datetime import UTC, datetime

import pytest
from celery import current_app

from api_spacebring.pagination import PAGE_TOKEN
from core import background, keyset
from tickets.errors import ValidationFailed


@pytest.fixture
def published(monkeypatch):
    sent = []
    monkeypatch.setattr(
        background.broker, "publish", lambda task, args, **kw: sent.append((task, args, kw)) or True
    )
    return sent


def test_without_a_broker_the_local_hand_off_runs_and_nothing_is_published(published):
    assert not background.broker_in_use()  # the test settings: eager Celery
    got = []
    assert background.enqueue("webhooks.deliver", "x", countdown=5, local=got.append)
    assert got == ["x"] and published == []


def test_without_a_broker_the_task_runs_once_in_a_daemon_thread(monkeypatch, published):
    ran = threading.Event()
    seen = {}

    class Task:
        name = "fake"

        def apply(self, args, kwargs, throw):
            seen.update(args=args, thread=threading.current_thread(), throw=throw)
            ran.set()

    background.enqueue(Task(), 1, 2)
    assert ran.wait(5)
    assert seen["args"] == (1, 2) and seen["throw"] is True
    assert seen["thread"] is not threading.main_thread() and seen["thread"].daemon
    assert published == []


def test_with_a_broker_the_task_is_published_by_name_with_its_options(monkeypatch, published):
    monkeypatch.setattr(current_app.conf, "task_always_eager", False)
    assert background.enqueue("webhooks.deliver", "x", queue="q", countdown=3)
    [(task, args, options)] = published
    assert task.name == "webhooks.deliver" and args == ("x",)
    assert options == {"queue": "q", "countdown": 3}


def test_the_default_token_belongs_to_its_ordering():
    ordering = ["-created_at", "-id"]
    values = [datetime(2026, 5, 1, 10, tzinfo=UTC), 7]
    token = keyset.OPAQUE.encode(values, ordering)
    assert keyset.OPAQUE.decode(token, ordering) == values
    assert keyset.OPAQUE.decode(token, ["-updated_at", "-id"]) is None  # another list's
    assert keyset.decode("%%%", ordering) is None  # malformed: the first page


def test_spacebring_page_token_keeps_its_format():
    created, pk = datetime(2026, 5, 1, 10, 3, 4, 123456, tzinfo=UTC), uuid.uuid4()
    token = PAGE_TOKEN.encode([created, pk], ["-created_at", "-id"])
    assert token == keyset.b64_json([created.isoformat(), str(pk)])
    assert keyset.from_b64_json(token) == ["2026-05-01T10:03:04.123456+00:00", str(pk)]
    assert PAGE_TOKEN.decode(token, []) == [created, pk]
    with pytest.raises(ValidationFailed):
        PAGE_TOKEN.decode("W10", [])  # "[]"
