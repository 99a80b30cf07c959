"""The reports' rollups stay exact (equal to a rebuild) when many workers change tickets at
once through the services (PostgreSQL): no deadlock, no lost increment."""

import random
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.management import call_command
from django.db import connection, connections

from accounts.models import Area, Location, Membership, Network, Role, User
from tests.reports.test_rollups_kept_by_services import snapshot
from tickets import services
from tickets.errors import DomainError
from tickets.models import Priority, Ticket

TARGETS = ["EN_PROCESO", "PAUSADO", "RESUELTO", "CERRADO", "CANCELADO", "NUEVO"]


@pytest.mark.django_db(transaction=True)
def test_report_rollups_stay_exact_under_concurrent_writes():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    network = Network.objects.create(name="Red")
    location = Location.objects.create(
        network=network, name="Sede", label_prefix="RR", is_default=True
    )
    for name, order in (("ALTA", 2), ("MEDIA", 3)):
        Priority.objects.create(name=name, order=order, sla_hours=order)
    areas = [Area.objects.create(code=c, name=c.title()) for c in ("MESA", "TEC", "MANT")]
    mesa = User.objects.create_user("mesa@example.com", "x", role=Role.MESA, area=areas[0])
    Membership.objects.create(user=mesa, location=location, role_type="manager")

    def make(rng):
        return services.ticket_create(
            actor=None,
            description="Concurrente",
            priority=rng.choice(["ALTA", "MEDIA"]),
            area=rng.choice(areas),
            categoria=rng.choice(["Red", "Hardware"]),
            requester_email="a@example.com",
        )

    seed = random.Random(1)
    for _ in range(10):
        make(seed)
    workers, steps = 8, 20
    barrier = Barrier(workers)

    def work(n: int) -> int:
        rng = random.Random(n)
        try:
            barrier.wait(timeout=30)
            for _ in range(steps):
                ids = list(Ticket.objects.values_list("pk", flat=True)[:30])
                ticket = Ticket.objects.get(pk=rng.choice(ids))
                choice = rng.randrange(5)
                try:
                    if choice == 0:
                        make(rng)
                    elif choice == 1:
                        services.ticket_change_status(
                            actor=mesa, ticket=ticket, status=rng.choice(TARGETS)
                        )
                    elif choice == 2:
                        others = [a for a in areas if a.pk != ticket.area_id]
                        services.ticket_transfer(actor=mesa, ticket=ticket, area=rng.choice(others))
                    elif choice == 3:
                        services.ticket_comment(actor=mesa, ticket=ticket, text="Respuesta")
                    else:
                        services.ticket_assign(actor=mesa, ticket=ticket, assignee=mesa)
                except DomainError:
                    pass  # refused by the state machine: part of the game
            return steps
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(work, range(workers)))
    assert sum(done) == workers * steps  # no deadlock, no error escaped
    kept = snapshot()
    call_command("rebuild_report_rollups", verbosity=0)
    assert snapshot() == kept
