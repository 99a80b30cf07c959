"""How a history entry reads on a page: who, when, what changed (from ``data`` and
``data.previousAttributes``). Shared by the agent portal and the requester pages.

The requester's timeline (``for_requester=True``) shows no e-mail address, no reason
(reasons are internal) and no "before" values: the previous status may be an internal one
the requester never saw (Reclasificado, Transferido), so only the new value reads.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from accounts.models import Area, Role, User
from tickets.models import Activity, ActivityType, PauseKind, SlaAlertKind, Status
from tickets.urgency import label_for

FIELD_LABELS = {
    "status": _("Status"),
    "priority": _("Priority"),
    "area": _("Area"),
    "categoria": _("Category"),
    "assignee": _("Assignee"),
    "urgency": _("Urgency for the requester"),
    "follows": _("Follow-up of"),
    "tags": _("Tags"),
    "pauseKind": _("Waiting for"),
}
# Keys of ``data`` that are not attribute changes (shown elsewhere or not at all).
NOT_CHANGES = {
    "previousAttributes",
    "text",
    "reason",
    "attachments",
    "membershipAssignee",
    "kind",
    "due",
    "score",
    "comment",
    "resolution",
}
RATING_LABELS = {"good": _("Good"), "bad": _("Bad")}


@dataclass
class Change:
    field: str
    label: str
    before: str | None
    after: str | None


@dataclass
class FileLink:
    """An attachment as a page lists it: name, size, a download link and, for raster
    images, a thumbnail link (the same file, inline)."""

    name: str
    size: int | None
    mime: str
    url: str
    thumb_url: str = ""
    width: int | None = None
    height: int | None = None


@dataclass
class Entry:
    activity: Activity
    title: str
    who: str
    role: str
    public: bool
    text: str = ""
    reason: str = ""
    changes: list[Change] = field(default_factory=list)
    files: list[FileLink] = field(default_factory=list)


REQUESTER_ROLES = {None, "", "ANONIMO", Role.USUARIO}


def _title(activity: Activity, role_code, for_requester: bool) -> str:
    """A comment reads as what it is: an internal note or a response to the requester."""
    if activity.type == ActivityType.SLA_ALERT:
        kind = (activity.data or {}).get("kind")
        return str(SlaAlertKind(kind).label if kind in SlaAlertKind.values else _("SLA alert"))
    if activity.type == ActivityType.RATING:
        score = RATING_LABELS.get((activity.data or {}).get("score"), "?")
        return f"{activity.get_type_display()}: {score}"
    if activity.type != ActivityType.COMMENT:
        return str(activity.get_type_display())
    if not activity.public:
        return str(_("Internal note"))
    if role_code in REQUESTER_ROLES:
        return str(_("Comment from the requester"))
    return str(_("Response") if for_requester else _("Response to the requester"))


def requester_safe_name(snapshot: dict | None) -> str:
    """The actor's name as a requester may read it: never an e-mail address (snapshots
    recorded before names stopped falling back to e-mail may hold one), else the role."""
    snapshot = snapshot or {}
    name = snapshot.get("nombre") or ""
    return name if name and "@" not in name else _role_label(snapshot.get("rol"))


def _role_label(code: str | None) -> str:
    if not code or code == "ANONIMO":
        return str(_("Requester"))
    if code == "SISTEMA":
        return str(_("System"))
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def _value(key: str, value, names: dict, areas: dict) -> str | None:
    if value in (None, ""):
        return None
    if key == "status":
        try:
            return str(Status(value).label)
        except ValueError:
            return str(value)
    if key == "assignee":
        return names.get(str(value), str(_("an agent")))
    if key == "area":
        return areas.get(str(value), str(value))
    if key == "urgency":
        return label_for(value)
    if key == "pauseKind":
        return str(PauseKind(value).label) if value in PauseKind.values else str(value)
    if key == "tags":
        return ", ".join(str(v) for v in value) or None
    return str(value)


def _files(activity: Activity, link, for_requester: bool) -> list[FileLink]:
    """Stored files (prefetched ``attachments``) through ``link(attachment, inline)``; for
    agents also metadata-only attachments recorded before files were stored here."""
    files = []
    if link is not None:
        for a in activity.attachments.all():
            if for_requester and not a.public:
                continue
            thumb = link(a, True) if a.is_image and a.mime != "image/heic" else ""
            files.append(FileLink(a.name, a.size, a.mime, link(a, False), thumb, a.width, a.height))
    if not for_requester:
        for item in activity.data.get("attachments") or []:
            url = str(item.get("url") or "")
            if isinstance(item, dict) and url.startswith(("https://", "http://")):
                files.append(FileLink(str(item.get("name") or url), item.get("size"), "", url))
    return files


def timeline(activities, *, for_requester: bool = False, link=None) -> list[Entry]:
    """Entries for ``activities`` (already fetched, attachments prefetched). One extra
    query names assignees, one names areas (whatever the length of the history).

    ``for_requester`` hides every e-mail address (agents show by name, or by role when
    the snapshot holds no name), every reason, every "before" value and every internal
    file. ``link(attachment, inline)`` makes each file's URL (none listed without it).
    """
    activities = list(activities)
    ids, codes = set(), set()
    for a in activities:
        for source in (a.data, a.data.get("previousAttributes") or {}):
            if source.get("assignee"):
                ids.add(str(source["assignee"]))
            if source.get("area"):
                codes.add(str(source["area"]))
    areas = {}
    if codes:
        areas = dict(Area.objects.filter(code__in=codes).values_list("code", "name"))
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
        who = requester_safe_name(snap) if for_requester else (snap.get("nombre") or role)
        previous = a.data.get("previousAttributes") or {}
        changes = [
            Change(
                key,
                str(FIELD_LABELS.get(key, key)),
                None if for_requester else _value(key, previous.get(key), names, areas),
                _value(key, value, names, areas),
            )
            for key, value in a.data.items()
            if key not in NOT_CHANGES and (key in previous or a.type == "ticketCreated")
        ]
        entries.append(
            Entry(
                activity=a,
                title=_title(a, snap.get("rol"), for_requester),
                who=who,
                role=role,
                public=a.public,
                text=a.data.get("text", "") or a.data.get("comment", ""),
                reason="" if for_requester else a.data.get("reason", ""),
                changes=changes,
                files=_files(a, link, for_requester),
            )
        )
    return entries
