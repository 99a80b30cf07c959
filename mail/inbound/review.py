"""What an agent does with a held or filtered message (``mail.inbound.keep``): attach it to a
ticket, open a ticket from it, or discard it. Each is one transaction on the locked message
row; the message stays (``resolution`` says what was done, by whom, when).

- ``inbound_attach``: from the ticket's requester, their answer by the rule of the requester
  pages (as if the reply had been accepted); from anyone else, an internal note by the
  agent quoting the sender — the agent then answers whom they choose. The message's files
  go with it.
- ``inbound_open_ticket``: a ticket like one opened by e-mail (requester = sender, intake
  area), by the agent, with the message's files.
- ``inbound_discard``: nothing posted; the message stays listed under its resolution.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mail import selectors
from mail.inbound import attachments, parse
from mail.models import InboundMessage
from tickets import services
from tickets.access import Action, Requester, ensure_can
from tickets.errors import NotFound, ValidationFailed
from tickets.models import Activity, ActivityType, Ticket
from tickets.services import MAX_TEXT, files_removed_on_rollback

R = InboundMessage.Resolution
ALREADY = gettext_lazy("This message was already dealt with.")


def _locked(actor, pk) -> InboundMessage:
    visible = selectors.messages_for(actor).filter(pk=pk).values_list("pk", flat=True)
    row = InboundMessage.objects.select_for_update().filter(pk__in=visible).first()
    if row is None:
        raise NotFound()
    if row.status not in selectors.KEPT or row.resolution:
        raise ValidationFailed.for_field("message", ALREADY)
    return row


def _parsed(row: InboundMessage):
    if row.raw is None:
        return None
    return parse.parse(bytes(row.raw))


def _text(row: InboundMessage, p) -> str:
    text = (parse.trimmed(p.text) or p.text.strip()) if p is not None else ""
    return text or row.subject


def _resolve(row: InboundMessage, actor, resolution: str, **fields) -> None:
    row.resolution, row.resolved_by, row.resolved_at = resolution, actor, timezone.now()
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


@files_removed_on_rollback
def inbound_attach(*, actor, message: int, ticket: Ticket) -> Activity:
    """Post held message ``message`` on ``ticket`` (see the module)."""
    row = _locked(actor, message)
    ensure_can(actor, Action.NOTE, ticket)
    p = _parsed(row)
    files = attachments.files_of(p.headers if p is not None else None)
    text = _text(row, p)
    if row.sender and row.sender == (ticket.requester_email or "").lower():
        done = services.ticket_requester_reply(
            actor=Requester(row.sender, user=ticket.requester), ticket=ticket,
            text=text[:MAX_TEXT], uploads=files.accepted,
        )
        ticket = done.ticket
        activity = done.comment or Activity.objects.filter(
            ticket=ticket, type=ActivityType.TICKET_CREATED).first()
    else:
        with translation.override(settings.LANGUAGE_CODE):
            head = _("E-mail from %(sender)s (%(subject)s):") % {
                "sender": row.sender or "?", "subject": row.subject or "—"}
        activity = services.ticket_comment(
            actor=actor, ticket=ticket, text=f"{head}\n\n{text}"[:MAX_TEXT], public=False,
            uploads=files.accepted,
        )
    _resolve(row, actor, R.ATTACHED, ticket=ticket, activity_id=activity.pk,
             refused=files.refused)
    return activity


@files_removed_on_rollback
def inbound_open_ticket(*, actor, message: int) -> Ticket:
    """Open a ticket from held message ``message`` (see the module)."""
    row = _locked(actor, message)
    p = _parsed(row)
    files = attachments.files_of(p.headers if p is not None else None)
    ticket = services.ticket_create(
        actor=actor,
        description=_text(row, p)[:MAX_TEXT] or "(e-mail)",
        subject=row.subject[:200],
        requester_name=(p.sender_name if p is not None else "")[:150],
        requester_email=row.sender,
        area=settings.HELPDESK_DEFAULT_AREA,
        uploads=files.accepted,
    )
    created = Activity.objects.filter(ticket=ticket, type=ActivityType.TICKET_CREATED)
    _resolve(row, actor, R.OPENED, ticket=ticket,
             activity_id=created.values_list("pk", flat=True)[0], refused=files.refused)
    return ticket


@transaction.atomic
def inbound_discard(*, actor, message: int) -> InboundMessage:
    """Mark held message ``message`` dealt with, posting nothing."""
    row = _locked(actor, message)
    _resolve(row, actor, R.DISCARDED)
    return row
