"""Reading the desk's IMAP mailbox (``HELPDESK_IMAP_*``), run by beat (``mail.poll_imap``)
or ``manage.py poll_mailbox``.

Each run takes up to ``HELPDESK_IMAP_BATCH`` undeleted messages of the folder, oldest first
(messages that failed before come after the new ones: they carry the keyword
``$HelpdeskRetry``, so a pile of failing messages never keeps new mail waiting).
A message is read without marking it seen (``BODY.PEEK``); once it is processed (recorded by
Message-ID together with its ticket or comment, or kept whole as held or filtered:
``mail.inbound.keep``) it is copied to ``HELPDESK_IMAP_ARCHIVE_FOLDER`` when one is set and
removed from the folder. A message whose processing fails stays where it is for the next
run; after ``HELPDESK_INBOUND_MAX_ATTEMPTS`` failed runs it is held (kept whole in the
database) and removed. A message over ``HELPDESK_INBOUND_KEEP_MAX_BYTES`` is recorded from
its headers and moved whole to ``HELPDESK_IMAP_HELD_FOLDER``. A run that dies half way loses
nothing (unread messages stay) and duplicates nothing (a message processed but not yet
removed is recognised by its Message-ID and only removed).
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re

from django.conf import settings
from django.core.cache import cache

from mail.inbound import keep, process

logger = logging.getLogger(__name__)
LOCK_KEY = "mail:imap-poll-lock"
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
RETRY = "$HelpdeskRetry"  # keyword of a message whose processing failed


def configured() -> bool:
    return bool(getattr(settings, "HELPDESK_IMAP_HOST", ""))


def connect() -> imaplib.IMAP4:
    host = settings.HELPDESK_IMAP_HOST
    port = int(getattr(settings, "HELPDESK_IMAP_PORT", 0) or 0)
    timeout = float(getattr(settings, "HELPDESK_IMAP_TIMEOUT", 30))
    if getattr(settings, "HELPDESK_IMAP_SSL", True):
        conn = imaplib.IMAP4_SSL(host, port or 993, timeout=timeout)
    else:
        conn = imaplib.IMAP4(host, port or 143, timeout=timeout)
        if getattr(settings, "HELPDESK_IMAP_STARTTLS", False):
            conn.starttls()
    conn.login(settings.HELPDESK_IMAP_USER, settings.HELPDESK_IMAP_PASSWORD)
    return conn


def _lock() -> bool:
    seconds = int(getattr(settings, "HELPDESK_IMAP_POLL_SECONDS", 60)) * 5
    try:
        return bool(cache.add(LOCK_KEY, 1, timeout=seconds))
    except Exception:  # noqa: BLE001 - no cache: Message-IDs still keep runs from duplicating
        return True


def _unlock() -> None:
    with contextlib.suppress(Exception):
        cache.delete(LOCK_KEY)


def poll() -> dict:
    """One run over the mailbox. Returns counts per outcome."""
    if not configured():
        return {"skipped": "HELPDESK_IMAP_HOST is not set"}
    if not _lock():
        return {"skipped": "another run is reading the mailbox"}
    try:
        conn = connect()
        try:
            return _run(conn)
        finally:
            with contextlib.suppress(Exception):
                conn.logout()
    finally:
        _unlock()


def _run(conn: imaplib.IMAP4) -> dict:
    folder = getattr(settings, "HELPDESK_IMAP_FOLDER", "INBOX")
    archive = getattr(settings, "HELPDESK_IMAP_ARCHIVE_FOLDER", "")
    held = getattr(settings, "HELPDESK_IMAP_HELD_FOLDER", "") or "Helpdesk-Held"
    batch = int(getattr(settings, "HELPDESK_IMAP_BATCH", 50))
    if archive:
        conn.create(_quote(archive))  # NO when it exists: fine
    typ, _ = conn.select(_quote(folder))
    if typ != "OK":
        raise imaplib.IMAP4.error(f"cannot open folder {folder!r}")
    uids = (_search(conn, "UNKEYWORD", RETRY) + _search(conn, "KEYWORD", RETRY))[:batch]
    counts: dict[str, int] = {}
    for uid in uids:
        outcome, whole = _one(conn, uid)
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome == process.M.FAILED:
            conn.uid("STORE", uid, "+FLAGS", f"({RETRY})")
        else:
            _done(conn, uid, archive if whole else held)
    conn.expunge()
    return counts


def _search(conn: imaplib.IMAP4, *criteria: str) -> list[bytes]:
    typ, data = conn.uid("SEARCH", None, "UNDELETED", *criteria)
    return (data[0] or b"").split() if typ == "OK" else []


def _one(conn: imaplib.IMAP4, uid: bytes) -> tuple[str, bool]:
    """(outcome, whether the database kept the whole message)."""
    try:
        typ, data = conn.uid("FETCH", uid, "(RFC822.SIZE)")
        match = _SIZE.search(b" ".join(x if isinstance(x, bytes) else b"" for x in data or []))
        size = int(match[1]) if match else 0
        whole = size <= max(keep.keep_max_bytes(), process.max_bytes())
        part = "BODY.PEEK[]" if whole else "BODY.PEEK[HEADER]"
        typ, data = conn.uid("FETCH", uid, f"({part})")
        raw = next(item[1] for item in data if isinstance(item, tuple))
        return process.process_raw(raw, source="imap", size=size or None).status, whole
    except imaplib.IMAP4.abort:
        raise  # the connection is gone: end the run, the rest waits for the next
    except Exception:  # noqa: BLE001 - recorded by process_raw; the message stays
        logger.warning("IMAP message %s left in the mailbox for the next run", uid)
        return process.M.FAILED, True


def _done(conn: imaplib.IMAP4, uid: bytes, archive: str) -> None:
    """Take a processed message out of the folder (into ``archive`` when set: the archive
    folder, or the held folder for a message the database did not keep whole)."""
    if archive:
        conn.create(_quote(archive))  # NO when it exists: fine
        conn.uid("COPY", uid, _quote(archive))
    conn.uid("STORE", uid, "+FLAGS", "(\\Deleted)")


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
