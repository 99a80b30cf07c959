"""Reads of notifications, always through the recipient's current view of tickets: a
notification about a ticket the agent can no longer see is neither listed nor counted."""

from django.db.models import QuerySet

from notifications.models import Notification
from tickets.access import visible_ticket_q


def notifications_for(user) -> QuerySet[Notification]:
    condition = visible_ticket_q(user, via="ticket__")
    if condition is None:
        return Notification.objects.none()
    return Notification.objects.filter(condition, recipient_id=user.pk)


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def page(user, *, before: tuple | None, size: int) -> list[Notification]:
    """Newest first, keyset-paginated on (created_at, id): ``before`` is the last row seen."""
    qs = notifications_for(user).select_related("ticket").order_by("-created_at", "-id")
    if before is not None:
        created_at, pk = before
        qs = qs.filter(created_at__lte=created_at).exclude(created_at=created_at, id__gte=pk)
    return list(qs[: size + 1])
