"""Real servers that tests start on loopback, on ports chosen at run time.

``SmtpSink``: an SMTP server (aiosmtpd) that keeps what it receives, on one port for the
whole session, switchable between three behaviours so a worker started once sees them all:
``up()`` answers and stores every message; ``down()``: nothing listens (connection refused);
``silent()``: accepts connections and never sends its banner (a hung server).
``hold_data()`` (while up): takes and keeps the whole message, then withholds its "250" until
``release_data()`` (a server slow to confirm: the client's ambiguous window).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=5)  # a worker's first request loads the whole app
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered at {url} within {timeout} s")


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1):
    """The project's WSGI app under gunicorn, as production serves it; yields the base URL.
    ``env`` is added to (and overrides) the test process's environment."""
    port = free_port()
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "helpdesk.settings.test", **env}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "helpdesk.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/healthz")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


class SmtpSink:
    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.messages: list = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None
        self._silent: socket.socket | None = None
        self.data_started = threading.Event()
        self._data_released = threading.Event()
        self._data_released.set()

    # aiosmtpd handler
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)  # kept, whatever becomes of the connection
        self.data_started.set()
        while not self._data_released.is_set():
            await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"

    def hold_data(self) -> SmtpSink:
        self.data_started.clear()
        self._data_released.clear()
        return self

    def release_data(self) -> SmtpSink:
        self._data_released.set()
        return self

    def up(self) -> SmtpSink:
        self.down()
        self._controller = Controller(self, hostname=self.host, port=self.port)
        for _ in range(50):  # the port may linger a moment after the silent socket closed
            try:
                self._controller.start()
                break
            except (OSError, RuntimeError):
                time.sleep(0.1)
        return self

    def down(self) -> SmtpSink:
        self._data_released.set()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        if self._silent is not None:
            self._silent.close()
            self._silent = None
        return self

    def silent(self) -> SmtpSink:
        self.down()
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(128)  # the kernel completes handshakes; nobody ever speaks
        self._silent = sock
        return self

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def received(self) -> list:
        with self._lock:
            return list(self.messages)

    def wait_for(self, count: int, timeout: float = 30.0) -> list:
        """Wait until at least ``count`` messages arrived; return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.received()
            if len(got) >= count:
                return got
            time.sleep(0.05)
        return self.received()
