"""Storing each rating next to its history entry, in the service's transaction."""

from surveys.models import Rating
from tickets import events
from tickets.models import Activity


def store_rating(event: events.TicketEvent) -> None:
    if event.kind != events.RATING:
        return
    activity = Activity.objects.select_related("ticket").get(pk=event.activity_id)
    ticket = activity.ticket
    Rating.objects.create(
        ticket=ticket,
        resolution=event.data["resolution"],
        activity_id=activity.pk,
        score=event.data["score"],
        comment=event.data.get("comment", ""),
        area_id=ticket.area_id,
        priority_id=ticket.priority_id,
        assignee=ticket.assignee_id,
        created_at=activity.created_at,
    )
