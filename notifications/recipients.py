"""Who hears about a ticket event, and as what kind. Pure rules over loaded rows: the
receiver loads, this decides, ``tickets.access`` has the last word on visibility."""

from collections.abc import Iterable
from dataclasses import dataclass

from accounts.models import Role, User
from notifications.models import Kind
from tickets import events
from tickets.access import Action, can
from tickets.models import Activity, Ticket

REQUESTER_ROLES = frozenset({"ANONIMO", Role.USUARIO})


@dataclass(frozen=True)
class Wanted:
    """Candidate recipients by kind, before the actor and the invisible are removed."""

    user_ids: dict[str, str]  # user id -> kind (one kind per user and event)
    area_id: int | None = None  # "every agent of this area", with this kind
    area_kind: str | None = None
    new_ticket_area_id: int | None = None  # opted-in agents of this area


def wanted(activity: Activity, ticket: Ticket) -> Wanted:
    kind, data = activity.type, activity.data or {}
    by_user: dict[str, str] = {}

    def add(user_id, what: str) -> None:
        if user_id:
            by_user.setdefault(str(user_id), what)

    if kind == events.TICKET_CREATED:
        return Wanted({}, new_ticket_area_id=ticket.area_id)
    if kind == "slaAlert":
        breached = data.get("kind") in ("breach", "firstResponseBreach")
        what = Kind.SLA_BREACH if breached else Kind.SLA_WARNING
        if ticket.assignee_id:
            return Wanted({str(ticket.assignee_id): what})
        return Wanted({}, area_id=ticket.area_id, area_kind=what)
    for mention in data.get("mentions") or []:
        add(mention.get("id"), Kind.MENTIONED)
    if data.get("assignee"):
        add(data["assignee"], Kind.ASSIGNED)
    if "area" in data and "area" in (data.get("previousAttributes") or {}):
        if ticket.assignee_id:
            add(ticket.assignee_id, Kind.AREA_INCOMING)
        else:
            return Wanted(by_user, area_id=ticket.area_id, area_kind=Kind.AREA_INCOMING)
    snapshot_role = (activity.actor_snapshot or {}).get("rol")
    if kind == events.COMMENT and activity.public and snapshot_role in REQUESTER_ROLES:
        if ticket.assignee_id:
            add(ticket.assignee_id, Kind.REQUESTER_REPLIED)
        else:  # nobody has it yet: the agents of its area hear of it
            return Wanted(by_user, area_id=ticket.area_id, area_kind=Kind.REQUESTER_REPLIED)
    return Wanted(by_user)


def allowed(users: Iterable[User], ticket: Ticket, actor_id) -> list[User]:
    """Never the actor themself; never someone who may not see the ticket."""
    actor = str(actor_id) if actor_id else None
    return [
        u for u in users if str(u.pk) != actor and u.is_agent and can(u, Action.VIEW, ticket)
    ]
