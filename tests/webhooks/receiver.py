"""A real HTTP receiver for webhook tests: 127.0.0.1, a free port chosen by the OS.

``Receiver(statuses=[503, 200])`` answers 503 to the first request, then 200 (the last
status repeats). ``Receiver(trickle=20)`` sends its answer's headers a byte every 0.1 s for
20 s (each read of a client gets something; only a bound on the whole exchange stops it).
``down()`` closes the port (connection refused) and ``up()`` opens it again (an outage).
``hold()`` makes it wait before answering until ``release()``. Every
request is recorded (headers lower-cased, raw body) for the test to check.
"""

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


def verify_signature(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """How a receiver checks ``X-Helpdesk-Signature`` (the example of docs/webhooks.md)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


class Receiver:
    def __init__(self, statuses=(200,), *, trickle: float = 0.0):
        self.statuses = list(statuses)
        self.trickle = trickle  # seconds spent sending the answer's headers a byte at a time
        self.requests: list[Received] = []
        self._lock = threading.Condition()
        self._gate = threading.Event()
        self._gate.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._lock:  # recorded on arrival, answered once not held
                    index = len(receiver.requests)
                    receiver.requests.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    status = receiver.statuses[min(index, len(receiver.statuses) - 1)]
                    receiver._lock.notify_all()
                receiver._gate.wait(timeout=30)
                if receiver.trickle:
                    self._trickle()
                    return
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"receiver says no")

            def _trickle(self):
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                deadline = time.monotonic() + receiver.trickle
                try:
                    while time.monotonic() < deadline:
                        self.wfile.write(b"z")
                        self.wfile.flush()
                        time.sleep(0.1)
                    self.wfile.write(b"\r\nContent-Length: 2\r\n\r\nok")
                except OSError:
                    pass  # the sender gave up

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that gave up (timeout tests) is not an error here

        self._server_class = Server
        self._handler = Handler
        self._listen(0)

    def _listen(self, port: int) -> None:
        self.server = self._server_class(("127.0.0.1", port), self._handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/helpdesk"

    def start(self) -> "Receiver":
        self.thread.start()
        return self

    def stop(self) -> None:
        self._gate.set()
        self.server.shutdown()
        self.server.server_close()

    def down(self) -> None:
        """Nothing listens on the port any more (connection refused) until ``up()``."""
        self.stop()

    def up(self) -> None:
        """Listen again on the same port."""
        port = self.server.server_address[1]
        for _ in range(50):
            try:
                self._listen(port)
                break
            except OSError:
                time.sleep(0.1)
        self.start()

    def hold(self) -> None:
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    def wait_for(self, count: int, timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.requests) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            return list(self.requests)
