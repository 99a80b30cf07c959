"""A real IMAP server (Dovecot) for the incoming-mail tests.

``.ci/run`` installs Debian's ``dovecot-imapd``, starts one with ``.ci/dovecot.sh`` and exports
``TEST_IMAP_HOST/PORT/USER/PASSWORD``; without those variables the tests start their own with
the same script when Dovecot is installed and they run as root, and are skipped (with the
reason) otherwise.
"""

from __future__ import annotations

import imaplib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.worker import skip_or_fail

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "dovecot.sh"


def _from_env() -> dict | None:
    if not os.environ.get("TEST_IMAP_HOST"):
        return None
    return {
        "host": os.environ["TEST_IMAP_HOST"],
        "port": int(os.environ["TEST_IMAP_PORT"]),
        "user": os.environ["TEST_IMAP_USER"],
        "password": os.environ["TEST_IMAP_PASSWORD"],
    }


def _read_env(path: Path) -> dict:
    values = {}
    for line in path.read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        values[key] = value
    return {
        "host": values["TEST_IMAP_HOST"],
        "port": int(values["TEST_IMAP_PORT"]),
        "user": values["TEST_IMAP_USER"],
        "password": values["TEST_IMAP_PASSWORD"],
    }


@pytest.fixture(scope="session")
def imap_server():
    found = _from_env()
    if found:
        yield found
        return
    if not shutil.which("dovecot") and not Path("/usr/sbin/dovecot").exists():
        skip_or_fail("needs Dovecot (Debian's dovecot-imapd; .ci/run installs and starts it)")
    if os.geteuid() != 0:
        skip_or_fail("starting Dovecot needs root; or export TEST_IMAP_* for a running one")
    directory = Path(tempfile.mkdtemp(prefix="helpdesk-imap-"))
    with open(directory / "start.log", "wb") as log:  # not a pipe: the daemon keeps it open
        subprocess.run(
            ["bash", str(SCRIPT), "start", str(directory)],
            check=True,  # noqa: S603, S607
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        yield _read_env(directory / "env")
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(directory)], check=False)  # noqa: S603, S607
        shutil.rmtree(directory, ignore_errors=True)


class Mailbox:
    """The test user's INBOX, reached over IMAP like any client would."""

    def __init__(self, server: dict) -> None:
        self.server = server

    def _conn(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4(self.server["host"], self.server["port"], timeout=10)
        conn.login(self.server["user"], self.server["password"])
        return conn

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        conn = self._conn()
        try:
            typ, data = conn.append(folder, None, None, raw)
            assert typ == "OK", data
        finally:
            conn.logout()

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        conn = self._conn()
        try:
            typ, _ = conn.select(f'"{folder}"')
            if typ != "OK":
                return []
            _typ, data = conn.uid("SEARCH", None, "UNDELETED")
            out = []
            for uid in (data[0] or b"").split():
                _typ, fetched = conn.uid("FETCH", uid, "(BODY.PEEK[])")
                out.append(next(item[1] for item in fetched if isinstance(item, tuple)))
            return out
        finally:
            conn.logout()

    def empty(self) -> None:
        conn = self._conn()
        try:
            for folder in ("INBOX", "Processed", "Helpdesk-Held"):
                typ, data = conn.select(f'"{folder}"')
                if typ == "OK" and int(data[0] or 0) > 0:
                    conn.store("1:*", "+FLAGS", "(\\Deleted)")
                    conn.expunge()
        finally:
            conn.logout()


@pytest.fixture
def mailbox(imap_server, settings):
    """An empty INBOX that ``mail.inbound.imap.poll`` reads (HELPDESK_IMAP_* set to it)."""
    settings.HELPDESK_IMAP_HOST = imap_server["host"]
    settings.HELPDESK_IMAP_PORT = imap_server["port"]
    settings.HELPDESK_IMAP_USER = imap_server["user"]
    settings.HELPDESK_IMAP_PASSWORD = imap_server["password"]
    settings.HELPDESK_IMAP_SSL = False
    settings.HELPDESK_IMAP_ARCHIVE_FOLDER = ""
    box = Mailbox(imap_server)
    box.empty()
    yield box
    box.empty()
