"""The SLA clock, as pure functions: no database, no settings, no ``now``.

A :class:`Calendar` says when the business clock runs: intervals of local wall time per
weekday (several a day), holidays (one date, or a day and month every year) and a zone.
Wall times are turned into instants day by day with ``zoneinfo``, so a day of the change
to or from daylight-saving time counts the hours that really pass (a 00:00–06:00 interval
is 5 h on the spring day in ``Europe/Madrid``, 7 h in the autumn) and 08:00 stays 08:00 on
both sides of it. Arithmetic is on ``timedelta`` (microseconds, exact): adding the business
time measured between two instants lands on the later one.

The walk skips whole weeks (when no holiday and no offset change falls in them) and whole
days; it never steps by minutes. A calendar without any working time counts every hour
(``ALWAYS``), so it can never loop forever.

``recompute`` is the from-scratch rule the services keep incrementally (see docs/sla.md):
the due time of a target is the instant at which the business time elapsed since the
ticket was opened, not counting its pauses, reaches the target.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_MINUTES = 24 * 60
ZERO = timedelta(0)
_MAX_DAYS = 3660  # ten years of walking: a guard, never reached by a sane calendar

Interval = tuple[int, int]  # minutes after local midnight: [start, end), end <= 1440
Pause = tuple[datetime, datetime | None]  # [from, to); ``None``: still paused


def _merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(DAY_MINUTES, e)) for s, e in intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


@dataclass(frozen=True)
class Calendar:
    """When the business clock runs. ``week[0]`` is Monday's intervals, ``week[6]`` Sunday's."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    week: tuple[tuple[Interval, ...], ...] = (((0, DAY_MINUTES),),) * 7
    holidays: frozenset[date] = frozenset()
    yearly: frozenset[tuple[int, int]] = frozenset()  # (month, day)

    @classmethod
    def build(
        cls,
        *,
        tz: str | ZoneInfo = "UTC",
        week: dict[int, Iterable[Interval]] | Sequence[Iterable[Interval]],
        holidays: Iterable[date] = (),
        yearly: Iterable[tuple[int, int]] = (),
    ) -> Calendar:
        zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        days = week if isinstance(week, dict) else dict(enumerate(week))
        merged = tuple(_merge(days.get(i, ())) for i in range(7))
        if not any(merged):  # no working time at all: count every hour
            return cls(tz=zone)
        return cls(tz=zone, week=merged, holidays=frozenset(holidays), yearly=frozenset(yearly))

    @property
    def always(self) -> bool:
        """24×7 without holidays: business time is the time that passes."""
        full = ((0, DAY_MINUTES),)
        return all(day == full for day in self.week) and not self.holidays and not self.yearly

    @property
    def week_minutes(self) -> int:
        return sum(e - s for day in self.week for s, e in day)

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays or (day.month, day.day) in self.yearly

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()

    def at(self, day: date, minute: int) -> datetime:
        """The instant (UTC) of local wall time ``minute`` of ``day`` (1440: next midnight)."""
        if minute >= DAY_MINUTES:
            day, minute = day + timedelta(days=1), 0
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.tz)
        return local.astimezone(UTC)

    def day_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if self.is_holiday(day):
            return []
        spans = [(self.at(day, s), self.at(day, e)) for s, e in self.week[day.weekday()]]
        return [(s, e) for s, e in spans if s < e]

    def _plain_week(self, day: date) -> bool:
        """The seven days from ``day`` hold no holiday and no change of UTC offset, so they
        are worth exactly ``week_minutes``."""
        if any(self.is_holiday(day + timedelta(days=i)) for i in range(7)):
            return False
        later = day + timedelta(days=7)
        offset = datetime.combine(day, time(), tzinfo=self.tz).utcoffset()
        return offset == datetime.combine(later, time(), tzinfo=self.tz).utcoffset()


ALWAYS = Calendar()


def _as_delta(amount: float | int | timedelta) -> timedelta:
    return amount if isinstance(amount, timedelta) else timedelta(seconds=amount)


def add_business_time(
    calendar: Calendar, start: datetime, seconds: float | int | timedelta
) -> datetime:
    """The earliest instant at which ``seconds`` of business time have run since ``start``
    (``start`` itself for zero or less)."""
    remaining = _as_delta(seconds)
    if remaining <= ZERO:
        return start
    if calendar.always:
        return start + remaining
    week = timedelta(minutes=calendar.week_minutes)
    first = calendar.local_date(start)
    day = first
    while (day - first).days <= _MAX_DAYS:
        while day > first and remaining > week and calendar._plain_week(day):
            remaining -= week
            day += timedelta(days=7)
        for s, e in calendar.day_intervals(day):
            if e <= start:
                continue
            s = max(s, start)
            if remaining <= e - s:
                return s + remaining
            remaining -= e - s
        day += timedelta(days=1)
    raise ValueError("the calendar has no working time left within ten years")


