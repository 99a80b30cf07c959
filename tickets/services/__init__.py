"""Every change of a ticket. Each function is one transaction: the locked row, its new
state and its history entry are written together or not at all.

History rule: every operation writes one activity typed after it (``ticketCreated``,
``statusUpdated``, ``assigneeUpdated``, ``areaTransferred``, ``reclassified``,
``comment``; ``slaAlert`` for system alerts), whose ``data`` holds each attribute it
changed and, under ``previousAttributes``, the value before. ``ticket_update`` (Mesa
``actualizar``) writes a
``statusUpdated`` entry for its status/priority/area changes plus a public ``comment``
with the response. Internal statuses are stored; each way in translates them.

The requester's own answers (reply, confirm, "still fails") and the scheduled auto-close
live in ``tickets.services.requester``.
"""

from tickets.services._base import expecting_version, version_of
from tickets.services.attachments import (
    attachment_add,
    attachment_upload,
    attachments_add,
    attachments_claim,
    attachments_sweep,
)
from tickets.services.create import ticket_create
from tickets.services.rating import ticket_record_rating
from tickets.services.requester import (
    ReplyResult,
    ticket_autoclose,
    ticket_requester_comment,
    ticket_requester_confirm,
    ticket_requester_reopen,
    ticket_requester_reply,
)
from tickets.services.sla import ticket_record_sla_alert
from tickets.services.status import (
    ticket_archive,
    ticket_cancel,
    ticket_change_status,
    ticket_pause,
    ticket_reopen,
    ticket_update,
)
from tickets.services.work import ticket_assign, ticket_comment, ticket_reclassify, ticket_transfer

__all__ = [
    "ReplyResult",
    "attachment_add",
    "attachment_upload",
    "attachments_add",
    "attachments_claim",
    "attachments_sweep",
    "expecting_version",
    "version_of",
    "ticket_archive",
    "ticket_assign",
    "ticket_autoclose",
    "ticket_cancel",
    "ticket_change_status",
    "ticket_comment",
    "ticket_create",
    "ticket_pause",
    "ticket_reclassify",
    "ticket_record_rating",
    "ticket_record_sla_alert",
    "ticket_reopen",
    "ticket_requester_comment",
    "ticket_requester_confirm",
    "ticket_requester_reopen",
    "ticket_requester_reply",
    "ticket_transfer",
    "ticket_update",
]
