"""Scopes per endpoint: reads need ``support`` or ``support.readonly``; writes need ``support``.

What a caller may do to a ticket (role, area) is decided by ``tickets.access``.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from api_spacebring.authentication import Caller

READ_SCOPES = frozenset({"support", "support.readonly"})
WRITE_SCOPES = frozenset({"support"})


class HasSupportScope(BasePermission):
    message = _("The credentials lack the scope this call needs.")

    def has_permission(self, request, view) -> bool:
        caller = request.auth
        if not isinstance(caller, Caller) or not request.user.is_authenticated:
            return False
        needed = READ_SCOPES if request.method in SAFE_METHODS else WRITE_SCOPES
        return bool(caller.scopes & needed)
