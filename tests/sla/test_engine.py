"""The SLA engine's calendar arithmetic (pure functions, no database)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tickets.sla.engine import (
    ALWAYS,
    Calendar,
    Targets,
    add_business_time,
    business_seconds_between,
    business_time_between,
    due_at,
    pauses_from,
    recompute,
    resume,
)

MADRID = ZoneInfo("Europe/Madrid")
H = 3600


def office(tz=MADRID, **kwargs) -> Calendar:
    """Monday–Friday 08:00–18:00."""
    return Calendar.build(tz=tz, week={d: [(8 * 60, 18 * 60)] for d in range(5)}, **kwargs)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=MADRID)


def test_friday_1700_plus_8_business_hours_is_monday_1500():
    assert add_business_time(office(), local(2026, 5, 15, 17), 8 * H) == local(2026, 5, 18, 15)


def test_a_holiday_on_that_monday_moves_it_to_tuesday_1500():
    calendar = office(holidays=[date(2026, 5, 18)])
    assert add_business_time(calendar, local(2026, 5, 15, 17), 8 * H) == local(2026, 5, 19, 15)


def test_a_yearly_holiday_recurs_every_year():
    calendar = office(yearly=[(12, 25)])
    start = local(2028, 12, 22, 17)  # Friday; Monday 25 is Christmas
    assert add_business_time(calendar, start, 8 * H) == local(2028, 12, 26, 15)


def test_a_3_hour_pause_in_business_time_moves_the_due_time_3_business_hours():
    calendar = office()
    due = add_business_time(calendar, local(2026, 5, 15, 17), 8 * H)  # Monday 15:00
    moved = resume(calendar, due, local(2026, 5, 18, 9), local(2026, 5, 18, 12))
    assert moved == local(2026, 5, 18, 18)  # Monday 15:00 + 3 business hours


def test_a_pause_outside_business_hours_moves_nothing():
    calendar = office()
    due = local(2026, 5, 18, 15)
    assert resume(calendar, due, local(2026, 5, 16, 10), local(2026, 5, 17, 20)) == due


def test_a_pause_begun_after_the_due_time_does_not_undo_the_breach():
    due = local(2026, 5, 18, 15)
    assert resume(office(), due, local(2026, 5, 18, 16), local(2026, 5, 20, 9)) == due


def test_madrid_office_hours_keep_their_wall_clock_across_the_spring_change():
    # Friday 27 March 2026 17:00 CET; clocks go forward on Sunday 29 March.
    due = add_business_time(office(), local(2026, 3, 27, 17), 8 * H)
    assert due == local(2026, 3, 30, 15)
    assert due.astimezone(MADRID).utcoffset() == timedelta(hours=2)  # CEST now
    assert business_seconds_between(office(), local(2026, 3, 27, 17), due) == 8 * H


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 29), 5), (date(2026, 10, 25), 7), (date(2026, 6, 7), 6)],
)
def test_a_night_interval_counts_the_hours_that_really_pass_on_a_dst_change(day, hours):
    night = Calendar.build(tz=MADRID, week={6: [(0, 6 * 60)]})  # Sundays 00:00–06:00
    start = datetime.combine(day, datetime.min.time(), tzinfo=MADRID)
    assert business_seconds_between(night, start, start + timedelta(days=1)) == hours * H


def test_24x7_in_madrid_is_plain_elapsed_time_across_the_change():
    always = Calendar.build(tz=MADRID, week={d: [(0, 1440)] for d in range(7)})
    start = local(2026, 3, 28, 20)
    assert add_business_time(always, start, 24 * H) == start + timedelta(hours=24)
    assert add_business_time(ALWAYS, start, 5) == start + timedelta(seconds=5)


def test_several_intervals_a_day_are_walked_in_order():
    split = Calendar.build(tz="UTC", week={0: [(13 * 60, 17 * 60), (8 * 60, 12 * 60)]})
    monday = datetime(2026, 5, 18, 7, tzinfo=UTC)
    assert add_business_time(split, monday, 5 * H) == datetime(2026, 5, 18, 14, tzinfo=UTC)
    assert business_seconds_between(split, monday, monday + timedelta(days=1)) == 8 * H


def test_zero_or_negative_amounts_return_the_start_and_reversed_spans_are_negative():
    start = local(2026, 5, 18, 10)
    assert add_business_time(office(), start, 0) == start
    assert business_seconds_between(office(), local(2026, 5, 18, 12), start) == -2 * H


def test_a_calendar_without_working_hours_counts_every_hour():
    empty = Calendar.build(tz=MADRID, week={})
    assert empty.always
    start = local(2026, 5, 18, 10)
    assert add_business_time(empty, start, H) == start + timedelta(hours=1)


def test_long_targets_skip_weeks_and_land_where_walking_day_by_day_would():
    calendar = office(holidays=[date(2026, 8, 15), date(2026, 12, 8)])
    start = local(2026, 1, 5, 9, 30)
    for hours in (50, 400, 1999):
        due = add_business_time(calendar, start, hours * H)
        assert business_time_between(calendar, start, due) == timedelta(hours=hours)
        assert due.astimezone(MADRID).hour in range(8, 19)
    # one year of Monday–Friday 10 h days, less the holidays on weekdays
    year = business_seconds_between(calendar, local(2026, 1, 1), local(2027, 1, 1))
    weekdays = sum(1 for d in range(365) if (date(2026, 1, 1) + timedelta(days=d)).weekday() < 5)
    assert year == (weekdays - 1) * 10 * H  # 15 Aug 2026 is a Saturday, 8 Dec a Tuesday


def test_pauses_come_from_the_status_history():
    t = [local(2026, 5, 18, h) for h in range(8, 14)]
    history = [(t[0], "NUEVO"), (t[1], "PAUSADO"), (t[2], "EN_PROCESO"), (t[3], "PAUSADO")]
    assert pauses_from(history) == [(t[1], t[2]), (t[3], None)]


def test_recompute_from_scratch_matches_resuming_step_by_step():
    calendar = office()
    created = local(2026, 5, 15, 17)
    targets = Targets(resolution=timedelta(hours=8), first_response=timedelta(hours=1))
    paused = [(local(2026, 5, 18, 9), local(2026, 5, 18, 12))]
    dates = recompute(calendar, targets, created, paused)
    assert dates.resolution_due_at == local(2026, 5, 18, 18)
    assert dates.first_response_due_at == local(2026, 5, 15, 18)  # due before the pause
    assert dates.paused == timedelta(hours=3) and dates.paused_at is None
    still = recompute(calendar, targets, created, [(local(2026, 5, 18, 9), None)])
    assert still.resolution_due_at == local(2026, 5, 18, 15)  # frozen where it was
    assert still.paused_at == local(2026, 5, 18, 9)


def test_the_first_response_due_stops_moving_once_answered():
    calendar = office()
    created = local(2026, 5, 18, 8)
    pause = [(local(2026, 5, 18, 8, 30), local(2026, 5, 18, 10))]
    first = timedelta(hours=1)
    assert due_at(calendar, created, first, pause) == local(2026, 5, 18, 10, 30)
    answered = recompute(
        calendar,
        Targets(resolution=timedelta(hours=8), first_response=first),
        created,
        pause,
        first_responded_at=local(2026, 5, 18, 9),  # answered during the pause
    )
    assert answered.first_response_due_at == local(2026, 5, 18, 9)
