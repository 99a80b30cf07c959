"""``core.db.postgresql``: the fast ``timestamptz`` loader reads what Django's reads."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's timestamptz loader"
)

instants = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)


def _read(value, sql="SELECT %s::timestamptz"):
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_backend_registers_the_fast_loader():
    from core.db.postgresql.base import FastTimestamptzLoader

    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, text
    assert issubclass(loader, FastTimestamptzLoader)
    assert loader.timezone == connection.timezone


@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(instants)
def test_any_instant_comes_back_equal_in_the_connection_time_zone(value):
    read = _read(value)
    assert read == value
    assert read.tzinfo is connection.timezone


@pytest.mark.django_db
def test_offsets_of_other_sessions_give_the_same_instant():
    """A session in another zone prints other offsets (even seconds, before 1900): the
    instant is unchanged and still in Django's zone."""
    value = datetime(1890, 6, 1, 12, 0, 30, 123456, tzinfo=UTC)
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Europe/Madrid'")
        try:
            assert _read(value) == value
            assert _read(value).tzinfo is connection.timezone
            later = datetime(2026, 12, 3, 10, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
            assert _read(later) == later
        finally:
            cursor.execute("SET TIME ZONE 'UTC'")


@pytest.mark.django_db
def test_what_python_cannot_hold_fails_as_with_djangos_loader():
    from django.db import DataError

    for text in ("infinity", "-infinity", "0044-03-15 12:00:00+00 BC"):
        with pytest.raises(DataError):
            _read(text)
