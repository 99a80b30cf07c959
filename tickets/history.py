"""How a history entry reads on a page: who, when, what changed (from ``data`` and
``data.previousAttributes``). Shared by the agent portal and the requester pages."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from tickets.models import Activity, Status

FIELD_LABELS = {
    "status": _("Status"),
    "priority": _("Priority"),
    "area": _("Area"),
    "categoria": _("Category"),
    "assignee": _("Assignee"),
}
# Keys of ``data`` that are not attribute changes (shown elsewhere or not at all).
NOT_CHANGES = {"previousAttributes", "text", "reason", "attachments", "membershipAssignee"}


@dataclass
class Change:
    field: str
    label: str
    before: str | None
    after: str | None


@dataclass
class Entry:
    activity: Activity
    who: str
    role: str
    public: bool
    text: str = ""
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def _role_label(code: str | None) -> str:
    if not code or code == "ANONIMO":
        return str(_("Requester"))
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def _value(key: str, value, names: dict) -> str | None:
    if value in (None, ""):
        return None
    if key == "status":
        try:
            return str(Status(value).label)
        except ValueError:
            return str(value)
    if key == "assignee":
        return names.get(str(value), str(_("an agent")))
    return str(value)


def timeline(activities, *, for_requester: bool = False) -> list[Entry]:
    """Entries for ``activities`` (already fetched). One extra query names assignees.

    ``for_requester`` hides every e-mail address: agents show by name, or by role when
    the snapshot holds no name.
    """
    activities = list(activities)
    ids = set()
    for a in activities:
        for source in (a.data, a.data.get("previousAttributes") or {}):
            if source.get("assignee"):
                ids.add(str(source["assignee"]))
    names = {}
    if ids:
        names = {
            str(u.pk): (u.full_name or (_role_label(u.role) if for_requester else u.email))
            for u in User.objects.filter(pk__in=ids)
        }
    entries = []
    for a in activities:
        snap = a.actor_snapshot or {}
        role = _role_label(snap.get("rol"))
        who = snap.get("nombre") or role
        if for_requester and "@" in who:
            who = role
        previous = a.data.get("previousAttributes") or {}
        changes = [
            Change(
                key,
                str(FIELD_LABELS.get(key, key)),
                _value(key, previous.get(key), names),
                _value(key, value, names),
            )
            for key, value in a.data.items()
            if key not in NOT_CHANGES and (key in previous or a.type == "ticketCreated")
        ]
        entries.append(
            Entry(
                activity=a,
                who=who,
                role=role,
                public=a.public,
                text=a.data.get("text", ""),
                reason=a.data.get("reason", ""),
                changes=changes,
            )
        )
    return entries
