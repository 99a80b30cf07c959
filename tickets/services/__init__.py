"""Every change of a ticket. Each function is one transaction: the locked row, its new
state and its history entry are written together or not at all.

History rule: every operation writes one activity typed after it (``ticketCreated``,
``statusUpdated``, ``assigneeUpdated``, ``areaTransferred``, ``reclassified``,
``comment``), whose ``data`` holds each attribute it changed and, under
``previousAttributes``, the value before. ``ticket_update`` (Mesa ``actualizar``) writes a
``statusUpdated`` entry for its status/priority/area changes plus a public ``comment``
with the response. Internal statuses are stored; each way in translates them.
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
    "attachment_add",
    "attachment_upload",
    "attachments_add",
    "attachments_claim",
    "attachments_sweep",
    "expecting_version",
    "version_of",
    "ticket_archive",
    "ticket_assign",
    "ticket_cancel",
    "ticket_change_status",
    "ticket_comment",
    "ticket_create",
    "ticket_pause",
    "ticket_reclassify",
    "ticket_reopen",
    "ticket_transfer",
    "ticket_update",
]
