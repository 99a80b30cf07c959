"""Threading of ticket e-mail: Message-IDs, In-Reply-To/References and the reply token.

Every message about a ticket belongs to one thread whose root id is
``<ticket.{uuid-hex}.{sig}@{domain}>`` (the "ticket created" mail carries it as its own
Message-ID; every later mail names it in ``In-Reply-To``/``References``). Each later message
has its own id ``<{delivery}.ticket.{uuid-hex}.{sig}@{domain}>``.

Mail to the requester carries ``Reply-To: {local}+{uuid-hex}.{sig}@{domain}`` (a plus
address): a reply lands in the desk's mailbox and names its ticket. ``sig`` is an HMAC of the
ticket id under ``SECRET_KEY`` (lower-case hex, as some servers lower-case addresses), so a
token cannot be made up for another ticket. A valid token only routes: the sender must still
be the ticket's requester, or an agent allowed to answer it (``mail.inbound.process``).

Rotating ``SECRET_KEY`` keeps every thread: tokens and Message-IDs signed with a key in
``SECRET_KEY_FALLBACKS`` still verify, and a ticket's root Message-ID is the one its first
mail carried (:func:`thread_root`, read back from the outbox), never recomputed with the new
key. A root id already sent names its ticket even once the old key is gone.

Other apps (requester links, issue 17) may reuse :func:`reply_token` / :func:`ticket_id_from_token`.
"""

from __future__ import annotations

import re
import uuid
from email.utils import getaddresses

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from mail.models import Delivery

_SALT = "mail.threading.reply-token"
_SIG_LEN = 16
_TOKEN_RE = re.compile(r"([0-9a-f]{32})\.([0-9a-f]{16})")
# A ticket label (``TKT-2026-00048``) in a subject.
_LABEL_RE = re.compile(r"(?<![\w-])([A-Za-z0-9]{1,10}-\d{4}-\d{5,})(?![\w-])")
# Unsigned ids of ours (an old key's) checked against the stored roots, at most.
_STORED_LOOKUPS = 5
_MSGID_RE = re.compile(r"<(?:\d+\.)?ticket\.([0-9a-f]{32})\.([0-9a-f]{16})@([^>]+)>")


def _sig(hex_id: str, *, key: str | None = None) -> str:
    return salted_hmac(_SALT, hex_id, secret=key).hexdigest()[:_SIG_LEN]


def _signed(hex_id: str, sig: str) -> bool:
    """Whether ``sig`` signs ``hex_id`` under ``SECRET_KEY`` or one of its fallbacks."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(sig, _sig(hex_id, key=key)) for key in keys)


def reply_token(ticket_id) -> str:
    """The signed token naming ``ticket_id`` (lower-case hex, safe in an address)."""
    hex_id = uuid.UUID(str(ticket_id)).hex
    return f"{hex_id}.{_sig(hex_id)}"


def ticket_id_from_token(token: str) -> uuid.UUID | None:
    """The ticket a token names, or None when it is malformed or its signature is wrong."""
    match = _TOKEN_RE.fullmatch((token or "").strip().lower())
    if not match or not _signed(match[1], match[2]):
        return None
    return uuid.UUID(match[1])


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


def reply_address(ticket_id) -> str:
    """``local+token@domain`` of the reply mailbox."""
    local, domain = _split(reply_base_address())
    local = local.split("+", 1)[0]
    return f"{local}+{reply_token(ticket_id)}@{domain}"


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
    """The root Message-ID a ticket's first mail gets (under the current key)."""
    return f"<ticket.{reply_token(ticket_id)}@{mail_domain()}>"


def thread_root(ticket_id) -> str:
    """The ticket's root Message-ID: the one its mail already uses (read from the first
    outbox row given an id), else :func:`thread_id`. Once sent it never changes, whatever
    the key or the mail domain becomes."""
    first = (
        Delivery.objects.filter(ticket_id=ticket_id)
        .exclude(message_id="")
        .order_by("created_at", "id")
        .values_list("message_id", flat=True)
        .first()
    )
    match = _MSGID_RE.fullmatch(first or "")
    if match:
        return f"<ticket.{match[1]}.{match[2]}@{match[3]}>"
    return thread_id(ticket_id)


def message_id(delivery_id: int, root: str) -> str:
    """A later message's own id: the thread's ``root`` with the outbox row's number."""
    return f"<{delivery_id}.{root.lstrip('<')}"


def ticket_id_from_message_ids(values) -> uuid.UUID | None:
    """The ticket named by one of our Message-IDs in ``In-Reply-To``/``References``: signed
    under the current or a fallback key, or the very root id the ticket's mail carries (a
    few of those are looked up, however many ids a message lists)."""
    domain = mail_domain()
    unsigned = []
    for value in values:
        for hex_id, sig, dom in _MSGID_RE.findall(value or ""):
            if dom.lower() == domain and _signed(hex_id, sig):
                return uuid.UUID(hex_id)
            unsigned.append((hex_id, sig, dom))
    for hex_id, sig, dom in list(dict.fromkeys(unsigned))[:_STORED_LOOKUPS]:
        if thread_root(hex_id) == f"<ticket.{hex_id}.{sig}@{dom}>":
            return uuid.UUID(hex_id)
    return None


def labels_in(subject: str) -> list[str]:
    """The ticket labels a subject names (``Re: [TKT-2026-00048] …``), upper-cased."""
    return list(dict.fromkeys(label.upper() for label in _LABEL_RE.findall(subject or "")))
