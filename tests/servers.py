"""Real servers that tests start on loopback, on ports chosen at run time."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

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
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "helpdesk.settings_test", **env}
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "helpdesk.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "30",
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
