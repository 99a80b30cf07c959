"""Auto-close: ``tickets.tasks.autoclose_solved_tickets`` (Celery beat) closes tickets
solved more than ``HELPDESK_AUTOCLOSE_DAYS`` ago, as the system, in the history; never a
ticket the requester reopened (nor one solved again since)."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings

from tickets import services, tasks
from tickets.access import SYSTEM, Requester
from tickets.models import Activity, Status

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LAURA = Requester("laura@example.com")


@pytest.fixture
def clock():
    """A frozen clock: ``clock.set(dt)`` moves it; every ``timezone.now()`` reads it."""

    class Clock:
        now = T0

        def set(self, when):
            self.now = when

        def advance(self, **delta):
            self.now += timedelta(**delta)

    c = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: c.now):
        yield c


@pytest.fixture
def solved(clock, make_ticket, mesa_user):
    ticket = make_ticket()
    clock.advance(hours=2)
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    return ticket


def status(ticket):
    ticket.refresh_from_db()
    return ticket.status


def test_the_task_is_scheduled_by_celery_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["tickets-autoclose-solved"]
    assert entry["task"] == tasks.autoclose_solved_tickets.name
    assert settings.HELPDESK_AUTOCLOSE_DAYS == 7


def test_a_solved_ticket_closes_after_n_days_and_not_before(clock, solved, settings):
    settings.HELPDESK_AUTOCLOSE_DAYS = 7
    solved_at = clock.now
    clock.set(solved_at + timedelta(days=7) - timedelta(minutes=1))
    assert tasks.autoclose_solved_tickets() == 0
    assert status(solved) == Status.RESUELTO

    clock.set(solved_at + timedelta(days=7, minutes=1))
    assert tasks.autoclose_solved_tickets() == 1
    assert status(solved) == Status.CERRADO
    entry = Activity.objects.filter(ticket=solved).last()
    assert entry.type == "statusUpdated" and entry.public and entry.actor is None
    assert entry.created_at == clock.now
    assert entry.actor_snapshot["rol"] == "SISTEMA"
    assert entry.data["status"] == Status.CERRADO and entry.data["autoClosed"] is True
    assert entry.data["previousAttributes"] == {"status": Status.RESUELTO}

    assert tasks.autoclose_solved_tickets() == 0  # idempotent
    assert Activity.objects.filter(ticket=solved).count() == 3


def test_the_number_of_days_is_a_setting(clock, solved, settings):
    settings.HELPDESK_AUTOCLOSE_DAYS = 2
    clock.advance(days=2, seconds=1)
    assert tasks.autoclose_solved_tickets() == 1


def test_a_reopened_ticket_is_never_auto_closed(clock, solved):
    clock.advance(days=1)
    services.ticket_requester_reopen(actor=LAURA, ticket=solved, reason="Sigue fallando")
    clock.advance(days=30)
    assert tasks.autoclose_solved_tickets() == 0
    assert status(solved) == Status.EN_PROCESO


def test_a_ticket_solved_again_counts_from_the_last_solve(clock, solved, mesa_user):
    clock.advance(days=3)
    services.ticket_requester_reply(actor=LAURA, ticket=solved, text="No, sigue igual")
    clock.advance(days=1)
    services.ticket_change_status(actor=mesa_user, ticket=solved, status="RESUELTO")
    second_solve = clock.now
    clock.set(second_solve + timedelta(days=6))  # 10 days after the first solve
    assert tasks.autoclose_solved_tickets() == 0
    clock.set(second_solve + timedelta(days=7, seconds=1))
    assert tasks.autoclose_solved_tickets() == 1


def test_a_ticket_reopened_after_being_picked_is_left_alone(clock, solved):
    cutoff = clock.now + timedelta(days=1)
    clock.advance(days=8)
    services.ticket_requester_reopen(actor=LAURA, ticket=solved, reason="Sigue fallando")
    # The task had picked it before the reopen; under the row lock it sees the change.
    assert services.ticket_autoclose(actor=SYSTEM, ticket=solved.pk, solved_before=cutoff) is None
    assert status(solved) == Status.EN_PROCESO


def test_confirmed_and_open_tickets_are_not_touched(clock, solved, make_ticket):
    open_one = make_ticket()
    services.ticket_requester_confirm(actor=LAURA, ticket=solved)
    clock.advance(days=60)
    assert tasks.autoclose_solved_tickets() == 0
    assert status(open_one) == Status.NUEVO
    assert Activity.objects.filter(actor_snapshot__rol="SISTEMA").count() == 0


def test_many_solved_tickets_close_in_batches(clock, make_ticket, mesa_user, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH", 2)
    tickets = [make_ticket() for _ in range(5)]
    for t in tickets:
        services.ticket_change_status(actor=mesa_user, ticket=t, status="RESUELTO")
    clock.advance(days=8)
    assert tasks.autoclose_solved_tickets() == 5
    assert {status(t) for t in tickets} == {Status.CERRADO}


def test_the_celery_app_discovers_the_task_and_runs_it(clock, solved, settings):
    from helpdesk.celery import app

    app.loader.import_default_modules()
    assert "tickets.tasks.autoclose_solved_tickets" in app.tasks
    clock.advance(days=8)
    assert app.tasks["tickets.tasks.autoclose_solved_tickets"].apply().get() == 1
    assert status(solved) == Status.CERRADO
