"""The first TLS certificate, as docs/operations.md ("TLS certificate") says: the full site
refuses `nginx -t` while its certificate files do not exist; the first-certificate site passes
it and answers certbot's HTTP challenge from the webroot; once the certificate is there the full
site passes, and its port 80 keeps answering challenges (renewals) while redirecting the rest."""

import http.client
import subprocess

import pytest

from tests.deploy.conftest import (
    DEPLOY,
    NGINX,
    nginx_conf,
    render_site,
    replace_once,
    self_signed_certificate,
    wait_for_port,
)
from tests.servers import free_port

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (.ci/run does)")


def first_certificate_site(*, http: int, webroot) -> str:
    site = (DEPLOY / "nginx" / "helpdesk-first-certificate.conf").read_text()
    site = replace_once(site, "listen 80;", f"listen 127.0.0.1:{http};")
    return replace_once(site, "root /var/www/letsencrypt;", f"root {webroot};")


def nginx(tmp, site_text: str, *args: str) -> subprocess.CompletedProcess | subprocess.Popen:
    site = tmp / "site.conf"
    site.write_text(site_text)
    conf = tmp / "nginx.conf"
    if not conf.exists():
        conf.write_text(nginx_conf(tmp, site))
    argv = [NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "nginx-error.log"), *args]
    if "-t" in args:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30)
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def get(port: int, path: str) -> tuple[int, bytes, str | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    answer = response.status, response.read(), response.getheader("Location")
    conn.close()
    return answer


def test_the_first_certificate_steps_work_before_any_certificate_exists(tmp_path):
    webroot, live, logs = tmp_path / "acme", tmp_path / "live", tmp_path / "logs"
    for folder in (webroot, live, logs):
        folder.mkdir()
    http_port = free_port()
    full = render_site(
        http=http_port,
        https=free_port(),
        app=free_port(),
        static=tmp_path / "static",
        cert=live / "fullchain.pem",
        key=live / "privkey.pem",
        logs=logs,
        webroot=webroot,
    )
    # Why the step exists: the shipped site names certificate files certbot has not written.
    refused = nginx(tmp_path, full, "-t")
    assert refused.returncode != 0 and "fullchain.pem" in refused.stderr

    # 1. The first-certificate site passes `nginx -t` and answers the challenge.
    bootstrap = first_certificate_site(http=http_port, webroot=webroot)
    checked = nginx(tmp_path, bootstrap, "-t")
    assert checked.returncode == 0, checked.stderr
    server = nginx(tmp_path, bootstrap)
    try:
        wait_for_port(http_port, server, tmp_path / "nginx-error.log")
        challenge = webroot / ".well-known" / "acme-challenge"
        challenge.mkdir(parents=True)
        (challenge / "token-123").write_text("token-123.thumbprint")
        assert get(http_port, "/.well-known/acme-challenge/token-123")[:2] == (
            200,
            b"token-123.thumbprint",
        )
        assert get(http_port, "/portal/")[0] == 503  # nothing else before TLS
    finally:
        server.terminate()
        server.wait(timeout=20)

    # 2. certbot wrote the certificate: the full site passes and keeps serving renewals.
    cert, key = self_signed_certificate(live)
    cert.rename(live / "fullchain.pem")
    key.rename(live / "privkey.pem")
    checked = nginx(tmp_path, full, "-t")
    assert checked.returncode == 0, checked.stderr
    server = nginx(tmp_path, full)
    try:
        wait_for_port(http_port, server, tmp_path / "nginx-error.log")
        assert get(http_port, "/.well-known/acme-challenge/token-123")[:2] == (
            200,
            b"token-123.thumbprint",
        )
        status, _, location = get(http_port, "/portal/")
        assert status == 301 and location.startswith("https://127.0.0.1/portal/")
    finally:
        server.terminate()
        server.wait(timeout=20)
