"""Property: whatever the sequence of pauses, resumes, priority and area changes, replies
and solutions, the SLA columns the services kept step by step equal a from-scratch
recomputation from the ticket's history (``tickets.sla.clock.recompute_from_history``)."""

import contextlib
from datetime import time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import BusinessCalendar, WorkingInterval
from tests.sla_fixtures import madrid
from tickets import services
from tickets.errors import DomainError
from tickets.models import Ticket
from tickets.sla import clock as sla_clock
from tickets.sla.calendars import calendar_for_area, targets_for

pytestmark = pytest.mark.django_db

OPERATIONS = ["pause", "resume", "reclassify", "transfer", "reply", "solve"]
STARTS = [
    madrid(2026, 5, 15, 17),  # a Friday afternoon
    madrid(2026, 3, 27, 16, 45),  # the Friday before the spring DST change
    madrid(2026, 10, 23, 12),  # the Friday before the autumn change
]
steps = st.lists(
    st.tuples(
        st.sampled_from(OPERATIONS),
        st.integers(min_value=1, max_value=4 * 24 * 60),  # minutes until the operation
        st.sampled_from(["URGENTE", "ALTA", "MEDIA", "BAJA"]),
    ),
    max_size=12,
)


@pytest.fixture
def shop_calendar(area_b):
    """Area B: Tuesday–Saturday 10:00–14:00 and 16:00–20:00 in Bogotá."""
    calendar = BusinessCalendar.objects.create(name="Tienda", time_zone="America/Bogota")
    WorkingInterval.objects.bulk_create(
        WorkingInterval(calendar=calendar, weekday=day, start=time(start), end=time(end))
        for day in range(1, 6)
        for start, end in ((10, 14), (16, 20))
    )
    area_b.calendar = calendar
    area_b.save()
    return calendar


def run(operation: str, ticket, users, priority, areas):
    mesa = users["mesa"]
    if operation == "pause":
        services.ticket_pause(actor=mesa, ticket=ticket, reason="Esperando")
    elif operation == "resume":
        services.ticket_reopen(actor=mesa, ticket=ticket)
    elif operation == "reclassify":
        services.ticket_reclassify(actor=mesa, ticket=ticket, priority=priority)
    elif operation == "transfer":
        current = Ticket.objects.get(pk=ticket.pk).area_id
        target = areas[1] if current == areas[0].pk else areas[0]
        services.ticket_transfer(actor=mesa, ticket=ticket, area=target)
    elif operation == "reply":
        services.ticket_comment(actor=mesa, ticket=ticket, text="Respuesta")
    elif operation == "solve":
        services.ticket_change_status(actor=mesa, ticket=ticket, status="RESUELTO")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.sampled_from(STARTS), sequence=steps)
def test_stored_due_dates_equal_a_recomputation_from_the_history(
    start, sequence, sla_desk, shop_calendar, make_ticket, users, area_a, area_b
):
    sla_desk.set(start)
    ticket = make_ticket()
    for operation, minutes, priority in sequence:
        sla_desk.move(timedelta(minutes=minutes))
        with contextlib.suppress(DomainError):  # not allowed from the status: no change
            run(operation, ticket, users, priority, (area_a, area_b))
    stored = Ticket.objects.select_related("priority", "area").get(pk=ticket.pk)
    fresh = Ticket.objects.select_related("priority", "area").get(pk=ticket.pk)
    sla_clock.recompute_from_history(
        fresh, calendar_for_area(fresh.area), targets_for(fresh.priority, fresh.area)
    )
    assert {f: getattr(stored, f) for f in sla_clock.SLA_FIELDS} == {
        f: getattr(fresh, f) for f in sla_clock.SLA_FIELDS
    }
