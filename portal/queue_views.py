"""The queue's views (issue 18): built-in ones and the user's saved ones, as the
dashboard's query parameters.

A view is only a set of filter / sort parameters: the list is still
``selectors.ticket_list(user=...)`` narrowed by ``TicketFilter``, so a view (built-in,
own or shared) never shows a ticket its user may not see. Parameters given in the query
string beside ``view`` override the view's (the filter form, the pager).
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tickets.access import saved_view_for, saved_views_q
from tickets.errors import DomainError
from tickets.models import SavedView
from tickets.services.saved_views import VIEW_PARAM_KEYS

VIEW = "view"
BREACHING_SOON_HOURS = "4"


@dataclass(frozen=True)
class BuiltinView:
    key: str
    name: object
    params: dict


BUILTIN_VIEWS = {
    v.key: v
    for v in (
        BuiltinView("open", _("All open"), {"group": "open", "ordering": "sla"}),
        BuiltinView(
            "mine", _("My open tickets"), {"group": "open", "mine": "1", "ordering": "sla"}
        ),
        BuiltinView(
            "unassigned",
            _("Unassigned in my areas"),
            {"group": "open", "unassigned": "1", "ordering": "sla"},
        ),
        BuiltinView(
            "breaching",
            _("Breaching soon"),
            {"breaching": BREACHING_SOON_HOURS, "ordering": "sla"},
        ),
    )
}
DEFAULT_VIEW = "open"


def usable_saved_views(user):
    """The saved views ``user`` may use, by name (one query)."""
    condition = saved_views_q(user)
    if condition is None:
        return SavedView.objects.none()
    return (
        SavedView.objects.filter(condition).select_related("owner", "area").order_by("name", "id")
    )


def _view_params(user, key: str) -> tuple[dict, str | None]:
    if key in BUILTIN_VIEWS:
        return BUILTIN_VIEWS[key].params, key
    try:
        view = saved_view_for(user, key)
    except DomainError:
        return BUILTIN_VIEWS[DEFAULT_VIEW].params, DEFAULT_VIEW
    return view.params, str(view.pk)


def resolve(user, get: QueryDict, ignore=()) -> tuple[QueryDict, str | None]:
    """(the filter parameters to apply, the active view's key or ``None``).

    No ``view`` and no filter parameter at all: the default view ("All open", by SLA).
    """
    given = [k for k in get if k in VIEW_PARAM_KEYS and k not in ignore]
    key = get.get(VIEW)
    if key:
        base, active = _view_params(user, key)
    elif not given:
        base, active = BUILTIN_VIEWS[DEFAULT_VIEW].params, DEFAULT_VIEW
    else:
        base, active = {}, None
    data = QueryDict(mutable=True)
    for name, value in base.items():
        if name in VIEW_PARAM_KEYS:
            data[name] = value
    for name in given:
        data.setlist(name, get.getlist(name))
    return data, active


def params_of(data: QueryDict) -> dict[str, str]:
    """The non-empty filter parameters of ``data`` (what a saved view stores)."""
    return {k: data.get(k) for k in data if k in VIEW_PARAM_KEYS and data.get(k)}
