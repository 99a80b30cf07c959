"""Real failing servers on loopback, on ports chosen at run time (never a fixed port).

- ``closed_port()``: a port that refuses connections (bound, never listening, so no other
  process can take it while the test runs);
- ``silent_server()``: a server that accepts connections and never answers (a hung Redis,
  an SMTP server that never sends its banner).
"""

import contextlib
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
