"""Worker memory while receiving 10 MB uploads: it must stay flat (streamed to a temporary
file in chunks, hashed in chunks, moved into storage), not grow by the file's size.

Starts a real gunicorn (one sync worker, a free port, a throw-away SQLite database and
MEDIA_ROOT), sends a small warm-up upload, then N uploads of a ~10 MB file to
``POST /api/tickets/crear`` (multipart, ``adjuntos``) from a client that streams the body,
and reads the worker's peak resident memory (``VmHWM`` in /proc) before and after. The
same run with ``FILE_UPLOAD_MAX_MEMORY_SIZE`` raised over the file size (Django then keeps
uploads in memory) shows what "not flat" looks like. Writes the "Upload memory" section
of bench/RESULTS.md. Not a test; run: ``.venv/bin/python bench/bench_upload.py [N]``.
"""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402

SECTION = "Upload memory"
SIZE = 10 * 1000 * 1000  # under HELPDESK_ATTACHMENT_MAX_BYTES (10 MiB)
FIELDS = {
    "nombre": "Bench Upload",
    "email": "bench@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Bench",
    "descripcion": "Subida de un archivo grande para medir memoria.",
    "prioridad": "MEDIA",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_file(folder: Path, size: int) -> Path:
    path = folder / "big.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        remaining = size - 9
        while remaining > 0:
            chunk = os.urandom(min(remaining, 1 << 20))
            fh.write(chunk)
            remaining -= len(chunk)
    return path


def multipart_parts(path: Path, boundary: str):
    """(head bytes, file path, tail bytes) of a multipart body, for streaming."""
    head = b""
    for name, value in FIELDS.items():
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="adjuntos"; '
        f'filename="{path.name}"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head, tail


def upload(port: int, path: Path) -> int:
    boundary = uuid.uuid4().hex
    head, tail = multipart_parts(path, boundary)
    length = len(head) + path.stat().st_size + len(tail)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.putrequest("POST", "/api/tickets/crear")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(length))
    conn.endheaders()
    conn.send(head)
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(64 * 1024), b""):
            conn.send(chunk)
    conn.send(tail)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"upload failed: {response.status} {body[:300]!r}")
    return response.status


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise SystemExit("no gunicorn worker")


def kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def run(n: int, big: Path, small: Path, extra_env: dict) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="hd-bench-upload-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "MESA_THROTTLE_CREAR": "100000/hour",
        "PYTHONPATH": str(ROOT),
        **extra_env,
    }
    env.pop("REDIS_URL", None)
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    seed = (
        "from accounts.models import Area, Location, Network;"
        "from tickets.models import Priority;"
        "Area.objects.create(code='MESA', name='Mesa');"
        "Priority.objects.create(name='MEDIA', order=3, sla_hours=24);"
        "Location.objects.create(network=Network.objects.create(name='B'), name='HQ',"
        " label_prefix='BEN', is_default=True)"
    )
    subprocess.run([py, "manage.py", "shell", "-c", seed], cwd=ROOT, env=env, check=True)
    port = free_port()
    gunicorn = Path(py).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "helpdesk.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pid = worker_pid(server.pid)
        for _ in range(50):
            try:
                upload(port, small)
                break
            except (ConnectionRefusedError, OSError):
                time.sleep(0.2)
        upload(port, small)  # warm: imports, connections, templates
        before = kib(pid, "VmHWM")
        started = time.perf_counter()
        for _ in range(n):
            upload(port, big)
        seconds = (time.perf_counter() - started) / n
        after = kib(pid, "VmHWM")
        stored = sum(p.stat().st_size for p in (tmp / "media").rglob("*") if p.is_file())
        return {
            "before": before,
            "after": after,
            "growth": after - before,
            "seconds": seconds,
            "stored_mb": stored / 1e6,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    folder = Path(tempfile.mkdtemp(prefix="hd-bench-files-"))
    big = make_file(folder, SIZE)
    small_dir = folder / "small"
    small_dir.mkdir()
    small = make_file(small_dir, 2000)
    streamed = run(n, big, small, {})
    in_memory = run(n, big, small, {"FILE_UPLOAD_MAX_MEMORY_SIZE": str(64 * 1024 * 1024)})
    rows = [
        ("streamed (settings: FILE_UPLOAD_MAX_MEMORY_SIZE = 256 KiB)", streamed),
        ("contrast: FILE_UPLOAD_MAX_MEMORY_SIZE = 64 MiB (in memory)", in_memory),
    ]
    lines = [
        f"gunicorn, 1 sync worker, SQLite, {n} uploads of a {SIZE / 1e6:.0f} MB file to "
        "`POST /api/tickets/crear` (multipart), client streaming the body; peak RSS of the "
        f"worker (`VmHWM`) after a warm-up upload, then after the uploads. Python "
        f"{sys.version.split()[0]}. Run: `.venv/bin/python bench/bench_upload.py {n}`.",
        "",
        "| upload handling | peak RSS before (KiB) | after (KiB) | growth (KiB) "
        "| s/upload | stored MB |",
        "|---|---|---|---|---|---|",
    ]
    for label, r in rows:
        lines.append(
            f"| {label} | {r['before']} | {r['after']} | {r['growth']} | {r['seconds']:.2f} "
            f"| {r['stored_mb']:.1f} |"
        )
    verdict = "flat" if streamed["growth"] < 2048 else "NOT flat"
    lines += [
        "",
        f"Streamed: the worker's peak grows by {streamed['growth']} KiB over {n} × 10 MB "
        f"({verdict}: the body goes to a temporary file in 64 KiB chunks, is sniffed from its "
        "first 8 KiB, hashed in 64 KiB chunks and moved into storage). Kept in memory it "
        f"grows by {in_memory['growth']} KiB.",
    ]
    text = "\n".join(lines)
    print(text)
    write_section(SECTION, text)


if __name__ == "__main__":
    main()
