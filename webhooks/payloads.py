"""The body of a ticket event, built here from the domain's reads (``tickets.selectors``),
not from a way in's serialiser: a change of the Support API does not change the webhooks.

What it promises (docs/webhooks.md): ``{"ticket": <ticket>, "activity": <ticketActivity>}``
in the shapes of ``docs/contracts/spacebring-support.openapi.yaml``, as an agent reads them
(contact fields included), taken in the transaction of the change; an entry that says nothing
in those four activity types (a move between statuses that all read ``inProgress``, an
assignee change with nothing to show) is no event. ``tests/webhooks`` checks every body
against the contract's schemas.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse

from tickets import events, selectors
from tickets.models import Activity, ActivityType, Ticket
from tickets.selectors import api as api_reads
from tickets.workflow import to_spacebring

# The keys of an attachment object (``height``/``width`` for images only).
ATTACHMENT_KEYS = ("key", "mime", "name", "size", "url", "height", "width")


def iso(value: datetime) -> str:
    """``2026-01-31T14:05:09.123Z``."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def user_object(user) -> dict:
    data = {
        "id": str(user.id),
        "photoUrl": user.photo_url or None,
        "name": user.name or None,
        "surname": user.surname or None,
        "email": user.email,
        "blocked": user.blocked,
    }
    if user.phone:
        data["phoneNumber"] = user.phone
    return data


def membership_object(membership) -> dict:
    return {
        "id": str(membership.id),
        "roleType": membership.role_type,
        "type": membership.type,
        "user": user_object(membership.user),
    }


def ticket_object(ticket: Ticket) -> dict:
    data = {
        "id": str(ticket.id),
        "number": ticket.number,
        "locationRef": str(ticket.location_id),
        "type": ticket.type,
        "status": to_spacebring(ticket.status),
        "description": ticket.description,
        "createDate": iso(ticket.created_at),
        "updateDate": iso(ticket.updated_at),
        "statusUpdateDate": iso(ticket.status_updated_at),
    }
    for role, membership in (
        ("Requester", ticket.requester_membership),
        ("Assignee", ticket.assignee_membership),
    ):
        if membership is not None:
            data[f"membershipRef{role}"] = str(membership.id)
            data[f"membership{role}"] = membership_object(membership)
    for role, user in (("Requester", ticket.requester), ("Assignee", ticket.assignee)):
        data[f"user{role}"] = user_object(user) if user else None
    return data


def _attachment_object(row) -> dict:
    path = reverse("spacebring-attachment", args=[row.key])
    data = {
        "key": row.key,
        "mime": row.mime,
        "name": row.name,
        "size": row.size,
        "url": settings.HELPDESK_SITE_URL.rstrip("/") + path,
    }
    if row.height is not None and row.width is not None:
        data["height"] = row.height
        data["width"] = row.width
    return data


def _attributes(stored: dict, memberships: dict) -> dict:
    """``status`` and ``membershipAssignee`` as the contract shows them; nothing else."""
    out: dict = {}
    if stored.get("status"):
        out["status"] = to_spacebring(stored["status"])
    membership = memberships.get(stored.get("membershipAssignee"))
    if membership is not None:
        out["membershipAssignee"] = membership_object(membership)
    return out


def _activity_data(stored: dict, memberships: dict) -> dict:
    out = _attributes(stored, memberships)
    previous = _attributes(stored.get("previousAttributes") or {}, memberships)
    if "status" in previous and previous["status"] == out.get("status"):
        del previous["status"], out["status"]  # inProgress -> inProgress: nothing to show
    if previous:
        out["previousAttributes"] = previous
    if isinstance(stored.get("text"), str):
        out["text"] = stored["text"]
    return out


def _memberships(activity: Activity) -> dict:
    """The memberships the entry names (assignee now and before), with their users."""
    stored = activity.data or {}
    previous = stored.get("previousAttributes") or {}
    ids = {m for m in (stored.get("membershipAssignee"), previous.get("membershipAssignee")) if m}
    if not ids:
        return {}
    return {str(m.id): m for m in api_reads.membership_cards().filter(id__in=ids)}


def activity_object(activity: Activity) -> dict | None:
    """The ``ticketActivity``, or ``None`` when it says nothing in the four types."""
    stored = activity.data or {}
    data = _activity_data(stored, _memberships(activity))
    files = [
        {k: item[k] for k in ATTACHMENT_KEYS if k in item}
        for item in stored.get("attachments") or []
        if isinstance(item, dict)
    ] + [_attachment_object(row) for row in activity.attachments.all()]  # prefetched
    if files:
        data["attachments"] = files
    if activity.type == ActivityType.STATUS_UPDATED and "status" not in data:
        return None
    if activity.type == ActivityType.ASSIGNEE_UPDATED and not data:
        return None
    out = {
        "id": str(activity.id),
        "ticketRef": str(activity.ticket_id),
        "type": activity.type,
        "createDate": iso(activity.created_at),
        "data": data,
    }
    if activity.actor_membership is not None:
        out["membership"] = membership_object(activity.actor_membership)
    return out


def payload_for(event: events.TicketEvent) -> dict | None:
    """``{"ticket": …, "activity": …}`` as the change's transaction left them, or ``None``
    when the entry is no event (see the module's docstring)."""
    tickets = selectors.with_memberships(Ticket.objects.select_related(*selectors.TICKET_RELATED))
    ticket = tickets.get(pk=event.ticket_id)
    activity = selectors.activity_list(ticket=ticket).get(pk=event.activity_id)
    shown = activity_object(activity)
    if shown is None:
        return None
    return {"ticket": ticket_object(ticket), "activity": shown}
