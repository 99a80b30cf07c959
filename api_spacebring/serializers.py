"""Output objects of the Spacebring face, exactly as the contract's schemas describe them.

No extra keys (the schemas say ``additionalProperties: false``); optional keys that have no
value are left out unless the schema allows ``null``; timestamps are ISO 8601 UTC with
``Z``; internal statuses are shown in Spacebring's four-word vocabulary.

Activities store internal statuses and membership ids in ``data``; ``ActivitySerializer``
translates them and expands the membership ids from ``context["memberships"]`` (loaded
in one query by ``memberships_for``), so a history of any length costs the same.

``context["viewer"]`` is the caller. E-mail and phone are given "when visible to the caller"
(the contract): an agent sees everyone's; a requester sees only their own, never an agent's.
"""

from datetime import UTC, datetime

from rest_framework import serializers

from accounts.models import Membership, User
from api_spacebring.attachment_objects import attachment_object, legacy_objects
from tickets.models import Activity, ActivityType, Ticket
from tickets.selectors import api as api_reads
from tickets.workflow import to_spacebring

SPACEBRING_ACTIVITY_TYPES = api_reads.SPACEBRING_ACTIVITY_TYPES


def iso(value: datetime) -> str:
    """``2026-01-31T14:05:09.123Z``."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class UserSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    photoUrl = serializers.CharField(allow_null=True)  # noqa: N815 - the contract's names
    name = serializers.CharField(allow_null=True, required=False)
    surname = serializers.CharField(allow_null=True, required=False)
    email = serializers.CharField(required=False)
    phoneNumber = serializers.CharField(required=False)  # noqa: N815
    blocked = serializers.BooleanField(required=False)

    def to_representation(self, user: User) -> dict:
        return user_data(user, self.context.get("viewer"))


def user_data(user: User, viewer) -> dict:
    """``UserSerializer(user, context={"viewer": viewer}).data`` without a serializer per
    nested object (hot lists); e-mail and phone only when visible to ``viewer``."""
    data = {
        "id": str(user.id),
        "photoUrl": user.photo_url or None,
        "name": user.name or None,
        "surname": user.surname or None,
    }
    visible = contact_visible(viewer, user)
    if visible:
        data["email"] = user.email
    data["blocked"] = user.blocked
    if user.phone and visible:
        data["phoneNumber"] = user.phone
    return data


def membership_data(membership: Membership, viewer) -> dict:
    """``MembershipSerializer(membership).data``, likewise."""
    return {
        "id": str(membership.id),
        "roleType": membership.role_type,
        "type": membership.type,
        "user": user_data(membership.user, viewer),
    }


def contact_visible(viewer, user: User) -> bool:
    """Whether ``viewer`` may read ``user``'s e-mail and phone: agents read everyone's,
    anyone else only their own. No viewer (a server-side render) shows them."""
    if viewer is None:
        return True
    return bool(viewer.is_agent or viewer.pk == user.pk)


class MembershipSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    roleType = serializers.CharField()  # noqa: N815
    type = serializers.CharField()
    user = UserSerializer(required=False)

    def to_representation(self, membership: Membership) -> dict:
        return membership_data(membership, self.context.get("viewer"))


class TicketSerializer(serializers.Serializer):
    """A ticket; expects ``selectors.TICKET_RELATED`` joined and ``selectors.with_memberships``
    prefetched (no query per row)."""

    id = serializers.UUIDField()
    number = serializers.IntegerField()
    locationRef = serializers.UUIDField()  # noqa: N815
    type = serializers.CharField()
    status = serializers.ChoiceField(choices=["closed", "inProgress", "new", "solved"])
    description = serializers.CharField()
    createDate = serializers.DateTimeField()  # noqa: N815
    updateDate = serializers.DateTimeField()  # noqa: N815
    statusUpdateDate = serializers.DateTimeField()  # noqa: N815
    membershipRefRequester = serializers.UUIDField(required=False)  # noqa: N815
    membershipRequester = MembershipSerializer(required=False)  # noqa: N815
    membershipRefAssignee = serializers.UUIDField(required=False)  # noqa: N815
    membershipAssignee = MembershipSerializer(required=False)  # noqa: N815
    userRequester = UserSerializer(allow_null=True)  # noqa: N815
    userAssignee = UserSerializer(allow_null=True)  # noqa: N815

    def to_representation(self, ticket: Ticket) -> dict:
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
        viewer = self.context.get("viewer")
        for role, membership in (
            ("Requester", ticket.requester_membership),
            ("Assignee", ticket.assignee_membership),
        ):
            if membership is not None:
                data[f"membershipRef{role}"] = str(membership.id)
                data[f"membership{role}"] = membership_data(membership, viewer)
        for role, user in (("Requester", ticket.requester), ("Assignee", ticket.assignee)):
            data[f"user{role}"] = user_data(user, viewer) if user else None
        return data


def _membership_ids(activity: Activity) -> list[str]:
    data = activity.data or {}
    previous = data.get("previousAttributes") or {}
    return [m for m in (data.get("membershipAssignee"), previous.get("membershipAssignee")) if m]


def memberships_for(activities) -> dict[str, Membership]:
    """Every membership the activities' ``data`` names, with its user: one query."""
    ids = {m for activity in activities for m in _membership_ids(activity)}
    if not ids:
        return {}
    rows = api_reads.membership_cards().filter(id__in=ids)
    return {str(m.id): m for m in rows}


