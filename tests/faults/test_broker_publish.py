"""``core.broker.publish`` against real failing brokers on loopback (a closed port, a
server that accepts and never answers): it gives up within ``BROKER_PUBLISH_TIMEOUT``, then
skips the broker for a few seconds, and says so once; against the real Redis it queues."""

import logging
import os
import time

import pytest
from kombu import Connection

from core import broker
from helpdesk.celery import app
from mail.tasks import send_delivery
from tests.faults.servers import fault

KINDS = ["closed", "silent"]


@pytest.fixture
def broker_at(monkeypatch, settings):
    """Point the app's broker at ``url`` (publishing through it, not eagerly)."""

    def point(url: str):
        settings.HELPDESK_BROKER_PUBLISH_TIMEOUT = 0.3
        monkeypatch.setattr(app.conf, "broker_url", url)
        monkeypatch.setattr(app.conf, "broker_write_url", url)
        monkeypatch.setattr(app.conf, "task_always_eager", False)

    return point


@pytest.mark.parametrize("kind", KINDS)
def test_a_broken_broker_costs_one_short_wait_then_is_skipped(broker_at, kind, caplog):
    with fault(kind) as port, caplog.at_level(logging.WARNING, logger="core.broker"):
        broker_at(f"redis://127.0.0.1:{port}/0")
        started = time.monotonic()
        assert broker.publish(send_delivery, (1,)) is False
        first = time.monotonic() - started
        started = time.monotonic()
        assert all(broker.publish(send_delivery, (pk,)) is False for pk in range(2, 12))
        then = time.monotonic() - started
    assert first < 1.0, first  # the connect and one reply, each bounded by 0.3 s
    assert then < 0.05, then  # ten more publishes: the broker is skipped, not asked
    warnings = [r for r in caplog.records if r.name == "core.broker"]
    assert len(warnings) == 1 and "Broker unavailable" in warnings[0].getMessage()


def test_the_broker_is_asked_again_after_the_pause(broker_at, monkeypatch):
    monkeypatch.setattr(broker, "RETRY_SECONDS", 0.5)
    with fault("silent") as port:
        broker_at(f"redis://127.0.0.1:{port}/0")
        assert broker.publish(send_delivery, (1,)) is False
        assert broker.publisher().is_down()
        time.sleep(0.6)
        assert not broker.publisher().is_down()
        started = time.monotonic()
        assert broker.publish(send_delivery, (2,)) is False
        assert time.monotonic() - started >= 0.25  # it asked (and waited on) the broker again


def test_a_working_broker_gets_the_message(broker_at):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis: set REDIS_URL (CI does)")
    queue = f"broker-publish-test-{os.getpid()}"
    broker_at(url)
    assert broker.publish(send_delivery, (42,), queue=queue) is True
    with Connection(url) as conn:
        simple = conn.SimpleQueue(queue)
        try:
            message = simple.get(timeout=5)
            assert message.headers["task"] == "mail.send_delivery"
            assert message.headers["argsrepr"] == "(42,)"
            message.ack()
        finally:
            simple.clear()
            simple.close()
