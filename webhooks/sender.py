"""One signed POST to an endpoint, with an address check against SSRF.

The host is resolved and every address it resolves to must be public (not private,
loopback, link-local, multicast, reserved…) unless ``HELPDESK_WEBHOOKS_ALLOW_PRIVATE``.
IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged
by that address too. The check runs when an endpoint is saved and again before every send,
the connection goes to an address that was checked (never resolved a second time; each
checked address in turn), and the peer actually connected to is checked once more, so a DNS
answer that changes between the check and the request (DNS rebinding) cannot reach inside.
Redirects are not followed. One attempt takes at most ``HELPDESK_WEBHOOK_TIMEOUT`` seconds in
all, however slowly the receiver answers; never called in a request.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import ipaddress
import socket
import threading
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
    addresses: tuple[str, ...]  # the checked IPs, in resolver order; one is connected to

    @property
    def address(self) -> str:
        return self.addresses[0]


@dataclass(frozen=True)
class Result:
    ok: bool
    status_code: int | None
    latency_ms: int
    error: str


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 form carries: IPv4-mapped (``::ffff:a.b.c.d``),
    IPv4-compatible (``::a.b.c.d``), NAT64 (``64:ff9b::a.b.c.d``, RFC 6052 / 8215), 6to4
    (``2002:AABB:CCDD::``) and Teredo (server and client). Each must be public too."""
    found = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip in _IPV4_COMPATIBLE or any(ip in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:  # fe80::1%eth0 and the like: a zone is always local
            return False
        embedded = _embedded_ipv4(ip)
        if embedded:
            return all(_is_public(inner) for inner in embedded)
    return ip.is_global and not ip.is_multicast


def _refuse_unless_public(host: str, ip) -> None:
    if settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE or _is_public(ip):
        return
    raise Refused(
        _("%(host)s resolves to a private, loopback or link-local address (%(ip)s): refused.")
        % {"host": host, "ip": ip}
    )


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
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
    if not addresses:
        raise Refused(_("The host name does not resolve."))
    for ip in addresses:
        _refuse_unless_public(parts.hostname, ip)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port, path, tuple(str(ip) for ip in addresses))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def connect_checked(target: Target, timeout: float) -> socket.socket:
    """A socket to one of ``target``'s checked addresses, tried in turn (the first may be
    unreachable, e.g. IPv6 without a route); the peer the kernel actually connected to is
    checked again before anything is sent."""
    error: OSError | None = None
    for address in target.addresses:
        try:
            sock = socket.create_connection((address, target.port), timeout)
        except OSError as exc:
            error = exc
            continue
        try:
            _refuse_unless_public(target.host, ipaddress.ip_address(sock.getpeername()[0]))
        except Refused:
            sock.close()
            raise
        return sock
    raise error or OSError("no address to connect to")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._target = target

    def connect(self):
        self.sock = connect_checked(self._target, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._target = target

    def connect(self):
        sock = connect_checked(self._target, self.timeout)
        # Certificate checked against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _Watchdog:
    """Cuts the connection once the whole attempt has taken ``limit`` seconds."""

    def __init__(self, conn: http.client.HTTPConnection, limit: float) -> None:
        self.fired = threading.Event()
        self._conn = conn
        self._timer = threading.Timer(limit, self._cut)
        self._timer.daemon = True
        self._timer.start()

    def _cut(self) -> None:
        self.fired.set()
        sock = self._conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed: nothing to cut
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


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
    limit = settings.HELPDESK_WEBHOOK_TIMEOUT
    conn = cls(target, timeout=limit)
    # The socket timeout bounds each read; a receiver trickling its answer a byte at a time
    # would outlast it (and the lease), so the whole attempt is cut off at ``limit`` too.
    watchdog = _Watchdog(conn, limit)
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        response = conn.getresponse()
        snippet = response.read(512).decode("utf-8", "replace").strip()
        status = response.status
    except Exception as exc:  # noqa: BLE001 - network, TLS, protocol: all a failed attempt
        status, snippet = None, f"{type(exc).__name__}: {exc}"
    finally:
        watchdog.cancel()
        conn.close()
    if watchdog.fired.is_set():  # whatever was read before the cut is not an answer
        error = f"TimeoutError: timed out (the attempt took over {limit} s in all)"
        return Result(False, None, elapsed(), error)
    if status is None:
        return Result(False, None, elapsed(), snippet[:500])
    if 200 <= status < 300:
        return Result(True, status, elapsed(), "")
    return Result(False, status, elapsed(), f"HTTP {status} {snippet}"[:500].strip())
