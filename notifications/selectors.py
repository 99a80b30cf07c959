"""Reads of notifications, always through the recipient's current view of tickets: a
notification about a ticket the agent can no longer see is neither listed nor counted."""

from django.db.models import QuerySet

from core import keyset
from notifications.models import Notification
from tickets.access import visible_ticket_q


def notifications_for(user) -> QuerySet[Notification]:
    condition = visible_ticket_q(user, via="ticket__")
    if condition is None:
        return Notification.objects.none()
    return Notification.objects.filter(condition, recipient_id=user.pk)


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def page(user, *, after: str | None, size: int) -> keyset.Page:
    """Newest first, keyset-paginated on (created_at, id) (``core.keyset``): ``after`` is the
    token of the last row seen."""
    qs = notifications_for(user).select_related("ticket").order_by("-created_at", "-id")
    return keyset.page(qs, size=size, after=after)
