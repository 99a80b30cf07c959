"""Request bodies and query parameters of the Spacebring face: parsing only.

Errors come out as ``{"message": "<field path>: <reason>", "type": "validation"}``
through ``errors.exception_handler``.
"""

from datetime import UTC

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core import api_fields as fields
from tickets.models import SpacebringType
from tickets.workflow import SPACEBRING_WRITE

SPACEBRING_STATUSES = sorted(SPACEBRING_WRITE)


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know, so typos are reported instead of ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({unknown[0]: [_("Unknown field.")]})
        return super().to_internal_value(data)


class UtcDateTimeField(serializers.DateTimeField):
    """ISO 8601; naive values are UTC; dates no database can hold are a validation error."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=UTC, **kwargs)

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except OverflowError:
            self.fail("overflow")


class TicketListQuery(serializers.Serializer):
    pageToken = serializers.CharField(required=False, max_length=200)  # noqa: N815
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)
    locationRef = serializers.UUIDField(required=False)  # noqa: N815
    status = serializers.ChoiceField(choices=SPACEBRING_STATUSES, required=False)
    type = serializers.ChoiceField(choices=SpacebringType.values, required=False)
    membershipRefAssignee = serializers.UUIDField(required=False)  # noqa: N815
    membershipRefRequester = serializers.UUIDField(required=False)  # noqa: N815
    # A date without an offset is read as UTC, the API's time zone.
    createDateFrom = UtcDateTimeField(required=False)  # noqa: N815
    createDateTo = UtcDateTimeField(required=False)  # noqa: N815


class Attachment(StrictSerializer):
    """An upload of ``POST /support/tickets/v1/attachments`` named by its ``key``; the
    other keys of the object it returned may be sent back and are ignored."""

    key = fields.TextField(max_length=64)
    mime = fields.TextField(max_length=200, required=False)
    name = fields.TextField(max_length=500, required=False)
    size = serializers.IntegerField(min_value=0, required=False)
    url = fields.TextField(max_length=2000, required=False)
    height = serializers.IntegerField(min_value=0, required=False)
    width = serializers.IntegerField(min_value=0, required=False)


# The contract's own bodies (create, status) do not say ``additionalProperties: false``: keys
# they do not name are ignored. Our extensions' bodies (assignee, comment, attachment
# references) refuse them, and the served schema says so (``StrictComponent``).


class NewTicket(serializers.Serializer):
    locationRef = fields.UUIDStringField()  # noqa: N815
    text = fields.TextField(max_length=5000)
    userRefRequester = fields.UUIDStringField(required=False)  # noqa: N815
    type = serializers.ChoiceField(choices=SpacebringType.values, required=False)
    # Our extension: uploads (POST …/attachments) sent with the ticket, by key.
    attachments = Attachment(many=True, required=False)


class CreateTicketBody(serializers.Serializer):
    ticket = NewTicket()


class StatusChange(serializers.Serializer):
    status = serializers.ChoiceField(choices=SPACEBRING_STATUSES)


class StatusBody(serializers.Serializer):
    ticket = StatusChange()


class AssigneeChange(StrictSerializer):
    membershipRefAssignee = fields.UUIDStringField(allow_null=True)  # noqa: N815


class AssigneeBody(StrictSerializer):
    ticket = AssigneeChange()


class NewComment(StrictSerializer):
    """A comment: ``text`` is required (not blank) unless ``attachments`` names at least one
    file."""

    text = fields.TextField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text="Required (not blank) unless attachments names at least one file.",
    )
    attachments = Attachment(many=True, required=False)
    schema_rule = {
        "anyOf": [
            {"required": ["text"], "properties": {"text": {"pattern": "\\S"}}},
            {"required": ["attachments"], "properties": {"attachments": {"minItems": 1}}},
        ]
    }

    def validate(self, data):
        if not (data.get("text") or "").strip() and not data.get("attachments"):
            raise serializers.ValidationError({"text": [_("This field is required.")]})
        return data


class CommentBody(StrictSerializer):
    comment = NewComment()