class ActivityDataSerializer(serializers.Serializer):
    """Documents the ``data`` object; ``ActivitySerializer`` builds it."""

    status = serializers.CharField(required=False)
    text = serializers.CharField(required=False)
    attachments = serializers.ListField(child=serializers.DictField(), required=False)
    membershipAssignee = MembershipSerializer(required=False)  # noqa: N815
    previousAttributes = serializers.DictField(required=False)  # noqa: N815


class ActivitySerializer(serializers.Serializer):
    """One ``ticketActivity``. Needs ``context["memberships"]`` from ``memberships_for``."""

    id = serializers.UUIDField()
    ticketRef = serializers.UUIDField()  # noqa: N815
    type = serializers.ChoiceField(choices=[t.value for t in SPACEBRING_ACTIVITY_TYPES])
    createDate = serializers.DateTimeField()  # noqa: N815
    membership = MembershipSerializer(required=False)
    data = ActivityDataSerializer(required=False)

    def to_representation(self, activity: Activity) -> dict:
        data = {
            "id": str(activity.id),
            "ticketRef": str(activity.ticket_id),
            "type": activity.type,
            "createDate": iso(activity.created_at),
            "data": self._payload(activity.data or {}),
        }
        files = legacy_objects(activity.data or {}) + [
            attachment_object(row)
            for row in activity.attachments.all()  # prefetched
        ]
        if files:
            data["data"]["attachments"] = files
        if activity.actor_membership is not None:
            data["membership"] = membership_data(
                activity.actor_membership, self.context.get("viewer")
            )
        return data

    def _attributes(self, stored: dict) -> dict:
        """``status`` and ``membershipAssignee`` translated; every other key dropped."""
        out: dict = {}
        if stored.get("status"):
            out["status"] = to_spacebring(stored["status"])
        membership = self.context.get("memberships", {}).get(stored.get("membershipAssignee"))
        if membership is not None:
            out["membershipAssignee"] = membership_data(membership, self.context.get("viewer"))
        return out

    def _payload(self, stored: dict) -> dict:
        out = self._attributes(stored)
        previous = self._attributes(stored.get("previousAttributes") or {})
        if "status" in previous and previous["status"] == out.get("status"):
            # ASIGNADO -> PAUSADO reads inProgress -> inProgress: no status change to show.
            del previous["status"], out["status"]
        if previous:
            out["previousAttributes"] = previous
        if isinstance(stored.get("text"), str):
            out["text"] = stored["text"]
        return out


def shown(activity: dict) -> bool:
    """Whether a serialised activity says something in this face's four types. A
    ``statusUpdated`` needs a status change (a Mesa ``actualizar`` of priority or area
    alone stays in the Mesa history); an ``assigneeUpdated`` needs an assignee or status to
    show; ``ticketCreated`` and ``comment`` always say something."""
    if activity["type"] == ActivityType.STATUS_UPDATED:
        return "status" in activity["data"]
    if activity["type"] == ActivityType.ASSIGNEE_UPDATED:
        return bool(activity["data"])
    return True


def activities_data(activities, *, viewer=None) -> list[dict]:
    """Serialise the activities this face shows (``shown``), memberships batch-loaded."""
    activities = list(activities)
    context = {"memberships": memberships_for(activities), "viewer": viewer}
    rows = ActivitySerializer(activities, many=True, context=context).data
    return [row for row in rows if shown(row)]
