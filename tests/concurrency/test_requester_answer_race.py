"""A solved ticket answered at once by "yes, solved", "still fails", a reply and the
auto-close task: the row lock lets exactly one of them move it out of RESUELTO; the others
see the new status and change nothing."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection, connections
from django.utils import timezone

from accounts.models import Area, Location, Network, Role, User
from tickets import services
from tickets.access import SYSTEM, Requester
from tickets.errors import InvalidTransition
from tickets.models import Activity, Priority, Status


@pytest.mark.django_db(transaction=True)
def test_only_one_answer_moves_a_solved_ticket():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    network = Network.objects.create(name="Red")
    Location.objects.create(network=network, name="Sede", label_prefix="RC", is_default=True)
    Priority.objects.create(name="MEDIA", order=3, sla_hours=24)
    Area.objects.create(code="MESA", name="Mesa")
    mesa = User.objects.create_user("m@example.com", "x", role=Role.MESA)
    ticket = services.ticket_create(
        actor=None, description="Falla la red", requester_email="laura@example.com"
    )
    services.ticket_change_status(actor=mesa, ticket=ticket, status="RESUELTO")
    laura = Requester("laura@example.com")
    later = timezone.now() + timedelta(seconds=1)
    answers = [
        lambda: services.ticket_requester_confirm(actor=laura, ticket=ticket),
        lambda: services.ticket_requester_reopen(actor=laura, ticket=ticket, reason="Sigue"),
        lambda: services.ticket_autoclose(actor=SYSTEM, ticket=ticket.pk, solved_before=later),
    ]
    barrier = Barrier(len(answers))

    def run(answer):
        try:
            barrier.wait(timeout=30)
            return "moved" if answer() is not None else "skipped"
        except InvalidTransition:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(answers)) as pool:
        outcomes = list(pool.map(run, answers))

    assert outcomes.count("moved") == 1, outcomes
    moves = Activity.objects.filter(
        ticket=ticket, type="statusUpdated", data__previousAttributes__status=Status.RESUELTO
    )
    assert moves.count() == 1  # exactly one answer left RESUELTO
    ticket.refresh_from_db()
    assert ticket.status in (Status.CERRADO, Status.EN_PROCESO)
