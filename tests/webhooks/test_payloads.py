"""The webhooks app builds its bodies itself (``webhooks.payloads``, from ``tickets.selectors``):
a change of the Support API's serialisers does not change them. What docs/webhooks.md promises
is that they read as that API reads the same ticket and entry to an agent; this pins it, entry
by entry (requester, assignee, attachments, statuses on both sides of a change)."""

import pytest

from api_spacebring.serializers import TicketSerializer, activities_data
from tests.files import png
from tickets import events, selectors, services
from tickets.models import Activity, Ticket
from webhooks.payloads import payload_for

pytestmark = pytest.mark.django_db


def _event(activity: Activity) -> events.TicketEvent:
    return events.TicketEvent(
        kind=activity.type,
        ticket_id=str(activity.ticket_id),
        activity_id=activity.pk,
        actor_id=None,
        public=activity.public,
        data=activity.data or {},
    )


def _support_api(ticket: Ticket, activity: Activity) -> dict | None:
    tickets = selectors.with_memberships(Ticket.objects.select_related(*selectors.TICKET_RELATED))
    ticket = tickets.get(pk=ticket.pk)
    shown = activities_data(selectors.activity_list(ticket=ticket).filter(pk=activity.pk))
    if not shown:
        return None
    return {"ticket": dict(TicketSerializer(ticket).data), "activity": dict(shown[0])}


def test_each_entry_reads_as_the_support_api_reads_it(make_ticket, admin_user, area_a_user):
    ticket = make_ticket()
    services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
    services.ticket_comment(actor=admin_user, ticket=ticket, text="Mira esto", uploads=[png()])
    services.ticket_pause(actor=admin_user, ticket=ticket, reason="Esperando repuesto")
    services.ticket_change_status(actor=admin_user, ticket=ticket, status="RESUELTO")
    entries = list(Activity.objects.filter(ticket=ticket).order_by("created_at", "pk"))
    assert len(entries) >= 5
    bodies = [payload_for(_event(entry)) for entry in entries]
    assert bodies == [_support_api(ticket, entry) for entry in entries]
    assert any(body is None for body in bodies)  # the pause reads inProgress -> inProgress
    comment = next(b for b in bodies if b and b["activity"]["type"] == "comment")
    assert comment["activity"]["data"]["attachments"][0]["name"] == "captura.png"
    assert bodies[-1]["ticket"]["userAssignee"]["email"] == area_a_user.email
