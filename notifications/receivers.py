"""The ticket-event receiver: writes the notifications in the transaction of the change
(so a rolled-back change notifies nobody) and, once committed, schedules the e-mail digest."""

from functools import partial

from django.db import transaction
from django.db.models import Q

from accounts.models import Role, User
from notifications import recipients, tasks
from notifications.models import DEFAULT_EMAIL_KINDS, EmailState, Kind, Notification, Preference
from tickets.events import TicketEvent
from tickets.models import Activity


def _candidates(want: recipients.Wanted) -> list[User]:
    q = Q(pk__in=list(want.user_ids)) if want.user_ids else Q(pk__in=[])
    if want.area_id is not None:
        q |= Q(role=Role.AREA, area_id=want.area_id)
    if want.new_ticket_area_id is not None:
        q |= Q(
            role=Role.AREA,
            area_id=want.new_ticket_area_id,
            notification_preference__new_tickets=True,
        )
    if not (want.user_ids or want.area_id is not None or want.new_ticket_area_id is not None):
        return []
    return list(User.objects.filter(q, is_active=True))


def write_notifications(event: TicketEvent) -> None:
    if event.activity_id is None:  # no history entry (an SLA recomputation): nobody to tell
        return
    activity = Activity.objects.select_related("ticket").get(pk=event.activity_id)
    ticket = activity.ticket
    want = recipients.wanted(activity, ticket)
    users = recipients.allowed(_candidates(want), ticket, event.actor_id)
    if not users:
        return
    email_kinds = {
        p.user_id: set(p.email_kinds)
        for p in Preference.objects.filter(user__in=[u.pk for u in users])
    }
    actor_name = (activity.actor_snapshot or {}).get("nombre") or ""
    rows = []
    for user in users:
        kind = want.user_ids.get(str(user.pk)) or (
            want.area_kind if want.area_id is not None else Kind.NEW_TICKET
        )
        wants_mail = kind in email_kinds.get(user.pk, set(DEFAULT_EMAIL_KINDS))
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                ticket=ticket,
                activity=activity,
                actor_id=event.actor_id,
                actor_name=actor_name[:150],
                created_at=activity.created_at,
                email_state=EmailState.PENDING if wants_mail else EmailState.NONE,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    mailed = sorted({str(r.recipient_id) for r in rows if r.email_state == EmailState.PENDING})
    if mailed:
        transaction.on_commit(partial(_schedule_digests, mailed))


def _schedule_digests(recipient_ids: list[str]) -> None:
    tasks.schedule_digests(recipient_ids)
