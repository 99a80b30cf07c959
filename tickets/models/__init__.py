"""The domain: tickets, their priorities, their append-only history and what agents keep
beside them (links, macros, SLA policies, counters, tags, saved views).

Models hold data and a few derived read-only helpers. Every change of a ticket goes
through ``tickets.services``; nothing here decides who may do what. Each module imports
only the ones it builds on; this one re-exports them, so ``from tickets.models import X``
is the one way other modules name a model.
"""

from tickets.models.activity import Activity, ActivityQuerySet, Attachment
from tickets.models.choices import ActivityType, PauseKind, SlaAlertKind, SpacebringType, Tipo
from tickets.models.link import TicketLink
from tickets.models.macro import Macro
from tickets.models.sla import SlaPolicy
from tickets.models.stats import TicketCounter
from tickets.models.tag import TAG_MAX_LENGTH, Tag, TicketTag
from tickets.models.ticket import Priority, Ticket
from tickets.models.view import VIEW_NAME_MAX, SavedView, Visibility
from tickets.workflow import OPEN_Q, OPEN_VALUES, Status

__all__ = [
    "OPEN_Q",
    "OPEN_VALUES",
    "TAG_MAX_LENGTH",
    "VIEW_NAME_MAX",
    "Activity",
    "ActivityQuerySet",
    "ActivityType",
    "Attachment",
    "Macro",
    "PauseKind",
    "Priority",
    "SavedView",
    "SlaAlertKind",
    "SlaPolicy",
    "SpacebringType",
    "Status",
    "Tag",
    "Ticket",
    "TicketCounter",
    "TicketLink",
    "TicketTag",
    "Tipo",
    "Visibility",
]
