"""People, areas and places, API clients, and business calendars. Each module imports only
the ones it builds on; this one re-exports them, so ``from accounts.models import X`` is the
one way other modules name a model.
"""

from accounts.models.calendars import BusinessCalendar, Holiday, Weekday, WorkingInterval
from accounts.models.clients import ApiClient, ApiClientScope, UsedAuthorizationCode
from accounts.models.people import (
    AGENT_ROLES,
    Area,
    Location,
    Membership,
    MembershipRoleType,
    Network,
    Role,
    User,
    UserManager,
)

__all__ = [
    "AGENT_ROLES",
    "ApiClient",
    "ApiClientScope",
    "Area",
    "BusinessCalendar",
    "Holiday",
    "Location",
    "Membership",
    "MembershipRoleType",
    "Network",
    "Role",
    "UsedAuthorizationCode",
    "User",
    "UserManager",
    "Weekday",
    "WorkingInterval",
]
