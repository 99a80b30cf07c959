"""The production stack of deploy/, run for real: nginx (deploy/nginx/helpdesk.conf) in front of
gunicorn (deploy/systemd/helpdesk.service's ExecStart) with the production settings, on a
fresh database set up the way docs/operations.md says (migrate, setup_helpdesk, collectstatic).

Everything binds free ports chosen at run time; pid, logs and temporary files live in a tmp
directory; nginx runs in the foreground as a subprocess of the test. Skipped without nginx.
"""

import datetime
import ipaddress
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.servers import free_port

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
ADMIN_EMAIL, ADMIN_PASSWORD = "jefe@example.org", "deploy test password 2026"
# Variables of the test run that the production processes must not inherit.
HARNESS = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "HELPDESK_DATA_DIR",
}


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"nothing listens on {port}:\n{log.read_text()[-3000:]}")


def replace_once(text: str, old: str, new: str) -> str:
    """Render a deploy file: each value replaced must be there exactly once."""
    assert text.count(old) == 1, f"{old!r} is not in the deploy file exactly once"
    return text.replace(old, new)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Database:
    """A database of its own for the production processes: SQLite file or PostgreSQL."""

    def __init__(self, tmp: Path):
        self.created = None
        test_db = settings.DATABASES["default"]
        if test_db["ENGINE"] != "core.db.postgresql":
            self.url = f"sqlite:///{tmp / 'deploy.sqlite3'}"
            return
        import psycopg

        self.params = {
            "host": test_db.get("HOST") or "127.0.0.1",
            "port": test_db.get("PORT") or 5432,
            "user": test_db.get("USER") or "postgres",
            "password": test_db.get("PASSWORD") or None,
        }
        self.created = f"deploy_{os.getpid()}_{secrets.token_hex(4)}"
        with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as conn:
            conn.execute(f'CREATE DATABASE "{self.created}"')
        auth = self.params["user"]
        if self.params["password"]:
            auth += f":{self.params['password']}"
        self.url = f"postgres://{auth}@{self.params['host']}:{self.params['port']}/{self.created}"

    def drop(self) -> None:
        if self.created:
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.created}" WITH (FORCE)')


def exec_start(unit_name: str) -> list[str]:
    """A unit's ExecStart from deploy/systemd/, with this virtualenv's scripts."""
    unit = (DEPLOY / "systemd" / unit_name).read_text()
    (line,) = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    argv = shlex.split(line.removeprefix("ExecStart="))
    assert argv[0].startswith("/opt/helpdesk/venv/bin/"), argv[0]
    argv[0] = str(Path(sys.executable).parent / Path(argv[0]).name)
    return argv


def gunicorn_command(port: int) -> list[str]:
    """deploy/systemd/helpdesk.service's ExecStart, with a free port and 2 workers."""
    argv = exec_start("helpdesk.service")
    assert Path(argv[0]).name == "gunicorn"
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "2"
    return argv


def production_env(**extra: str) -> dict[str, str]:
    """The test run's environment minus its harness, plus production settings."""
    return {
        **{k: v for k, v in os.environ.items() if k not in HARNESS},
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",  # the production settings
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        **extra,
    }


def render_site(
    *,
    http: int,
    https: int,
    app: int,
    static: Path,
    cert: Path,
    key: Path,
    logs: Path,
    webroot: Path,
) -> str:
    site = (DEPLOY / "nginx" / "helpdesk.conf").read_text()
    site = replace_once(site, "root /var/www/letsencrypt;", f"root {webroot};")
    site = replace_once(site, "server 127.0.0.1:8000 ", f"server 127.0.0.1:{app} ")
    site = replace_once(site, "listen 80;", f"listen 127.0.0.1:{http};")
    site = replace_once(site, "listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;")
    site = replace_once(site, "/srv/helpdesk/staticfiles/", f"{static}/")
    site = replace_once(site, "/etc/letsencrypt/live/helpdesk.example.org/fullchain.pem", str(cert))
    site = replace_once(site, "/etc/letsencrypt/live/helpdesk.example.org/privkey.pem", str(key))
    site = replace_once(site, "/var/log/nginx/helpdesk.access.log", str(logs / "access.log"))
    site = replace_once(site, "/var/log/nginx/helpdesk.error.log", str(logs / "error.log"))
    return site


def nginx_conf(tmp: Path, site: Path) -> str:
    import pwd

    user = pwd.getpwuid(os.geteuid()).pw_name
    temp = {name: tmp / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    return f"""
user {user};
daemon off;
worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "nginx-error.log"} info;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp / "nginx-access.log"};
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {site};
}}
"""


class Stack:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.procs: list[subprocess.Popen] = []
        self.db = Database(tmp)
        self.static = tmp / "static"
        self.env = production_env(
            HELPDESK_DATA_DIR=str(tmp),  # MEDIA_ROOT is HELPDESK_DATA_DIR/media
            DATABASE_URL=self.db.url,
            STATIC_ROOT=str(self.static),
            NUM_PROXIES="1",
            SECURE_SSL_REDIRECT="1",
        )

    def manage(self, *args: str) -> str:
        out = subprocess.run(
            [sys.executable, "manage.py", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout

    def start(self, argv: list[str], port: int, log_name: str) -> None:
        log = self.tmp / log_name
        with log.open("w") as fh:
            proc = subprocess.Popen(argv, env=self.env, cwd=ROOT, stdout=fh, stderr=fh)
        self.procs.append(proc)
        wait_for_port(port, proc, log)

    def up(self) -> None:
        password_file = self.tmp / "admin-password"
        password_file.write_text(ADMIN_PASSWORD + "\n")
        self.manage("migrate", "--noinput")
        self.manage(
            "setup_helpdesk", "--admin-email", ADMIN_EMAIL, "--password-file", str(password_file)
        )
        self.manage("collectstatic", "--noinput")

        self.app_port, self.http_port, self.https_port = free_port(), free_port(), free_port()
        self.gunicorn_log = self.tmp / "gunicorn.log"
        self.start(gunicorn_command(self.app_port), self.app_port, "gunicorn.log")

        self.cert, key = self_signed_certificate(self.tmp)
        logs = self.tmp / "logs"
        logs.mkdir()
        self.webroot = self.tmp / "acme"
        self.webroot.mkdir()
        site = self.tmp / "helpdesk.conf"
        site.write_text(
            render_site(
                http=self.http_port,
                https=self.https_port,
                app=self.app_port,
                static=self.static,
                cert=self.cert,
                key=key,
                logs=logs,
                webroot=self.webroot,
            )
        )
        conf = self.tmp / "nginx.conf"
        conf.write_text(nginx_conf(self.tmp, site))
        argv = [
            NGINX,
            "-p",
            str(self.tmp),
            "-c",
            str(conf),
            "-e",
            str(self.tmp / "nginx-error.log"),
        ]
        self.start(argv, self.https_port, "nginx.out")

    def down(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.db.drop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx; .ci/run installs it)")
    stack = Stack(tmp_path_factory.mktemp("deploy"))
    try:
        stack.up()
        yield stack
    finally:
        stack.down()


def static_name(stack: Stack, name: str) -> str:
    """The hashed name collectstatic gave ``name`` (ManifestStaticFilesStorage)."""
    import json

    manifest = json.loads((stack.static / "staticfiles.json").read_text())
    return manifest["paths"][name]
