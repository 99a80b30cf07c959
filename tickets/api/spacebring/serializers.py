"""Output objects of the Spacebring face, exactly as the contract's schemas describe them.

No extra keys (the schemas say ``additionalProperties: false``); optional keys that have no
value are left out unless the schema allows ``null``; timestamps are ISO 8601 UTC with
``Z``; internal statuses are shown in Spacebring's four-word vocabulary.

Activities store internal statuses and membership ids in ``data``; ``ActivitySerializer``
translates them and expands the membership ids from ``context["memberships"]`` (loaded
in one query by ``memberships_for``), so a history of any length costs the same.
"""

from datetime import UTC, datetime

from rest_framework import serializers

from accounts.models import Membership, User
from tickets.models import Activity, ActivityType, Ticket
from tickets.workflow import to_spacebring

SPACEBRING_ACTIVITY_TYPES = (
    ActivityType.TICKET_CREATED,
    ActivityType.STATUS_UPDATED,
    ActivityType.ASSIGNEE_UPDATED,
    ActivityType.COMMENT,
)
ATTACHMENT_KEYS = ("key", "mime", "name", "size", "url", "height", "width")


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
        return user_data(user)


def user_data(user: User) -> dict:
    """``UserSerializer(user).data`` without a serializer per nested object (hot lists)."""
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


def membership_data(membership: Membership) -> dict:
    """``MembershipSerializer(membership).data``, likewise."""
    return {
        "id": str(membership.id),
        "roleType": membership.role_type,
        "type": membership.type,
        "user": user_data(membership.user),
    }


class MembershipSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    roleType = serializers.CharField()  # noqa: N815
    type = serializers.CharField()
    user = UserSerializer(required=False)

    def to_representation(self, membership: Membership) -> dict:
        return membership_data(membership)


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
        for role, membership in (
            ("Requester", ticket.requester_membership),
            ("Assignee", ticket.assignee_membership),
        ):
            if membership is not None:
                data[f"membershipRef{role}"] = str(membership.id)
                data[f"membership{role}"] = membership_data(membership)
        data["userRequester"] = user_data(ticket.requester) if ticket.requester else None
        data["userAssignee"] = user_data(ticket.assignee) if ticket.assignee else None
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
    rows = Membership.objects.select_related("user").filter(id__in=ids)
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
            "data": self._data(activity.data or {}),
        }
        if activity.actor_membership is not None:
            data["membership"] = membership_data(activity.actor_membership)
        return data

    def _attributes(self, stored: dict) -> dict:
        """``status`` and ``membershipAssignee`` translated; every other key dropped."""
        out: dict = {}
        if stored.get("status"):
            out["status"] = to_spacebring(stored["status"])
        membership = self.context.get("memberships", {}).get(stored.get("membershipAssignee"))
        if membership is not None:
            out["membershipAssignee"] = membership_data(membership)
        return out

    def _data(self, stored: dict) -> dict:
        out = self._attributes(stored)
        previous = self._attributes(stored.get("previousAttributes") or {})
        if previous:
            out["previousAttributes"] = previous
        if isinstance(stored.get("text"), str):
            out["text"] = stored["text"]
        if stored.get("attachments"):
            out["attachments"] = [
                {k: item[k] for k in ATTACHMENT_KEYS if k in item} for item in stored["attachments"]
            ]
        return out


def activities_data(activities) -> list[dict]:
    """Serialise a list of activities with their memberships batch-loaded."""
    activities = list(activities)
    context = {"memberships": memberships_for(activities)}
    return ActivitySerializer(activities, many=True, context=context).data
