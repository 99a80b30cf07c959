"""The SLA clock: one rule for a ticket (``sla_remaining_hours``) and for filters
(``selectors.sla_breached_q``)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets import selectors
from tickets.models import Ticket

NOW = timezone.now()
H = timedelta(hours=1)

# name -> (status, sla due, resolved at, status updated at, breached?)
CASES = {
    "open_due_later": ("EN_PROCESO", NOW + H, None, NOW - H, False),
    "open_past_due": ("EN_PROCESO", NOW - H, None, NOW - 2 * H, True),
    "solved_in_time": ("RESUELTO", NOW - H, NOW - 2 * H, NOW - 2 * H, False),
    "solved_late": ("RESUELTO", NOW - 2 * H, NOW - H, NOW - H, True),
    "cancelled_in_time_clock_stopped": ("CANCELADO", NOW - H, None, NOW - 2 * H, False),
    "cancelled_late": ("CANCELADO", NOW - 2 * H, None, NOW - H, True),
    "archived_after_solving_in_time": ("ARCHIVADO", NOW - H, NOW - 3 * H, NOW - 2 * H, False),
}


@pytest.fixture
def tickets(make_ticket):
    made = {}
    for name, (status, due, resolved, changed, _) in CASES.items():
        ticket = make_ticket(subject=name)
        Ticket.objects.filter(pk=ticket.pk).update(
            status=status, sla_due_at=due, resolved_at=resolved, status_updated_at=changed
        )
        made[name] = Ticket.objects.get(pk=ticket.pk)
    return made


def test_ticket_and_filter_agree_on_breached_tickets(tickets):
    by_model = {name for name, t in tickets.items() if t.sla_breached(NOW)}
    by_query = set(
        Ticket.objects.filter(selectors.sla_breached_q(NOW)).values_list("subject", flat=True)
    )
    expected = {name for name, case in CASES.items() if case[-1]}
    assert by_model == expected == by_query


def test_remaining_hours_are_negative_once_breached_and_frozen_when_stopped(tickets):
    assert tickets["open_due_later"].sla_remaining_hours(NOW) == pytest.approx(1, abs=0.01)
    assert tickets["open_past_due"].sla_remaining_hours(NOW) == pytest.approx(-1, abs=0.01)
    later = NOW + 10 * H
    cancelled = tickets["cancelled_in_time_clock_stopped"]
    assert cancelled.sla_remaining_hours(later) == cancelled.sla_remaining_hours(NOW) == 1
