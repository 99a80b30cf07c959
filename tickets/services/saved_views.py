"""Saved queue views (issue 18): create, rename / re-share, delete. Who may share with
whom is ``tickets.access.may_share_view``; which views a user may use or change is
``saved_view_for``. ``params`` is the dashboard's query string as a flat JSON object
of short strings, under known keys only (the portal checks each value against its filter
form before calling; the list it gives is still only what the user may see)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, User
from tickets.access import may_change_view, may_share_view
from tickets.errors import NotAllowed, ValidationFailed
from tickets.models import VIEW_NAME_MAX, SavedView, Visibility

VIEW_PARAM_KEYS = frozenset(
    {
        "group",
        "status",
        "priority",
        "area",
        "tipo",
        "assignee",
        "mine",
        "unassigned",
        "sla_breached",
        "sla_soon",
        "breaching",
        "tag",
        "q",
        "ordering",
    }
)
PARAM_MAX = 200
VIEWS_PER_USER = 50


def clean_view_params(params) -> dict[str, str]:
    """Known keys with non-empty string values (``ValidationFailed`` for anything else)."""
    if not isinstance(params, dict):
        raise ValidationFailed.for_field("params", _("Must be an object."))
    cleaned = {}
    for key, value in params.items():
        if key not in VIEW_PARAM_KEYS:
            raise ValidationFailed.for_field("params", _("Unknown filter: %(k)s.") % {"k": key})
        if not isinstance(value, str) or len(value) > PARAM_MAX:
            raise ValidationFailed.for_field("params", _("Invalid value for %(k)s.") % {"k": key})
        if value.strip():
            cleaned[key] = value.strip()
    return cleaned


def _clean_name(name) -> str:
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        raise ValidationFailed.for_field("name", _("This field is required."))
    if len(name) > VIEW_NAME_MAX:
        raise ValidationFailed.for_field(
            "name", _("Ensure this field has no more than %(n)d characters.") % {"n": VIEW_NAME_MAX}
        )
    return name


def _sharing(actor, visibility, area) -> tuple[str, Area | None]:
    if visibility not in Visibility.values:
        raise ValidationFailed.for_field("visibility", _("Choose who may use the view."))
    if visibility == Visibility.AREA:
        if area is None:
            raise ValidationFailed.for_field("area", _("Choose the area to share with."))
        if not isinstance(area, Area):
            area = Area.objects.filter(pk=area, active=True).first()
            if area is None:
                raise ValidationFailed.for_field("area", _("Unknown area."))
    else:
        area = None
    if not may_share_view(actor, visibility, area.pk if area else None):
        raise NotAllowed(_("Your role does not allow sharing a view this way."))
    return visibility, area


@transaction.atomic(durable=True)
def saved_view_create(
    *,
    actor: User,
    name: str,
    params: dict,
    visibility: str = Visibility.PRIVATE,
    area: Area | int | None = None,
) -> SavedView:
    """A new view owned by ``actor`` (an agent)."""
    if not may_share_view(actor, Visibility.PRIVATE, None):
        raise NotAllowed(_("Your role does not allow this action."))
    name = _clean_name(name)
    params = clean_view_params(params)
    visibility, area = _sharing(actor, visibility, area)
    if SavedView.objects.filter(owner=actor).count() >= VIEWS_PER_USER:
        raise ValidationFailed.for_field(
            "name", _("You have %(n)d saved views: delete one first.") % {"n": VIEWS_PER_USER}
        )
    return SavedView.objects.create(
        name=name, owner=actor, params=params, visibility=visibility, area=area
    )


@transaction.atomic(durable=True)
def saved_view_update(
    *,
    actor: User,
    view: SavedView,
    name: str,
    visibility: str,
    area: Area | int | None = None,
) -> SavedView:
    """Rename and / or re-share a view (its owner or an ADMIN; sharing rules as on create)."""
    locked = SavedView.objects.select_for_update().get(pk=view.pk)
    if not may_change_view(actor, locked):
        raise NotAllowed(_("Only its owner may change this view."))
    locked.name = _clean_name(name)
    locked.visibility, locked.area = _sharing(actor, visibility, area)
    locked.updated_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic(durable=True)
def saved_view_delete(*, actor: User, view: SavedView) -> None:
    locked = SavedView.objects.select_for_update().filter(pk=view.pk).first()
    if locked is None:
        return
    if not may_change_view(actor, locked):
        raise NotAllowed(_("Only its owner may change this view."))
    locked.delete()
