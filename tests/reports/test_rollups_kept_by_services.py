"""The rollups the services keep, write by write, are those ``rebuild_report_rollups``
computes from scratch; the rebuild is idempotent; a rolled-back change leaves them alone."""

import pytest
from django.core.management import call_command
from django.db import transaction

from reports.models import (
    DailyArea,
    DailyBreakdown,
    DailyCategory,
    DailyDuration,
    DailyDurationHour,
    DailyTag,
    MonthlyDurationHour,
    TicketFact,
)
from surveys import links
from tickets import services
from tickets.access import Requester

# (key columns, count columns) of every rollup table.
TABLES = {
    DailyArea: (("day", "area_id"), ("opened", "solved", "left_backlog", "still_open")),
    DailyBreakdown: (
        ("day", "area_id", "priority_id", "assignee"),
        (
            "opened",
            "solved",
            "sla_met",
            "sla_missed",
            "response_met",
            "response_missed",
            "csat_good",
            "csat_bad",
        ),
    ),
    DailyDuration: (("metric", "day", "area_id", "minutes"), ("count",)),
    DailyDurationHour: (("metric", "day", "area_id", "hour"), ("count",)),
    MonthlyDurationHour: (("metric", "month", "area_id", "hour"), ("count",)),
    DailyCategory: (("day", "area_id", "category"), ("opened",)),
    DailyTag: (("day", "area_id", "tag"), ("opened",)),
}


def snapshot():
    """Every rollup row that counts something (rows left at zero by moves are dropped)."""
    out = {}
    for model, (keys, counts) in TABLES.items():
        rows = model.objects.values_list(*keys, *counts)
        out[model.__name__] = sorted(tuple(str(v) for v in r) for r in rows if any(r[len(keys) :]))
    return out


@pytest.fixture
def busy_day(make_ticket, users, area_b):
    """Tickets worked the ways the services allow, moved between areas and agents."""
    a = make_ticket(priority="ALTA")
    b = make_ticket(area=area_b, categoria="Red")
    c = make_ticket(categoria="")
    services.ticket_assign(actor=users["mesa"], ticket=a, assignee=users["area_own"])
    services.ticket_comment(actor=users["area_own"], ticket=a, text="Voy para allá.")
    services.ticket_comment(actor=users["area_own"], ticket=a, text="Otra respuesta.")
    services.ticket_update(actor=users["area_own"], ticket=a, status="RESUELTO", response="Listo")
    a.refresh_from_db()
    services.ticket_record_rating(
        ticket_id=a.pk, resolution_key=links.current_resolution_key(a), score="good", comment="Ok"
    )
    services.ticket_requester_reopen(
        actor=Requester("laura@example.com"), ticket=a, reason="Sigue"
    )
    services.ticket_change_status(actor=users["area_own"], ticket=a, status="RESUELTO")
    services.ticket_transfer(actor=users["mesa"], ticket=b, area=users["area_own"].area)
    services.ticket_update(actor=users["mesa"], ticket=b, priority="URGENTE")
    services.ticket_cancel(actor=users["mesa"], ticket=c, reason="Duplicado")
    services.ticket_comment(actor=users["mesa"], ticket=b, text="Interna", public=False)
    services.ticket_tag_add(actor=users["area_own"], ticket=a, name="impresora")
    services.ticket_tag_add(actor=users["mesa"], ticket=b, name="impresora")
    services.ticket_tag_add(actor=users["mesa"], ticket=b, name="vip")
    services.ticket_tag_remove(actor=users["mesa"], ticket=b, name="vip")
    return [a, b, c]


def test_the_services_keep_the_rollups_a_rebuild_would_compute(busy_day):
    kept = snapshot()
    assert kept["DailyArea"] and kept["DailyDuration"] and kept["DailyCategory"]
    assert [r[2:] for r in kept["DailyTag"]] == [("impresora", "2")]
    facts = sorted(TicketFact.objects.values_list("ticket_id", "area_id", "solved_day"))
    call_command("rebuild_report_rollups", verbosity=0)
    assert snapshot() == kept
    assert sorted(TicketFact.objects.values_list("ticket_id", "area_id", "solved_day")) == facts


def test_the_rebuild_is_idempotent(busy_day):
    call_command("rebuild_report_rollups", verbosity=0)
    first = snapshot()
    call_command("rebuild_report_rollups", "--batch", "1", verbosity=0)
    assert snapshot() == first


def test_a_transfer_moves_the_tickets_counts_to_its_new_area(make_ticket, users, area_a, area_b):
    ticket = make_ticket(area=area_b)
    assert DailyArea.objects.get(area=area_b).opened == 1
    services.ticket_transfer(actor=users["mesa"], ticket=ticket, area=area_a)
    assert DailyArea.objects.get(area=area_b).opened == 0
    assert DailyArea.objects.get(area=area_a).opened == 1


def test_a_change_that_rolls_back_leaves_the_rollups_as_they_were(ticket, users):
    before = snapshot()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
        raise RuntimeError("rolled back")
    assert snapshot() == before
