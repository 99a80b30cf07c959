"""Threading of ticket e-mail: Message-IDs, In-Reply-To/References and the reply token.

Every message about a ticket belongs to one thread whose root id is
``<ticket.{uuid-hex}.{sig}@{domain}>`` (the "ticket created" mail carries it as its own
Message-ID; every later mail names it in ``In-Reply-To``/``References``). Each later message
has its own id ``<{delivery}.ticket.{uuid-hex}.{sig}@{domain}>``.

Mail to the requester carries ``Reply-To: {local}+{uuid-hex}.{sig}@{domain}`` (a plus
address): a reply lands in the desk's mailbox and names its ticket. ``sig`` is an HMAC of the
ticket id under ``SECRET_KEY`` (lower-case hex, as some servers lower-case addresses), so a
token cannot be made up for another ticket. A valid token only routes: the sender must still
be the ticket's requester (``mail.inbound.process``).

Solving a ticket rotates its reply token (``mail.rotation``): the token becomes
``{uuid-hex}.{sig}.g{n}``, its signature covering the generation ``n`` too; Message-IDs keep
generation 0, so the thread never changes.

Other apps (requester links, issue 17) may reuse :func:`reply_token` / :func:`ticket_id_from_token`.
"""

from __future__ import annotations

import re
import uuid
from email.utils import getaddresses

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from mail.models import ThreadState

_SALT = "mail.threading.reply-token"
_SIG_LEN = 16
# ``{ticket hex}.{sig}``, and ``.g{n}`` once the ticket's token rotated n times.
_TOKEN_RE = re.compile(r"([0-9a-f]{32})\.([0-9a-f]{16})(?:\.g(\d{1,6}))?")
_MSGID_RE = re.compile(r"<(?:\d+\.)?ticket\.([0-9a-f]{32})\.([0-9a-f]{16})@([^>]+)>")


def _sig(hex_id: str, generation: int = 0) -> str:
    material = hex_id if not generation else f"{hex_id}.g{generation}"
    return salted_hmac(_SALT, material).hexdigest()[:_SIG_LEN]


def reply_token(ticket_id, generation: int = 0) -> str:
    """The signed token naming ``ticket_id`` (lower-case hex, safe in an address);
    ``generation``: the ticket's reply-token generation (``mail.rotation``; 0 = the first,
    which Message-IDs always use)."""
    hex_id = uuid.UUID(str(ticket_id)).hex
    suffix = f".g{generation}" if generation else ""
    return f"{hex_id}.{_sig(hex_id, generation)}{suffix}"


def current_generation(ticket_id) -> int:
    """The reply-token generation mail about ``ticket_id`` carries now (solving rotates it)."""
    found = ThreadState.objects.filter(ticket_id=ticket_id).values_list("generation", flat=True)
    return found.first() or 0


def token_generation(token: str) -> tuple[uuid.UUID, int] | None:
    """(ticket, generation) a token names, or None when it is malformed or its signature
    is wrong. Whether that generation is still the ticket's current one is the caller's
    question (``mail.rotation``)."""
    match = _TOKEN_RE.fullmatch((token or "").strip().lower())
    if not match:
        return None
    generation = int(match[3] or 0)
    if not constant_time_compare(match[2], _sig(match[1], generation)):
        return None
    return uuid.UUID(match[1]), generation


def ticket_id_from_token(token: str) -> uuid.UUID | None:
    """The ticket a token names, or None when it is malformed or its signature is wrong."""
    found = token_generation(token)
    return found[0] if found else None


def mail_domain() -> str:
    return getattr(settings, "HELPDESK_MAIL_DOMAIN", "") or _split(from_address())[1] or "localhost"


def from_address() -> str:
    return getattr(settings, "HELPDESK_MAIL_FROM", "") or settings.DEFAULT_FROM_EMAIL


def reply_base_address() -> str:
    """The mailbox replies go to (``HELPDESK_REPLY_ADDRESS``, else the From address)."""
    return getattr(settings, "HELPDESK_REPLY_ADDRESS", "") or from_address()


def _split(address: str) -> tuple[str, str]:
    addr = getaddresses([address])[0][1] if address else ""
    local, _, domain = addr.rpartition("@")
    return local, domain.lower()


def reply_address(ticket_id, generation: int | None = None) -> str:
    """``local+token@domain`` of the reply mailbox (the ticket's current generation)."""
    local, domain = _split(reply_base_address())
    local = local.split("+", 1)[0]
    if generation is None:
        generation = current_generation(ticket_id)
    return f"{local}+{reply_token(ticket_id, generation)}@{domain}"


def tokens_in(values) -> list[str]:
    """The tokens of our reply mailbox's plus-addresses among header values."""
    base_local, base_domain = _split(reply_base_address())
    base_local = base_local.split("+", 1)[0].lower()
    found = []
    for _name, addr in getaddresses([v for v in values if v]):
        local, _, domain = addr.lower().rpartition("@")
        head, _, token = local.partition("+")
        if domain == base_domain and head == base_local and token:
            found.append(token)
    return found


def ticket_id_from_addresses(values) -> uuid.UUID | None:
    """The ticket named by a plus-address of our reply mailbox among header values."""
    base_local, base_domain = _split(reply_base_address())
    base_local = base_local.split("+", 1)[0].lower()
    for _name, addr in getaddresses([v for v in values if v]):
        local, _, domain = addr.lower().rpartition("@")
        if domain != base_domain or "+" not in local:
            continue
        head, _, token = local.partition("+")
        if head == base_local:
            found = ticket_id_from_token(token)
            if found:
                return found
    return None


def thread_id(ticket_id) -> str:
    """The Message-ID of the thread's root (the "ticket created" mail)."""
    return f"<ticket.{reply_token(ticket_id)}@{mail_domain()}>"


def message_id(delivery_id: int, ticket_id) -> str:
    return f"<{delivery_id}.ticket.{reply_token(ticket_id)}@{mail_domain()}>"


def ticket_id_from_message_ids(values) -> uuid.UUID | None:
    """The ticket named by one of our Message-IDs in ``In-Reply-To``/``References``."""
    domain = mail_domain()
    for value in values:
        for hex_id, sig, dom in _MSGID_RE.findall(value or ""):
            if dom.lower() == domain and constant_time_compare(sig, _sig(hex_id)):
                return uuid.UUID(hex_id)
    return None
