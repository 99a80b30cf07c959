"""What a requester does to their own ticket without an account's permissions: answer it,
proven by their e-mail address (an e-mail reply routed by a signed token, a signed link)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.errors import InvalidTransition, NotAllowed
from tickets.models import Activity, Ticket
from tickets.services._base import clean_text, lock, write_comment
from tickets.workflow import TERMINAL_STATUSES

NOT_REQUESTER_MESSAGE = _("Only the ticket's requester may answer it this way.")


@transaction.atomic
def ticket_requester_comment(*, ticket: Ticket | str, email: str, text: str) -> Activity:
    """A public comment from the ticket's requester, who is whoever writes from the ticket's
    requester e-mail address. The requester's account is the actor when the ticket has one
    (and it is active); otherwise the entry is the anonymous requester's.

    A cancelled or archived ticket takes no answer (``InvalidTransition``): the caller opens
    a new ticket that follows it (``ticket_create(follows=...)``).
    """
    locked = lock(ticket)
    address = (email or "").strip().lower()
    if not address or address != (locked.requester_email or "").strip().lower():
        raise NotAllowed(NOT_REQUESTER_MESSAGE)
    if locked.status in TERMINAL_STATUSES:
        raise InvalidTransition(locked.status, locked.status)
    text = clean_text(text, "text", required=True)
    requester = locked.requester
    actor = (
        requester
        if requester is not None and requester.is_active and requester.email.lower() == address
        else None
    )
    return write_comment(actor=actor, ticket=locked, text=text, public=True, now=timezone.now())
