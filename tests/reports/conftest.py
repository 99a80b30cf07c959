"""A generated month of tickets in two areas, made through the services (history, ratings)
and then spread over November 2026 by moving their timestamps (direct ORM), followed by
``rebuild_report_rollups``, as after a bulk load. ``month`` gives the tickets and the
period; the tests compute every figure again from the tickets with their own queries."""

import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import AGENT_ROLES
from surveys import links
from surveys.models import Rating
from tests.sla_fixtures import frozen, media_policy, office_calendar, sla_desk  # noqa: F401, F811
from tickets import services
from tickets.models import Activity, ActivityType, Ticket

START, END = date(2026, 11, 1), date(2026, 11, 30)
TAGS = {"vip": 2, "impresora": 3, "red": 5, "urgente-real": 7}  # tag: on every n-th ticket


def zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone())


@pytest.fixture
def month(make_ticket, users, priorities, area_a, area_b, office_calendar, media_policy):  # noqa: F811
    """~60 tickets over November 2026 (plus a few in October still open or solved in
    November); returns ``{"tickets": [...], "start": START, "end": END}``. Area A works
    Monday–Friday 08:00–18:00 (Madrid), area B around the clock; MEDIA has a first-response
    target. After the move the SLA columns are recomputed from the moved history
    (``ticket_sla_recompute``), so the business minutes are those of the moved dates."""
    agents = {area_a.pk: users["area_own"], area_b.pk: users["area_other"]}
    prios = ["URGENTE", "ALTA", "MEDIA", "BAJA"]
    cats = ["Hardware", "Red", "Software", ""]
    made = []
    for i in range(64):
        area = area_a if i % 3 else area_b
        ticket = make_ticket(
            area=area,
            priority=prios[i % 4],
            categoria=cats[i % 4],
            requester_email=f"r{i}@example.com",
        )
        agent = agents[area.pk]
        for name, every in TAGS.items():
            if i % every == 0:
                services.ticket_tag_add(actor=agent, ticket=ticket, name=name)
        if i % 10 == 0:  # taken off again: counts for nothing
            services.ticket_tag_remove(actor=agent, ticket=ticket, name="vip")
        if i % 5:
            services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=agent)
        if i % 4 != 3:
            services.ticket_comment(actor=agent, ticket=ticket, text="Lo revisamos.")
        if i % 7 == 0:
            services.ticket_comment(actor=agent, ticket=ticket, text="Nota", public=False)
        outcome = i % 6
        if outcome in (0, 1, 2):
            services.ticket_change_status(actor=agent, ticket=ticket, status="RESUELTO")
        elif outcome == 3:
            services.ticket_cancel(actor=agent, ticket=ticket, reason="Duplicado")
        ticket.refresh_from_db()
        if outcome in (0, 1) and ticket.resolved_at:
            services.ticket_record_rating(
                ticket_id=ticket.pk,
                resolution_key=links.current_resolution_key(ticket),
                score="good" if i % 4 else "bad",
                comment=f"Comentario {i}" if i % 3 == 0 else "",
            )
        made.append((i, ticket, outcome))
    # Spread over the month: ticket i opened on day i//2 (some in late October), each step
    # of its history some minutes later.
    for i, ticket, _outcome in made:
        created = local(START - timedelta(days=3), 8, 0) + timedelta(hours=i * 11 + i % 5)
        _spread(ticket, created, i)
    call_command("rebuild_report_rollups", verbosity=0)
    return {"tickets": [t for _i, t, _o in made], "start": START, "end": END}


def _spread(ticket: Ticket, created: datetime, i: int) -> None:
    ticket.refresh_from_db()
    entries = list(Activity.objects.filter(ticket=ticket).order_by("created_at", "id"))
    step = timedelta(minutes=7 + (i * 37) % 900)
    moments = {}
    for n, entry in enumerate(entries):
        at = created + step * n + timedelta(seconds=n)
        moments[entry.pk] = at
        Activity.objects.filter(pk=entry.pk).update(created_at=at)
    changed = [moments[e.pk] for e in entries if "status" in e.data and e.type != "ticketCreated"]
    agents = [r.value for r in AGENT_ROLES]
    replies = [
        moments[e.pk]
        for e in entries
        if e.type == ActivityType.COMMENT and e.public and e.actor_snapshot.get("rol") in agents
    ]
    fields = {
        "created_at": created,
        "updated_at": moments[entries[-1].pk],
        "status_updated_at": changed[-1] if changed else created,
        "first_responded_at": replies[0] if replies else None,
    }
    if ticket.resolved_at is not None:
        solved = [moments[e.pk] for e in entries if e.data.get("status") == "RESUELTO"]
        fields["resolved_at"] = solved[-1]
    Ticket.objects.filter(pk=ticket.pk).update(**fields)
    services.ticket_sla_recompute(ticket=ticket)  # due dates and business minutes
    for e in entries:
        if e.type == ActivityType.RATING:
            Rating.objects.filter(activity_id=e.pk).update(created_at=moments[e.pk])
