"""Keeping the rollups up with every ticket change, in the service's own transaction.

``keep_rollups`` hears every ``tickets.events`` event (IN_TRANSACTION, under the ticket's
row lock) — history entries, tag changes (``tagsUpdated``) and the SLA recomputation of
open tickets after a calendar or policy change (``slaRecomputed``, no history entry): it
recomputes the ticket's ``TicketFact`` and, when it changed, moves the ticket's counts in
the rollups from the old fact to the new one. A rating adds to the
CSAT counts of the day, area, priority and assignee it was given under.
An SLA alert (``slaAlert``) refreshes the fact too: the breach it tells of is when an
open ticket's target becomes missed.
"""

from __future__ import annotations

from django.utils import timezone

from reports import facts
from reports.models import NO_ASSIGNEE, TicketFact
from tickets import events
from tickets.models import Activity, Ticket


def keep_rollups(event: events.TicketEvent) -> None:
    """Every event, the SLA alerts included: a breach alert is when an open ticket's
    verdict turns missed with nothing else happening to it (``reports.durations``)."""
    ticket = Ticket.objects.filter(pk=event.ticket_id).first()
    if ticket is None:
        return
    if event.kind == events.RATING:
        count_rating(ticket, event.data.get("score"), event.activity_id)
        return
    refresh(ticket)


def refresh(ticket: Ticket) -> None:
    """Replace the ticket's contribution with what it is now (its SLA columns included:
    the service set them before the event)."""
    old = TicketFact.objects.filter(pk=ticket.pk).first()
    new = facts.fact_for(ticket)
    if facts.same(old, new):
        return
    facts.apply(facts.deltas_between(old, new))
    if old is None:
        new.save(force_insert=True)
    else:
        new.save(force_update=True)


def count_rating(ticket: Ticket, score: str | None, activity_id) -> None:
    if score not in ("good", "bad"):
        return
    given = Activity.objects.filter(pk=activity_id).values_list("created_at", flat=True).first()
    key = (
        facts.desk_day(given or timezone.now()),
        ticket.area_id,
        ticket.priority_id,
        ticket.assignee_id or NO_ASSIGNEE,
    )
    facts.apply({"breakdown": {key: {f"csat_{score}": 1}}})
