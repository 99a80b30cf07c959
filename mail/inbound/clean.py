"""Making what a message says storable and readable: no NUL bytes (PostgreSQL text cannot
hold them, and one used to make a message impossible to record), and the sender's address
even when the whole ``From`` value was RFC 2047-encoded (``=?utf-8?b?…?=``), as mail
clients read it."""

from __future__ import annotations

import re
from email.utils import getaddresses, parseaddr

# NUL, and the replacement character the header parser leaves where a NUL was.
_CONTROL = re.compile("[\x00\ufffd]")
_ADDRESS = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+$")


def text(value: str | None) -> str:
    """``value`` without NUL bytes (nor the U+FFFD a parser put in their place)."""
    return _CONTROL.sub("", value or "")


def sender(value: str) -> tuple[str, str]:
    """(display name, lower-case address) of a ``From`` value; ('', '') when it names no
    address. A value whose address came out of an encoded word (the whole header encoded)
    is parsed again from its decoded text."""
    value = text(value)
    name, addr = (getaddresses([value]) or [("", "")])[0]
    if not _ADDRESS.match(addr or ""):
        decoded = value.strip()
        if len(decoded) >= 2 and decoded[0] == decoded[-1] == '"':
            decoded = decoded[1:-1].replace('\\"', '"')
        name, addr = parseaddr(decoded)
    addr = (addr or "").strip().lower()
    if not _ADDRESS.match(addr):
        return (name or "").strip(), ""
    return (name or "").strip(), addr
