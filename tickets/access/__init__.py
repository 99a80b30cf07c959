"""Who sees and who may do what: the domain's access rules, in one package.

- ``visibility``: THE visibility rule (``sight_of`` is the one switch) and every reader
  built on it (``visible_tickets``, ``visible_ticket_q``, ``visible_areas_q``,
  ``requester_tickets``, ``agents_who_can_see``);
- ``rules``: the rule book (``Action``, ``can``, ``ensure_can``, ``transition_action``);
- ``requester``: the principals besides a user (``Requester``, ``SYSTEM``);
- ``fetch``: ``ticket_for``, the ticket an actor may act on or an error;
- ``shared``: macros and saved queue views.
"""

from tickets.access.fetch import ticket_for
from tickets.access.requester import SYSTEM, SYSTEM_ROLE, Actor, Requester, account_of, is_active
from tickets.access.rules import (
    AREA_ACTIONS,
    DESK_ACTIONS,
    OTHER_AREA_MESSAGE,
    PLAIN_UPDATES,
    PUBLIC_ACTIONS,
    REQUESTER_ACTIONS,
    ROLE_ACTIONS,
    ROLE_MESSAGE,
    SYSTEM_ACTIONS,
    Action,
    can,
    ensure_can,
    refusal_reason,
    sees_internal,
    transition_action,
)
from tickets.access.shared import (
    can_manage_macro,
    managed_macros_q,
    may_change_view,
    may_share_view,
    saved_view_for,
    saved_views_q,
    usable_macros_q,
)
from tickets.access.visibility import (
    Scope,
    Sight,
    agents_seeing_q,
    agents_who_can_see,
    requester_tickets,
    sight,
    sight_of,
    visible_areas_q,
    visible_ticket_q,
    visible_tickets,
)

__all__ = [
    "AREA_ACTIONS",
    "DESK_ACTIONS",
    "OTHER_AREA_MESSAGE",
    "PLAIN_UPDATES",
    "PUBLIC_ACTIONS",
    "REQUESTER_ACTIONS",
    "ROLE_ACTIONS",
    "ROLE_MESSAGE",
    "SYSTEM",
    "SYSTEM_ACTIONS",
    "SYSTEM_ROLE",
    "Action",
    "Actor",
    "Requester",
    "Scope",
    "Sight",
    "account_of",
    "agents_seeing_q",
    "agents_who_can_see",
    "can",
    "can_manage_macro",
    "ensure_can",
    "is_active",
    "managed_macros_q",
    "may_change_view",
    "may_share_view",
    "refusal_reason",
    "requester_tickets",
    "saved_view_for",
    "saved_views_q",
    "sees_internal",
    "sight",
    "sight_of",
    "ticket_for",
    "transition_action",
    "usable_macros_q",
    "visible_areas_q",
    "visible_ticket_q",
    "visible_tickets",
]