def business_time_between(calendar: Calendar, start: datetime, end: datetime) -> timedelta:
    """Business time from ``start`` to ``end`` (negative when ``end`` comes first)."""
    if end < start:
        return -business_time_between(calendar, end, start)
    if calendar.always or end == start:
        return end - start
    week = timedelta(minutes=calendar.week_minutes)
    first, last = calendar.local_date(start), calendar.local_date(end)
    total, day = ZERO, first
    while day <= last:
        if day > first and day + timedelta(days=7) < last and calendar._plain_week(day):
            total += week
            day += timedelta(days=7)
            continue
        for s, e in calendar.day_intervals(day):
            overlap = min(e, end) - max(s, start)
            if overlap > ZERO:
                total += overlap
        day += timedelta(days=1)
    return total


def business_seconds_between(calendar: Calendar, start: datetime, end: datetime) -> float:
    """``business_time_between`` in seconds."""
    return business_time_between(calendar, start, end).total_seconds()


# --- the from-scratch rule ---------------------------------------------------------------


def pauses_from(
    statuses: Iterable[tuple[datetime, str]], paused: str | Collection[str] = "PAUSADO"
) -> list[Pause]:
    """The pauses of a status history (``(when, status)`` oldest first): from each entry
    into ``paused`` (one status or several) to the next entry out of them (``None`` while
    it lasts)."""
    stopping = {paused} if isinstance(paused, str) else set(paused)
    pauses: list[Pause] = []
    start = None
    for when, status in statuses:
        if status in stopping and start is None:
            start = when
        elif status not in stopping and start is not None:
            pauses.append((start, when))
            start = None
    if start is not None:
        pauses.append((start, None))
    return pauses


def due_at(
    calendar: Calendar, created_at: datetime, target: timedelta, pauses: Sequence[Pause]
) -> datetime:
    """When ``target`` of business time has run since ``created_at``, pauses not counted.

    A pause that begins once the target is reached changes nothing (the breach happened);
    while a pause lasts the due time reads as if it ended now, i.e. where it was before."""
    cursor, remaining = created_at, target
    for start, end in pauses:
        start = max(start, cursor)
        available = business_time_between(calendar, cursor, start)
        if available >= remaining:
            return add_business_time(calendar, cursor, remaining)
        remaining -= available
        if end is None:
            return add_business_time(calendar, start, remaining)
        cursor = max(cursor, end)
    return add_business_time(calendar, cursor, remaining)


def paused_time(
    calendar: Calendar, pauses: Sequence[Pause], until: datetime, *, closed_only: bool = False
) -> timedelta:
    """Business time spent paused up to ``until`` (open pauses up to ``until`` too, unless
    ``closed_only``)."""
    total = ZERO
    for start, end in pauses:
        if end is None and closed_only:
            continue
        stop = min(end or until, until)
        if stop > start:
            total += business_time_between(calendar, start, stop)
    return total


@dataclass(frozen=True)
class Targets:
    resolution: timedelta
    first_response: timedelta | None = None


@dataclass(frozen=True)
class DueDates:
    resolution_due_at: datetime
    first_response_due_at: datetime | None
    paused_at: datetime | None  # the open pause's start, if paused now
    paused: timedelta  # business time of the pauses that ended


def recompute(
    calendar: Calendar,
    targets: Targets,
    created_at: datetime,
    pauses: Sequence[Pause],
    *,
    first_responded_at: datetime | None = None,
) -> DueDates:
    """The due dates from scratch. The first-response due stops moving once answered: only
    the pauses that ended by then move it."""
    first_due = None
    if targets.first_response is not None:
        considered = pauses
        if first_responded_at is not None:
            considered = [(s, e) for s, e in pauses if e is not None and e <= first_responded_at]
        first_due = due_at(calendar, created_at, targets.first_response, considered)
    open_pause = pauses[-1][0] if pauses and pauses[-1][1] is None else None
    ended = [(s, e) for s, e in pauses if e is not None]
    return DueDates(
        resolution_due_at=due_at(calendar, created_at, targets.resolution, pauses),
        first_response_due_at=first_due,
        paused_at=open_pause,
        paused=sum((business_time_between(calendar, s, e) for s, e in ended), ZERO),
    )


def resume(
    calendar: Calendar, due: datetime, paused_at: datetime, resumed_at: datetime
) -> datetime:
    """The incremental rule of a resume: a due time still ahead when the pause began moves
    by the business time paused; one already passed stays (the breach happened)."""
    if due <= paused_at:
        return due
    return add_business_time(calendar, resumed_at, business_time_between(calendar, paused_at, due))
