"""Reading a received message: who sent it, which ticket it answers, whether it is an
automatic message, and its text without the quoted history and the signature."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from html.parser import HTMLParser


@dataclass
class Parsed:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    headers: EmailMessage = field(repr=False)
    # What tells a copy of this message (``InboundMessage.dedupe_key``).
    dedupe_key: str = ""

    def values(self, *names: str) -> list[str]:
        out: list[str] = []
        for name in names:
            out.extend(str(v) for v in (self.headers.get_all(name) or []))
        return out


def parse(raw: bytes) -> Parsed:
    msg = BytesParser(policy=policy.default).parsebytes(utf8_headers(raw))
    message_id = _header(msg, "Message-ID").strip()
    name, addr = (getaddresses([_header(msg, "From")]) or [("", "")])[0]
    sender = (addr or "").strip().lower()
    return Parsed(
        message_id=message_id,
        dedupe_key=dedupe_key(sender, message_id, content=raw),
        sender=sender,
        sender_name=(name or "").strip(),
        subject=" ".join(_header(msg, "Subject").split()),
        text=_body_text(msg),
        headers=msg,
    )


def parse_headers(raw: bytes, size: int) -> Parsed:
    """Only the headers (of a message too large to read whole)."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0] + b"\r\n\r\n"
    msg = BytesParser(policy=policy.default).parsebytes(utf8_headers(head), headersonly=True)
    message_id = _header(msg, "Message-ID").strip()
    name, addr = (getaddresses([_header(msg, "From")]) or [("", "")])[0]
    sender = (addr or "").strip().lower()
    return Parsed(
        message_id=message_id,
        dedupe_key=dedupe_key(sender, message_id, content=head + str(size).encode()),
        sender=sender,
        sender_name=(name or "").strip(),
        subject=" ".join(_header(msg, "Subject").split()),
        text="",
        headers=msg,
    )


_CHARSET_RE = re.compile(rb"^content-type:[^\n]*?charset\s*=\s*\"?([\w.:-]+)", re.I | re.M)


def utf8_headers(raw: bytes) -> bytes:
    """``raw`` with undeclared 8-bit header bytes (raw, not RFC 2047 words) read as mail
    clients read them: UTF-8 when they are, else in the charset the message declares for its
    text, else Windows-1252 (Latin-1 and its quotes), and written back as UTF-8."""
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    end = min(ends) if ends else len(raw)
    head = raw[:end]
    if head.isascii():
        return raw
    fallback = _declared_charset(head)
    lines = [_as_utf8(line, fallback) for line in head.split(b"\n")]
    return b"\n".join(lines) + raw[end:]


def _declared_charset(head: bytes) -> str:
    found = _CHARSET_RE.search(head)
    name = found[1].decode("ascii", "ignore").lower() if found else ""
    try:
        codec = codecs.lookup(name).name if name else ""
    except LookupError:
        codec = ""
    # As browsers and mail clients do, a Latin-1 label reads as its superset Windows-1252.
    return codec if codec not in {"", "ascii", "utf-8", "iso8859-1"} else "cp1252"


def _as_utf8(line: bytes, fallback: str) -> bytes:
    try:
        line.decode("utf-8")
        return line
    except UnicodeDecodeError:
        return line.decode(fallback, "replace").encode("utf-8")


def dedupe_key(sender: str, message_id: str, *, content: bytes) -> str:
    """A message is a copy of another from the same sender with the same Message-ID (the
    whole id, however long); without an id, of one with the same bytes."""
    identity = message_id or f"<sha256.{hashlib.sha256(content).hexdigest()}@no-message-id>"
    return hashlib.sha256(f"{sender}\n{identity}".encode()).hexdigest()


def _header(msg, name: str) -> str:
    try:
        return str(msg.get(name, "") or "")
    except Exception:  # noqa: BLE001 - a malformed header reads as absent
        return ""


# --- automatic messages ----------------------------------------------------------------

_BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|bounces?)([+@-]|$)", re.I)


def automatic_reason(p: Parsed) -> str:
    """Why ``p`` is an automatic message (out-of-office, bounce, list), or ''."""
    h = p.headers
    auto = _header(h, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if _header(h, name):
            return f"{name} header"
    if _header(h, "Precedence").strip().lower() in {"bulk", "junk", "auto_reply", "list"}:
        return "Precedence: " + _header(h, "Precedence").strip().lower()
    if "oof" in _header(h, "X-Auto-Response-Suppress").lower():
        return "X-Auto-Response-Suppress: OOF"
    ctype = h.get_content_type()
    if ctype == "multipart/report" or "delivery-status" in _header(h, "Content-Type").lower():
        return "delivery report (bounce)"
    if _header(h, "Return-Path").strip() == "<>":
        return "null Return-Path (bounce)"
    if not p.sender or _BOUNCE_SENDERS.match(p.sender.split("@")[0] + "@"):
        return "bounce or no-reply sender"
    return ""


# --- text ----------------------------------------------------------------------------


class _Text(HTMLParser):
    """HTML to plain text: block elements break lines, quoted blocks are dropped."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"blockquote", "style", "script", "head"}:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in {"blockquote", "style", "script", "head"}:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def _body_text(msg) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except Exception:  # noqa: BLE001 - unknown charset: best effort
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        parser = _Text()
        parser.feed(content)
        content = "".join(parser.out)
    return content


# Where the quoted history starts: "On … wrote:", "El … escribió:", Outlook's headers.
_QUOTE_HEADERS = [
    re.compile(r"^\s*(on|el|le|am)\s.+(wrote|escribió|a écrit|schrieb)\s*:?\s*$", re.I),
    re.compile(r"^\s*-{2,}\s*(original message|mensaje original|forwarded message|"
               r"mensaje reenviado)\s*-{2,}\s*$", re.I),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*(from|de)\s*:\s.+@", re.I),
]
# Where the signature starts.
_SIGNATURES = [
    re.compile(r"^-- ?$"),
    re.compile(r"^\s*(sent from my|enviado desde mi|get outlook for|obtener outlook para)\b",
               re.I),
]


def trimmed(text: str) -> str:
    """The new text of a reply: no quoted history (``>`` lines and everything after an
    "On … wrote:" line), no signature (after ``-- ``), surrounding blank lines removed."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if any(r.match(line) for r in _QUOTE_HEADERS + _SIGNATURES):
            break
        # An "On … wrote:" header wrapped over two lines.
        if i + 1 < len(lines) and _QUOTE_HEADERS[0].match(f"{line} {lines[i + 1]}"):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()
