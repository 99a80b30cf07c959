"""The ticket page's composer: a public reply or an internal note, with the status,
priority and area beside the send button, and a macro's internal note — one transaction."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, User
from tickets.access import Action, ensure_can
from tickets.errors import ValidationFailed
from tickets.models import Activity, Priority, Status, Ticket
from tickets.selectors.lookups import resolve_area, resolve_priority
from tickets.services._base import clean_response, clean_text, lock, write_comment
from tickets.services.attachments import as_list, files_removed_on_rollback
from tickets.services.status import update
from tickets.services.work import comment
from tickets.workflow import check_open_for_comments, parse_status


def _differs(ticket: Ticket, status, priority, area, pause_kind=None) -> bool:
    """Whether any of the asked values differs from the ticket's (``None``: keep)."""
    target = ticket.status if status is None else parse_status(status, field="status")
    if target != ticket.status:
        return True
    if pause_kind and target == Status.PAUSADO and pause_kind != ticket.pause_kind:
        return True
    if priority is not None and resolve_priority(priority, field="priority").pk != (
        ticket.priority_id
    ):
        return True
    return area is not None and resolve_area(area, field="area").pk != ticket.area_id


@files_removed_on_rollback(durable=False)  # held by an inbound e-mail's row (mail.inbound)
def ticket_reply(
    *,
    actor: User,
    ticket: Ticket | str,
    text: str = "",
    public: bool = True,
    status: str | None = None,
    priority: Priority | str | None = None,
    area: Area | str | None = None,
    uploads: Sequence | None = None,
    note: str = "",
    pause_kind: str | None = None,
) -> list[Activity]:
    """Send the composer: ``text`` (and ``uploads``) as a public response (``public``) or an
    internal note, with ``status``/``priority``/``area`` changes (``None`` keeps each), what
    a pause waits for (``pause_kind``, with the status PAUSADO) and an extra internal
    ``note`` (a macro's). Returns the entries written, in order.

    Locked once (the version checked once), then the parts as ``ticket_update`` and
    ``ticket_comment`` write them (``status.update``, ``work.comment``): a public reply is
    the change then the response (one e-mail to the requester); an internal note is the
    change, then the note. The same rules as every other way in: the permission of each
    part, the state machine, the 5-character minimum of a public response.
    """
    return reply(
        actor=actor,
        ticket=lock(ticket),
        text=text,
        public=public,
        moves={"status": status, "priority": priority, "area": area, "pause_kind": pause_kind},
        uploads=uploads,
        note=note,
    )


def reply(
    *,
    actor: User,
    ticket: Ticket,
    text: str,
    public: bool,
    moves: dict,
    uploads: Sequence | None,
    note: str,
) -> list[Activity]:
    """``ticket_reply`` on a ticket the caller locked (``moves``: status, priority, area,
    pause_kind; ``None`` keeps each)."""
    locked = ticket
    ensure_can(actor, Action.COMMENT if public else Action.NOTE, locked)
    check_open_for_comments(locked.status)
    text = clean_response(text, "text", actor=actor, public=public, required=False)
    note = clean_text(note, "note", required=False)
    uploads = as_list(uploads)
    changed = _differs(locked, moves["status"], moves["priority"], moves["area"],
                       moves["pause_kind"])  # fmt: skip
    if not (text or uploads or changed or note):
        raise ValidationFailed.for_field("text", _("Write a reply or change something."))
    written: list[Activity] = []
    if public and (text or uploads or changed):
        written += update(actor=actor, ticket=locked, response=text, uploads=uploads, **moves)
    elif not public:
        if changed:
            written += update(actor=actor, ticket=locked, **moves)
        if text or uploads:
            written.append(
                comment(actor=actor, ticket=locked, text=text, public=False, uploads=uploads)
            )
    if note:
        ensure_can(actor, Action.NOTE, locked)
        written.append(
            write_comment(actor=actor, ticket=locked, text=note, public=False, now=timezone.now())
        )
    return written
