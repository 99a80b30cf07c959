"""Real failing servers on loopback, on ports chosen at run time (never a fixed port).

- ``closed_port()``: a port that refuses connections (bound, never listening, so no other
  process can take it while the test runs);
- ``silent_server()``: a server that accepts connections and never answers (a hung Redis,
  an SMTP server that never sends its banner);
- ``Proxy``: a TCP proxy in front of a real server (PostgreSQL, Redis) that the test switches
  between ``up()`` (bytes flow both ways) and ``silent()`` (connections are accepted, open
  ones stay open, and nothing is answered: a hung server), and back.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading


@contextlib.contextmanager
def closed_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


@contextlib.contextmanager
def silent_server():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            held.append(conn)  # read nothing, answer nothing

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        listener.close()


@contextlib.contextmanager
def fault(kind: str):
    """``fault("closed")`` or ``fault("silent")`` → the port of that failing server."""
    with closed_port() if kind == "closed" else silent_server() as port:
        yield port


class Proxy:
    """``with Proxy("127.0.0.1", 5432) as proxy:`` — ``proxy.port`` forwards to the target
    while ``up()``; after ``silent()`` nothing crosses in either direction (what was sent
    waits in the sockets' buffers), so the client sees a server that accepts connections
    and never answers; ``up()`` lets the bytes flow again."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self._up = threading.Event()
        self._up.set()
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, name="proxy", daemon=True)

    def __enter__(self) -> Proxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                sock.close()

    def up(self) -> Proxy:
        self._up.set()
        return self

    def silent(self) -> Proxy:
        self._up.clear()
        return self

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        peer = {client: server, server: client}
        try:
            while not self._stop.is_set():
                if not self._up.wait(timeout=0.05):
                    continue  # silent: read nothing, answer nothing
                readable, _, _ = select.select(list(peer), [], [], 0.05)
                for sock in readable:
                    if not self._up.is_set():
                        break
                    data = sock.recv(65536)
                    if not data:
                        return
                    peer[sock].sendall(data)
        except OSError:
            return
        finally:
            client.close()
            server.close()
