"""DRF permission of the agent endpoints; the rules themselves are ``tickets.access``."""

from rest_framework.permissions import BasePermission

from api_mesa import messages
from tickets.access import Action, can


class IsAgent(BasePermission):
    """Whoever may view some ticket (ADMIN, MESA, AREA); USUARIO gets 403, no token 401."""

    message = messages.FORBIDDEN

    def has_permission(self, request, view) -> bool:
        return can(request.user, Action.VIEW)
