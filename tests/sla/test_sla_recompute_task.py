"""A calendar, policy or priority change recomputes the open tickets, in the background."""

from datetime import date

import pytest
from django.db import transaction

from accounts.models import Holiday
from tests.sla_fixtures import madrid
from tickets import services
from tickets.models import SlaPolicy, Ticket
from tickets.sla import schedule
from tickets.tasks import sla_recompute_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """What would be queued after the commit (scopes), instead of running it. Ask for it
    first: fixtures that save calendars queue too."""
    calls = []
    monkeypatch.setattr(schedule, "enqueue", calls.append)
    return calls


def due(ticket):
    return Ticket.objects.get(pk=ticket.pk).sla_due_at


@pytest.mark.django_db(transaction=True)
def test_a_holiday_added_moves_open_tickets_only(
    queued, sla_desk, office_calendar, make_ticket, users
):
    open_ticket, solved = make_ticket(), make_ticket()
    services.ticket_change_status(actor=users["mesa"], ticket=solved, status="RESUELTO")
    solved_due = due(solved)
    assert due(open_ticket) == madrid(2026, 5, 18, 15)
    queued.clear()
    Holiday.objects.create(calendar=office_calendar, date=date(2026, 5, 18))  # commits
    assert queued == [[office_calendar.areas.get().pk]]
    assert sla_recompute_open(*queued) == 1
    assert due(open_ticket) == madrid(2026, 5, 19, 15)
    assert due(solved) == solved_due


@pytest.mark.django_db(transaction=True)
def test_one_recomputation_is_queued_per_transaction_and_scope(
    queued, sla_desk, office_calendar, media_policy, area_a
):
    queued.clear()
    with transaction.atomic():  # as the admin saves a calendar with its inlines
        for day in (1, 2, 3):
            Holiday.objects.create(calendar=office_calendar, date=date(2026, 6, day))
        office_calendar.save()
    assert queued == [[area_a.pk]]  # the areas of that calendar
    queued.clear()
    with transaction.atomic():
        media_policy.resolution_hours = 4
        media_policy.save()
        Holiday.objects.create(calendar=office_calendar, date=date(2026, 6, 4))
    assert queued == [None]  # a policy for every area: that covers the calendar's too


def test_a_policy_change_recomputes_targets_and_due_dates(sla_desk, make_ticket, media_policy):
    ticket = make_ticket()
    SlaPolicy.objects.filter(pk=media_policy.pk).update(resolution_hours=2)
    sla_recompute_open(None)
    changed = Ticket.objects.get(pk=ticket.pk)
    assert changed.sla_hours == 2 and changed.sla_due_at == madrid(2026, 5, 18, 9)


def test_the_task_walks_every_batch(sla_desk, make_ticket, media_policy, monkeypatch):
    import tickets.tasks

    monkeypatch.setattr(tickets.tasks, "RECOMPUTE_BATCH", 2)
    tickets_ = [make_ticket() for _ in range(5)]
    SlaPolicy.objects.filter(pk=media_policy.pk).update(resolution_hours=2)
    assert sla_recompute_open(None) == 5
    assert {due(t) for t in tickets_} == {madrid(2026, 5, 18, 9)}
    assert sla_recompute_open(None) == 0  # idempotent


def test_without_a_broker_it_runs_in_a_background_thread(monkeypatch, settings):
    started = []
    monkeypatch.setattr(schedule, "run_in_background", started.append)
    schedule.enqueue([1])
    assert started == [[1]]
