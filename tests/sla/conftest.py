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


# Calendar, policy and a clock frozen on a Friday afternoon in Madrid (tests/sla_fixtures.py);
# the Spacebring face's authenticated caller, to reply through it.
from tests.api.spacebring.conftest import api_as, issue_client  # noqa: E402, F401
from tests.sla_fixtures import frozen, media_policy, office_calendar, sla_desk  # noqa: E402, F401
