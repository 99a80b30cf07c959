"""Resolve the names and ids that requests carry into rows, or raise ``ValidationFailed``."""

import uuid

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, Location, Membership, User
from tickets.access import sight
from tickets.errors import ValidationFailed
from tickets.models import Priority


def resolve_priority(value, *, field: str) -> Priority:
    if isinstance(value, Priority):
        return value
    name = str(value or "").strip()
    if not name:
        raise ValidationFailed.for_field(field, _("This field is required."))
    priority = Priority.objects.filter(name__iexact=name).first()
    if priority is None:
        raise ValidationFailed.for_field(field, _("Unknown priority '%(name)s'.") % {"name": name})
    return priority


def resolve_area(value, *, field: str) -> Area:
    """An active area by code or display name (case-insensitive); none -> the intake area."""
    if isinstance(value, Area):
        area = value
    else:
        name = str(value or "").strip() or settings.HELPDESK_DEFAULT_AREA
        area = Area.objects.filter(Q(code__iexact=name) | Q(name__iexact=name)).first()
        if area is None:
            raise ValidationFailed.for_field(field, _("Unknown area '%(name)s'.") % {"name": name})
    if not area.active:
        raise ValidationFailed.for_field(
            field, _("The area '%(name)s' is not active.") % {"name": area.code}
        )
    return area


def location_or_default(value, *, field: str) -> Location:
    if isinstance(value, Location):
        return value
    if value in (None, ""):
        location = (
            Location.objects.filter(is_default=True).first()
            or Location.objects.order_by("name").first()
        )
        if location is None:
            raise ValidationFailed.for_field(field, _("No location is configured."))
        return location
    try:
        pk = uuid.UUID(str(value))
    except ValueError:
        raise ValidationFailed.for_field(field, _("Must be a valid UUID.")) from None
    location = Location.objects.filter(pk=pk).first()
    if location is None:
        raise ValidationFailed.for_field(field, _("Unknown location."))
    return location


def membership_of(user: User | None, location_id) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, location_id=location_id).first()


def agent_for_area(user, area: Area, *, field: str) -> User:
    """``user`` (a User, or its id or e-mail) if it is an active agent who may work ``area``."""
    user = resolve_agent(user, field=field)
    if not user.is_agent:
        raise ValidationFailed.for_field(field, _("The user is not an active agent."))
    if not sight(user).sees_area(area.pk):
        raise ValidationFailed.for_field(field, _("The agent does not work in that area."))
    return user


def resolve_agent(value, *, field: str) -> User:
    """An active agent by id (UUID) or e-mail."""
    if isinstance(value, User):
        return value
    raw = str(value or "").strip()
    if not raw:
        raise ValidationFailed.for_field(field, _("This field is required."))
    try:
        user = User.objects.filter(pk=uuid.UUID(raw)).first()
    except ValueError:
        user = User.objects.filter(email__iexact=raw).first()
    if user is None or not user.is_agent:
        raise ValidationFailed.for_field(field, _("Unknown agent."))
    return user
