"""Who gets which e-mail for a ticket event. Pure decisions over a few small queries; run
inside the service's transaction (``receivers.write_outbox``).

- ``ticketCreated`` → the requester: ``ticket_created``.
- ``statusUpdated`` that changed the status → the requester: ``ticket_solved`` (RESUELTO)
  or ``status_updated``; the response written with it goes in the same mail.
- public ``comment`` by an agent → the requester: ``public_response`` (unless it was written
  together with a status change, whose mail carries it).
- public ``comment`` by the requester (web, e-mail or API) → the assignee, else the area's
  agents: ``requester_comment``.
- ``slaAlert`` (``data.kind`` warning/breach, ``data.due``) → the assignee, else the area's
  agents: ``sla_alert``.

The two agent rows apply with ``HELPDESK_MAIL_AGENT_ALERTS`` (off by default: the
notifications app e-mails agents those events as digests, by their preferences, and an agent
should not get both). "The area's agents" are the active AREA (and MESA) users whose area is
the ticket's area.
Nobody is mailed about their own action. ``HELPDESK_NOTIFICATIONS_ENABLED = False`` (the demo
seed) queues nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from accounts.models import Role, User
from tickets.models import Activity, ActivityType, Status, Ticket

SLA_ALERT = "slaAlert"  # written by the SLA alert task (another app) as an internal entry
REQUESTER_ROLES = {None, "", "ANONIMO", Role.USUARIO}
# ticket_update writes its response 1 µs after the status change it goes with.
TOGETHER = timedelta(milliseconds=1)
# Event kinds that may call for mail.
KINDS = frozenset(
    {ActivityType.TICKET_CREATED, ActivityType.STATUS_UPDATED, ActivityType.COMMENT, SLA_ALERT}
)


@dataclass(frozen=True)
class Planned:
    recipient: str
    template: str
    data: dict


def plan(event) -> list[Planned]:
    if not getattr(settings, "HELPDESK_NOTIFICATIONS_ENABLED", True):
        return []
    kind = event.kind
    if kind not in KINDS:
        return []
    ticket = (
        Ticket.objects.filter(pk=event.ticket_id)
        .only("id", "requester_email", "assignee_id", "area_id")
        .first()
    )
    if ticket is None:
        return []
    requester = (ticket.requester_email or "").strip().lower()
    if kind == ActivityType.TICKET_CREATED:
        return _to([requester], "ticket_created")
    if kind == ActivityType.STATUS_UPDATED:
        status = event.data.get("status")
        if not status or not event.public:  # a priority/area-only change: nothing to tell
            return []
        template = "ticket_solved" if status == Status.RESUELTO else "status_updated"
        return _to([requester], template, {"status": status})
    agent_alerts = getattr(settings, "HELPDESK_MAIL_AGENT_ALERTS", False)
    if kind == SLA_ALERT:
        if not agent_alerts:
            return []
        data = {k: event.data.get(k) for k in ("kind", "due")}
        return _to(_agents_for(ticket, exclude=event.actor_id), "sla_alert", data)
    # A comment.
    if not event.public:
        return []
    activity = Activity.objects.only("id", "created_at", "actor_id", "actor_snapshot").get(
        pk=event.activity_id
    )
    role = (activity.actor_snapshot or {}).get("rol")
    if role in REQUESTER_ROLES:
        if not agent_alerts:
            return []
        return _to(_agents_for(ticket, exclude=event.actor_id), "requester_comment")
    if written_with_status_change(activity):
        return []
    return _to([requester], "public_response")


def written_with_status_change(comment: Activity) -> bool:
    """Whether ``comment`` is the response ``ticket_update`` wrote with a status change."""
    return Activity.objects.filter(
        ticket_id=comment.ticket_id,
        type=ActivityType.STATUS_UPDATED,
        actor_id=comment.actor_id,
        created_at__gte=comment.created_at - TOGETHER,
        created_at__lt=comment.created_at,
        data__has_key="status",
    ).exists()


def response_with(status_activity: Activity) -> Activity | None:
    """The response written together with a status change (for its e-mail)."""
    return (
        Activity.objects.filter(
            ticket_id=status_activity.ticket_id,
            type=ActivityType.COMMENT,
            public=True,
            actor_id=status_activity.actor_id,
            created_at__gt=status_activity.created_at,
            created_at__lte=status_activity.created_at + TOGETHER,
        )
        .order_by("created_at")
        .first()
    )


def _agents_for(ticket: Ticket, *, exclude) -> list[str]:
    """The assignee when active, else the active agents of the ticket's area."""
    agents = User.objects.filter(is_active=True)
    if exclude:
        agents = agents.exclude(pk=exclude)
    if ticket.assignee_id:
        assignee = list(agents.filter(pk=ticket.assignee_id).values_list("email", flat=True))
        if assignee:
            return assignee
    return list(
        agents.filter(area_id=ticket.area_id, role__in=[Role.AREA, Role.MESA])
        .order_by("email")
        .values_list("email", flat=True)
    )


def _to(recipients, template: str, data: dict | None = None) -> list[Planned]:
    seen, planned = set(), []
    for r in recipients:
        r = (r or "").strip().lower()
        if r and r not in seen:
            seen.add(r)
            planned.append(Planned(r, template, data or {}))
    return planned
