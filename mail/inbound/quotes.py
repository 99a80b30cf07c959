"""The new text of a reply: the quoted history and the signature taken off.

Two passes. First ``mail-parser-reply`` (a maintained reply parser: Gmail's attribution
even wrapped over several lines, Outlook's header blocks in many languages — ``Von:`` /
``Gesendet:``, ``De:`` / ``Enviado:`` without an address, ``Den … skrev``…), in the languages
of ``HELPDESK_INBOUND_QUOTE_LANGUAGES``. Then the desk's own rules for what it leaves:
"El … escribió:", "-----Mensaje original-----", ``>`` lines, signatures (``-- ``, "Enviado
desde mi…"). A line that merely starts with "From: someone@…" is the requester's own text
unless another header line (Sent:, Date:, To:, Subject: …) follows it, as in a real quote.
The whole message stays reachable ("show the whole message": ``InboundMessage.raw``).
"""

from __future__ import annotations

import contextlib
import re

from django.conf import settings
from mailparser_reply import EmailReplyParser

_ATTRIBUTION = re.compile(
    r"^\s*(on|el|le|am|den|il|em|op)\s.+(wrote|escribió|a écrit|schrieb|skrev|ha scritto|"
    r"escreveu|schreef)\s*:?\s*$",
    re.I,
)
_SEPARATORS = [
    re.compile(r"^\s*-{2,}\s*(original message|mensaje original|forwarded message|"
               r"mensaje reenviado|ursprüngliche nachricht|ursprungligt meddelande)\s*-{2,}\s*$",
               re.I),
    re.compile(r"^\s*_{10,}\s*$"),
]
_FROM = re.compile(r"^\s*(from|de|von|från|da|van)\s*:\s*\S", re.I)
_NEXT_HEADER = re.compile(
    r"^\s*(sent|date|to|cc|subject|enviado|fecha|para|asunto|gesendet|datum|an|betreff|"
    r"skickat|till|ämne|envoyé|à|objet|inviato|a|oggetto)\s*:", re.I
)
_SIGNATURES = [
    re.compile(r"^-- ?$"),
    re.compile(r"^\s*(sent from my|enviado desde mi|get outlook for|obtener outlook para|"
               r"von meinem|skickat från min)\b", re.I),
]


def _languages() -> list[str]:
    return list(getattr(settings, "HELPDESK_INBOUND_QUOTE_LANGUAGES",
                        ["es", "en", "de", "sv", "fr", "it", "nl"]))


def _header_block(lines: list[str], i: int) -> bool:
    """Line ``i`` starts an Outlook-style header block (From: then another header)."""
    if not _FROM.match(lines[i]):
        return False
    following = [line for line in lines[i + 1 : i + 3] if line.strip()]
    return bool(following) and bool(_NEXT_HEADER.match(following[0]))


def _wrapped_attribution(lines: list[str], i: int) -> bool:
    """An "On … wrote:" attribution wrapped over two or three lines."""
    for span in (2, 3):
        if i + span <= len(lines) and _ATTRIBUTION.match(" ".join(lines[i : i + span])):
            return True
    return False


def _own_rules(text: str) -> str:
    lines = text.split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if (
            _ATTRIBUTION.match(line)
            or any(r.match(line) for r in _SEPARATORS + _SIGNATURES)
            or _header_block(lines, i)
            or _wrapped_attribution(lines, i)
        ):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def trimmed(text: str) -> str:
    """The reply's own text (see the module); '' when it has none."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    with contextlib.suppress(Exception):  # the library failing leaves our own rules
        text = EmailReplyParser(languages=_languages()).parse_reply(text=text) or ""
    return _own_rules(text)
