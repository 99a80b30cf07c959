"""Every change of a ticket. Each function is one transaction: the locked row, its new
state and its history entry are written together or not at all.

History rule: every operation writes one activity typed after it (``ticketCreated``,
``statusUpdated``, ``assigneeUpdated``, ``areaTransferred``, ``reclassified``,
``comment``; ``slaAlert`` for system alerts), whose ``data`` holds each attribute it
changed and, under ``previousAttributes``, the value before. ``ticket_update`` (Mesa
``actualizar``) writes a
``statusUpdated`` entry for its status/priority/area changes plus a public ``comment``
with the response. Internal statuses are stored; each way in translates them.

The composer (``ticket_reply``), "assign to me" (``ticket_take``), macros
(``macro_*``), merge and link (``ticket_merge``, ``ticket_link``, ``ticket_unlink``) have
their own modules; merge and link lock both tickets in id order.

The requester's own answers (reply, confirm, "still fails") and the scheduled auto-close
live in ``tickets.services.requester``.
"""

from tickets.services._base import MAX_TEXT, PUBLIC_RESPONSE_MIN, expecting_version, version_of
from tickets.services.attachments import (
    attachment_add,
    attachment_upload,
    attachments_add,
    attachments_claim,
    attachments_sweep,
    files_removed_on_rollback,
)
from tickets.services.create import ticket_create
from tickets.services.macros import macro_apply, macro_create, macro_delete, macro_update
from tickets.services.merge import ticket_link, ticket_merge, ticket_unlink
from tickets.services.notes import ticket_record_system_note
from tickets.services.rating import ticket_record_rating
from tickets.services.reply import ticket_reply
from tickets.services.requester import (
    MAX_REASON,
    ReplyResult,
    ticket_autoclose,
    ticket_requester_confirm,
    ticket_requester_reopen,
    ticket_requester_reply,
)
from tickets.services.saved_views import saved_view_create, saved_view_delete, saved_view_update
from tickets.services.sla import (
    ticket_record_sla_alert,
    ticket_sla_recompute,
    tickets_sla_recompute,
)
from tickets.services.status import (
    ticket_archive,
    ticket_cancel,
    ticket_change_status,
    ticket_pause,
    ticket_reopen,
    ticket_update,
)
from tickets.services.tags import normalize_tag, ticket_tag_add, ticket_tag_remove
from tickets.services.take import ticket_take
from tickets.services.work import ticket_assign, ticket_comment, ticket_reclassify, ticket_transfer

__all__ = [
    # For other apps' own writes that hold these services (mail.inbound): the longest texts
    # a service keeps, and the transaction that removes the files stored in it on rollback.
    "MAX_REASON",
    "MAX_TEXT",
    "PUBLIC_RESPONSE_MIN",
    "files_removed_on_rollback",
    "ReplyResult",
    "attachment_add",
    "attachment_upload",
    "attachments_add",
    "attachments_claim",
    "attachments_sweep",
    "expecting_version",
    "macro_apply",
    "macro_create",
    "macro_delete",
    "macro_update",
    "ticket_link",
    "ticket_merge",
    "ticket_reply",
    "ticket_take",
    "ticket_unlink",
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
    "ticket_sla_recompute",
    "tickets_sla_recompute",
    "ticket_reopen",
    "ticket_requester_confirm",
    "ticket_requester_reopen",
    "ticket_requester_reply",
    "ticket_transfer",
    "ticket_update",
    "normalize_tag",
    "saved_view_create",
    "saved_view_delete",
    "saved_view_update",
    "ticket_tag_add",
    "ticket_tag_remove",
    "ticket_record_system_note",
]
