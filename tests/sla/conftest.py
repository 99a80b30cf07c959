"""A frozen clock for SLA tests: ``clock.set(t)`` / ``clock.move(delta)`` freezes
``django.utils.timezone.now`` (what the services, the task and the pages read)."""

from datetime import timedelta

import pytest
from django.utils import timezone


class FrozenClock:
    def __init__(self, monkeypatch, start):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, value):
        self.now = value

    def move(self, delta: timedelta):
        self.now = self.now + delta


@pytest.fixture
def clock(monkeypatch):
    return FrozenClock(monkeypatch, timezone.now().replace(microsecond=0))
