"""One signed POST to an endpoint, with an address check against SSRF.

The host is resolved and every address it resolves to must be public (not private,
loopback, link-local, multicast, reserved…) unless ``HELPDESK_WEBHOOKS_ALLOW_PRIVATE``.
The check runs when an endpoint is saved and again before every send, and the connection
goes to the address that was checked (never resolved a second time), so a DNS answer
that changes between the check and the request (DNS rebinding) cannot reach inside.
Redirects are not followed. Short timeouts; never called in a request.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "Helpdesk-Webhooks/1.0"
SIGNATURE_HEADER = "X-Helpdesk-Signature"
EVENT_ID_HEADER = "X-Helpdesk-Event-Id"
EVENT_TYPE_HEADER = "X-Helpdesk-Event"


class Refused(Exception):
    """The URL may not be called (scheme, unresolvable host, non-public address)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked IP the connection goes to


@dataclass(frozen=True)
class Result:
    ok: bool
    status_code: int | None
    latency_ms: int
    error: str


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> Target:
    """Resolve ``url``'s host; raise :class:`Refused` unless it may be called."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused(_("Not a valid URL.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(_("Only http:// and https:// URLs with a host name are allowed."))
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused(_("The host name does not resolve.")) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise Refused(_("The host name does not resolve."))
    if not settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE:
        for ip in addresses:
            if not _is_public(ip):
                raise Refused(
                    _(
                        "%(host)s resolves to a private, loopback or link-local address "
                        "(%(ip)s): refused."
                    )
                    % {"host": parts.hostname, "ip": ip}
                )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port, path, str(addresses[0]))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # Certificate checked against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(*, url: str, secret: str, body: bytes, event_id: str, event_type: str) -> Result:
    """Send ``body``; never raises. ``ok`` for a 2xx answer."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = check_url(url)
    except Refused as exc:
        return Result(False, None, elapsed(), str(exc))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_ID_HEADER: event_id,
        EVENT_TYPE_HEADER: event_type,
        SIGNATURE_HEADER: sign(secret, int(time.time()), body),
    }
    cls = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = cls(target, timeout=settings.HELPDESK_WEBHOOK_TIMEOUT)
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        response = conn.getresponse()
        snippet = response.read(512).decode("utf-8", "replace").strip()
        status = response.status
    except Exception as exc:  # noqa: BLE001 - network, TLS, protocol: all a failed attempt
        return Result(False, None, elapsed(), f"{type(exc).__name__}: {exc}"[:500])
    finally:
        conn.close()
    if 200 <= status < 300:
        return Result(True, status, elapsed(), "")
    return Result(False, status, elapsed(), f"HTTP {status} {snippet}"[:500].strip())
