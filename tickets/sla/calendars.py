"""The calendar and targets of a ticket, read from the database as engine values."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q

from accounts.models import Area, BusinessCalendar, Holiday, WorkingInterval
from tickets.models import Priority, SlaPolicy
from tickets.sla.engine import ALWAYS, Calendar, Targets


def to_engine(row: BusinessCalendar, intervals=None, holidays=None) -> Calendar:
    """A calendar row as an engine value (its intervals and holidays given or prefetched)."""
    intervals = row.intervals.all() if intervals is None else intervals
    holidays = list(row.holidays.all() if holidays is None else holidays)
    week: dict[int, list[tuple[int, int]]] = {}
    for interval in intervals:
        week.setdefault(interval.weekday, []).append(interval.minutes)
    return Calendar.build(
        tz=row.time_zone,
        week=week,
        holidays=[h.date for h in holidays if not h.yearly],
        yearly=[(h.date.month, h.date.day) for h in holidays if h.yearly],
    )


def _rows():
    return BusinessCalendar.objects.prefetch_related("intervals", "holidays")


def load_for_area(area: Area | None) -> tuple[BusinessCalendar | None, Calendar]:
    """The area's own calendar, else the default one, else 24×7 (``None``, ``ALWAYS``).

    A calendar without any working hours counts every hour (docs/sla.md), whether it is
    the area's own or the default: the area's own empty calendar is 24×7, never the
    default one. Two queries."""
    own_id = area.calendar_id if area is not None else None
    wanted = Q(calendar_id=own_id) if own_id else Q(calendar__is_default=True)
    intervals = list(WorkingInterval.objects.filter(wanted).select_related("calendar"))
    if not intervals:
        rows = BusinessCalendar.objects.filter(pk=own_id) if own_id else _default_rows()
        return rows.first(), ALWAYS
    row = intervals[0].calendar
    holidays = Holiday.objects.filter(calendar_id=row.pk)
    return row, to_engine(row, intervals, holidays)


def _default_rows():
    return BusinessCalendar.objects.filter(is_default=True)


def calendar_for_area(area: Area | None) -> Calendar:
    """The area's calendar, else the default one, else 24×7, as an engine value."""
    return load_for_area(area)[1]


CACHE_KEY = "sla:calendars:v1"


class Calendars:
    """Every calendar as an engine value, for reading many tickets at once (the lists,
    the Mesa dashboard, the report): ``for_area(area_calendar_id)`` is the rule of
    ``load_for_area`` without a query. Kept in the cache (``engine_calendars``)."""

    def __init__(self, rows: dict[int, Calendar], default_id: int | None):
        self.rows = rows
        self.default_id = default_id

    def for_calendar(self, calendar_id: int | None) -> Calendar:
        if calendar_id is None:
            calendar_id = self.default_id
        return self.rows.get(calendar_id, ALWAYS)

    def for_area(self, area: Area | None) -> Calendar:
        return self.for_calendar(area.calendar_id if area is not None else None)

    def in_use(self) -> dict[int | None, Calendar]:
        """``{calendar id (None: areas without one): calendar}`` of every calendar."""
        return {None: self.for_calendar(None), **self.rows}

    @classmethod
    def load(cls) -> "Calendars":
        rows = list(_rows())
        default = next((row.pk for row in rows if row.is_default), None)
        return cls({row.pk: to_engine(row) for row in rows}, default)


def engine_calendars() -> Calendars:
    """Every calendar, from the cache (three queries when it is cold: the calendars, their
    hours, their holidays). The
    saves of a calendar, its hours, holidays or an area's calendar forget it
    (``tickets.sla.schedule``)."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = Calendars.load()
        cache.set(CACHE_KEY, found, timeout=3600)
    return found


def forget_calendars() -> None:
    cache.delete(CACHE_KEY)


class CalendarCache:
    """Calendars and targets for many tickets (a batch): each loaded once."""

    def __init__(self):
        self._calendars = Calendars.load()
        self._policies = {(p.priority_id, p.area_id): p for p in SlaPolicy.objects.all()}
        self._area_calendar = dict(Area.objects.values_list("pk", "calendar_id"))

    def calendar(self, area_id) -> Calendar:
        return self._calendars.for_calendar(self._area_calendar.get(area_id))

    def targets(self, priority: Priority, area_id) -> Targets:
        policy = self._policies.get((priority.pk, area_id)) or self._policies.get(
            (priority.pk, None)
        )
        return _targets(priority, policy)


def _targets(priority: Priority, policy: SlaPolicy | None) -> Targets:
    hours = priority.sla_hours
    first = None
    if policy is not None:
        if policy.resolution_hours is not None:
            hours = policy.resolution_hours
        if policy.first_response_minutes is not None:
            first = timedelta(minutes=policy.first_response_minutes)
    return Targets(resolution=timedelta(hours=hours), first_response=first)


def targets_for(priority: Priority, area: Area) -> Targets:
    """The area's policy for the priority, else the priority's general policy, else the
    priority's ``sla_hours`` and no first-response target. One query."""
    policies = list(
        SlaPolicy.objects.filter(Q(area=area) | Q(area__isnull=True), priority=priority)
    )
    policy = next((p for p in policies if p.area_id == area.pk), None) or next(
        (p for p in policies if p.area_id is None), None
    )
    return _targets(priority, policy)
