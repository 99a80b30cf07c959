"""What agents share: macros and saved queue views. Who may use or change one follows the
sight (``visibility.sight``): whoever sees everything uses and manages every one; an area's
agents their own area's (and the ones shared with everybody); nobody else any.

Saved queue views (``SavedView``): an agent uses its own views, the ones shared with
everyone and the ones shared with an area it sees; only the owner renames or deletes one
(ADMIN too). Sharing with everyone is for those who see everything; an AREA agent shares
only with its own area. A view never widens the list: whoever uses it still gets
``visible_tickets``. Macros (``can_manage_macro``, ``usable_macros_q``): MESA/ADMIN manage
and use every macro; an AREA agent manages and uses its own area's macros and uses the
shared ones (no area scope).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from tickets.access.requester import is_active
from tickets.access.visibility import sight
from tickets.errors import NotAllowed, NotFound
from tickets.models import SavedView

# Macros -----------------------------------------------------------------------------------


def can_manage_macro(user, area_scope_id=None) -> bool:
    """Whether ``user`` may create, change or delete a macro scoped to ``area_scope_id``
    (``None``: shared by every agent)."""
    seen = sight(user)
    return seen.everything or (area_scope_id is not None and seen.sees_area(area_scope_id))


def usable_macros_q(user) -> Q | None:
    """The macros ``user`` may use, as a condition (``None``: none at all)."""
    areas = sight(user).area_q("area_scope_id")
    if areas is None or areas == Q():
        return areas
    return Q(area_scope__isnull=True) | areas


def managed_macros_q(user) -> Q | None:
    """The macros ``user`` may change (``can_manage_macro`` as a condition)."""
    return sight(user).area_q("area_scope_id")


# Saved queue views --------------------------------------------------------------------------


def saved_views_q(user) -> Q | None:
    """The saved views ``user`` may use (``None``: none): own, shared with everyone, shared
    with an area whose tickets the user sees."""
    areas = sight(user).area_q("area_id")
    if areas is None or not user.is_agent:
        return None
    return Q(owner_id=user.pk) | Q(visibility="everyone") | (Q(visibility="area") & areas)


def may_share_view(user, visibility: str, area_id) -> bool:
    """Whether ``user`` may give a view of its own this visibility (and area)."""
    seen = sight(user)
    if not seen.desk or not user.is_agent:
        return False
    if visibility == "private":
        return True
    if visibility == "everyone":
        return seen.everything
    if visibility == "area":
        return area_id is not None and seen.sees_area(area_id)
    return False


def may_change_view(user, view) -> bool:
    """Rename, re-share or delete: the owner (while an agent), or an ADMIN (who moderates
    what is shared: an acting rule, not a matter of sight)."""
    if not is_active(user) or not user.is_agent:
        return False
    return view.owner_id == user.pk or user.role == Role.ADMIN


def saved_view_for(user, view_id, *, change: bool = False) -> SavedView:
    """The saved view ``view_id`` if ``user`` may use it (``change``: rename / delete it).
    One it may not use is ``NotFound``, like an unknown id; one it may use but not change
    is ``NotAllowed``."""
    condition = saved_views_q(user)
    try:
        pk = int(view_id)
    except (TypeError, ValueError):
        raise NotFound(_("View not found.")) from None
    view = None if condition is None else SavedView.objects.filter(condition, pk=pk).first()
    if view is None:
        raise NotFound(_("View not found."))
    if change and not may_change_view(user, view):
        raise NotAllowed(_("Only its owner may change this view."))
    return view
