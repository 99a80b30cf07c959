"""Signed links that open a requester's ticket without retyping the label and e-mail.

A link carries the ticket id, a timestamp and an HMAC (``django.core.signing``, keyed by
``SECRET_KEY``) whose salt holds the requester's e-mail: it opens that ticket only while
the ticket's requester e-mail is still the one it was made for, and only for
``HELPDESK_REQUESTER_LINK_DAYS`` days. Whoever follows it is a requester there
(``access.Requester``), never an agent, and reads the requester's timeline.

``requester_ticket_url(ticket)`` is the absolute URL for e-mails, built from
``settings.HELPDESK_SITE_URL`` (never from a request's Host header); the mail app calls
``requester_link_context(ticket)`` for every requester e-mail it renders.
"""

import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from tickets.errors import NotFound
from tickets.models import Ticket
from tickets.selectors import PUBLIC_TICKET_RELATED

SEP = "."
SALT = "tickets.selectors.links"
# ``?respuesta=`` on a link: which answer form the solved e-mail's links open.
ANSWER_CONFIRM = "confirmar"
ANSWER_REOPEN = "sigue-fallando"
ANSWERS = (ANSWER_CONFIRM, ANSWER_REOPEN)


def _signer(email: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{SALT}:{(email or '').strip().lower()}", sep=SEP)


def make_token(ticket: Ticket) -> str:
    return _signer(ticket.requester_email).sign(ticket.pk.hex)


def ticket_for_token(token: str) -> Ticket:
    """The ticket a link opens; ``NotFound`` for a tampered, expired or foreign link (one
    made for another e-mail or ticket) alike, so the page cannot tell them apart."""
    try:
        pk = uuid.UUID(hex=str(token).split(SEP, 1)[0])
    except (ValueError, TypeError):
        raise NotFound() from None
    ticket = Ticket.objects.select_related(*PUBLIC_TICKET_RELATED).filter(pk=pk).first()
    if ticket is None or not ticket.requester_email:
        raise NotFound()
    max_age = timedelta(days=settings.HELPDESK_REQUESTER_LINK_DAYS)
    try:
        value = _signer(ticket.requester_email).unsign(token, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        raise NotFound() from None
    if value != pk.hex:
        raise NotFound()
    return ticket


def requester_ticket_path(ticket: Ticket, *, answer: str | None = None) -> str:
    path = reverse("public:ticket", args=[make_token(ticket)])
    if answer in ANSWERS:
        path = f"{path}?{urlencode({'respuesta': answer})}#answer"
    return path


def requester_ticket_url(ticket: Ticket, *, answer: str | None = None) -> str:
    """Absolute URL of the signed link (``answer``: open the confirm / still-fails form)."""
    return settings.HELPDESK_SITE_URL.rstrip("/") + requester_ticket_path(ticket, answer=answer)


def requester_link_context(ticket: Ticket) -> dict:
    """What every requester e-mail template gets: ``ticket_url`` and, for a solved ticket's
    mail, ``confirm_url``, ``reopen_url`` and ``autoclose_days``."""
    return {
        "autoclose_days": settings.HELPDESK_AUTOCLOSE_DAYS,
        "ticket_url": requester_ticket_url(ticket),
        "confirm_url": requester_ticket_url(ticket, answer=ANSWER_CONFIRM),
        "reopen_url": requester_ticket_url(ticket, answer=ANSWER_REOPEN),
    }
