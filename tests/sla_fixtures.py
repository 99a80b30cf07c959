"""SLA fixtures shared by the tests of every way in (import them into a test module):
an office calendar (Monday–Friday 08:00–18:00, Europe/Madrid) for area A, a policy for
MEDIA (first response 1 business hour, resolution 8) and a frozen clock."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import BusinessCalendar, WorkingInterval
from tickets.models import SlaPolicy

MADRID = ZoneInfo("Europe/Madrid")


def madrid(*args) -> datetime:
    return datetime(*args, tzinfo=MADRID)


class FrozenClock:
    def __init__(self, monkeypatch, start):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, value):
        self.now = value

    def move(self, delta):
        self.now = self.now + delta


@pytest.fixture
def frozen(monkeypatch):
    """Frozen at Friday 15 May 2026 17:00 in Madrid; ``frozen.set(t)`` / ``.move(delta)``."""
    return FrozenClock(monkeypatch, madrid(2026, 5, 15, 17))


@pytest.fixture
def office_calendar(area_a) -> BusinessCalendar:
    calendar = BusinessCalendar.objects.create(name="Oficina", time_zone="Europe/Madrid")
    WorkingInterval.objects.bulk_create(
        WorkingInterval(calendar=calendar, weekday=day, start=time(8), end=time(18))
        for day in range(5)
    )
    area_a.calendar = calendar
    area_a.save()
    return calendar


@pytest.fixture
def media_policy(priorities) -> SlaPolicy:
    return SlaPolicy.objects.create(
        priority=priorities["MEDIA"], first_response_minutes=60, resolution_hours=8
    )


@pytest.fixture
def sla_desk(office_calendar, media_policy, frozen):
    """Everything at once: calendar on area A, MEDIA policy, clock at Friday 17:00."""
    return frozen
