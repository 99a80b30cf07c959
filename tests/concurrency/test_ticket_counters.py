"""The ticket counters (area × status) equal ``COUNT(*) … GROUP BY`` over the tickets after
random operations — through the services, straight ORM updates and deletes, and
(PostgreSQL) many at once."""

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection, connections, transaction
from django.db.models import Count

from accounts.models import Area, Role
from tickets import services
from tickets.errors import DomainError
from tickets.models import Status, Ticket, TicketCounter
from tickets.stats_rebuild import rebuild


def expected_counters() -> dict:
    rows = Ticket.objects.order_by().values_list("area_id", "status").annotate(n=Count("pk"))
    return {(a, s): n for a, s, n in rows}


def actual_counters() -> dict:
    rows = TicketCounter.objects.filter(count__gt=0).values_list("area_id", "status", "count")
    assert not TicketCounter.objects.filter(count__lt=0).exists()
    return {(a, s): n for a, s, n in rows}


def assert_exact():
    assert actual_counters() == expected_counters()


STATUS_TARGETS = ["EN_PROCESO", "PAUSADO", "RESUELTO", "CERRADO", "CANCELADO", "ARCHIVADO",
                  "NUEVO"]  # fmt: skip


def random_operation(rng: random.Random, users, areas, make) -> None:
    """One random write; refusals by the state machine are part of the game."""
    mesa = users["mesa"]
    tickets = list(Ticket.objects.values_list("pk", flat=True)[:40])
    ticket = Ticket.objects.filter(pk=rng.choice(tickets)).first() if tickets else None
    choice = rng.randrange(9) if ticket else 0
    try:
        if choice == 0:
            make(area=rng.choice(areas))
        elif choice == 1:
            services.ticket_change_status(actor=mesa, ticket=ticket,
                                          status=rng.choice(STATUS_TARGETS))  # fmt: skip
        elif choice == 2:
            others = [a for a in areas if a.pk != ticket.area_id]
            services.ticket_transfer(actor=mesa, ticket=ticket, area=rng.choice(others))
        elif choice == 3:
            services.ticket_assign(actor=mesa, ticket=ticket, assignee=mesa)
        elif choice == 4:
            services.ticket_reopen(actor=mesa, ticket=ticket)
        elif choice == 5:
            services.ticket_update(actor=mesa, ticket=ticket, status=rng.choice(STATUS_TARGETS),
                                   area=rng.choice(areas).code)  # fmt: skip
        elif choice == 6:  # straight SQL-level writes, as a shell or a migration would do
            Ticket.objects.filter(pk=ticket.pk).update(
                status=rng.choice(Status.values), area=rng.choice(areas),
                created_at=ticket.created_at - timedelta(minutes=rng.randrange(2000)),
            )  # fmt: skip
        elif choice == 7:
            Ticket.objects.filter(pk=ticket.pk).update(resolved_at=None)
        else:
            with transaction.atomic():  # lock the row as the services do, then delete
                if Ticket.objects.select_for_update().filter(pk=ticket.pk).exists():
                    Ticket.objects.filter(pk=ticket.pk).delete()  # cascades (history…)
    except (DomainError, Ticket.DoesNotExist):
        pass  # refused, or deleted meanwhile by another worker


@pytest.mark.django_db
def test_counters_stay_exact_through_random_operations(
    users, make_ticket, area_a, area_b, area_mesa
):
    rng = random.Random(20261201)
    areas = [area_a, area_b, area_mesa]
    for step in range(150):
        random_operation(rng, users, areas, make_ticket)
        if step % 25 == 0:
            assert_exact()
    assert_exact()
    assert sum(actual_counters().values()) == Ticket.objects.count()


@pytest.mark.django_db
def test_rebuild_gives_the_same_figures_as_the_triggers(users, make_ticket, area_b):
    for i in range(6):
        t = make_ticket(area=area_b if i % 2 else None) if i % 2 else make_ticket()
        services.ticket_change_status(actor=users["mesa"], ticket=t, status="RESUELTO")
    before = actual_counters()
    TicketCounter.objects.all().delete()
    rebuild()
    assert actual_counters() == before


@pytest.mark.django_db(transaction=True)
def test_counters_stay_exact_under_concurrent_writes():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    from accounts.models import Location, Membership, Network, User
    from tickets.models import Priority

    network = Network.objects.create(name="Red")
    location = Location.objects.create(network=network, name="Sede", label_prefix="CC",
                                       is_default=True)  # fmt: skip
    Priority.objects.create(name="MEDIA", order=3, sla_hours=24)
    areas = [Area.objects.create(code=c, name=c.title()) for c in ("MESA", "TEC", "MANT")]
    mesa = User.objects.create_user("mesa@example.com", "x", role=Role.MESA, area=areas[0])
    Membership.objects.create(user=mesa, location=location, role_type="manager")
    users = {"mesa": mesa}

    def make(**kw):
        return services.ticket_create(actor=None, description="Concurrente", priority="MEDIA",
                                      requester_email="a@example.com", **kw)  # fmt: skip

    for i in range(12):
        make(area=areas[i % 3])
    workers, steps = 8, 25
    barrier = Barrier(workers)

    def work(seed: int) -> int:
        rng = random.Random(seed)
        try:
            barrier.wait(timeout=30)
            for _ in range(steps):
                random_operation(rng, users, areas, make)
            return steps
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(work, range(workers)))
    assert sum(done) == workers * steps  # no deadlock, no error escaped
    assert_exact()
