"""``ticket_record_sla_alert``: one entry per ticket per kind, rechecked under the lock."""

from datetime import timedelta

import pytest

from tickets import services
from tickets.models import Activity, ActivityType

pytestmark = pytest.mark.django_db


def test_records_once_per_kind(ticket):
    now = ticket.sla_due_at - timedelta(minutes=20)
    first = services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="warning", now=now)
    again = services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="warning", now=now)
    assert first is not None and first.type == ActivityType.SLA_ALERT
    assert again is None
    later = ticket.sla_due_at + timedelta(seconds=1)
    assert services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="breach", now=later)
    assert services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="breach", now=later) is None
    assert Activity.objects.filter(ticket=ticket, type=ActivityType.SLA_ALERT).count() == 2


def test_refuses_an_alert_the_ticket_no_longer_deserves(ticket, admin_user):
    early = ticket.sla_due_at - timedelta(hours=5)
    assert services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="warning", now=early) is None
    assert services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="breach", now=early) is None
    services.ticket_change_status(actor=admin_user, ticket=ticket, status="RESUELTO")
    late = ticket.sla_due_at + timedelta(hours=1)
    assert services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="breach", now=late) is None
    assert not Activity.objects.filter(type=ActivityType.SLA_ALERT).exists()


def test_unknown_kind_is_a_programming_error(ticket):
    with pytest.raises(ValueError):
        services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="oops", now=ticket.created_at)
