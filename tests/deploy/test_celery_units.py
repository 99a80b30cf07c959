"""deploy/systemd/helpdesk-worker.service and helpdesk-beat.service, run for real against Redis:
the worker answers a ping and stops warmly on SIGTERM; beat starts and keeps its schedule file
where the unit says. Skipped without REDIS_URL (no broker: tasks run in-process)."""

import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy.conftest import ROOT, exec_start, production_env

pytestmark = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL, reason="needs REDIS_URL (a broker for the worker and beat)"
)


def _env(tmp_path: Path) -> dict[str, str]:
    return production_env(
        REDIS_URL=settings.CELERY_BROKER_URL,
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
    )


def _stop(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGTERM)  # what systemd sends (KillSignal=SIGTERM)
    try:
        return proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("did not stop on SIGTERM")


def test_the_worker_unit_starts_a_worker_that_answers_and_stops_warmly(tmp_path):
    name = f"deploy-test-{secrets.token_hex(4)}@{socket.gethostname()}"
    argv = exec_start("helpdesk-worker.service")
    assert argv[1:4] == ["-A", "helpdesk", "worker"]
    argv[argv.index("--concurrency") + 1] = "1"
    env = _env(tmp_path)
    log = tmp_path / "worker.log"
    with log.open("w") as fh:
        proc = subprocess.Popen([*argv, "--hostname", name], env=env, cwd=ROOT, stdout=fh,
                                stderr=subprocess.STDOUT)  # fmt: skip
    try:
        celery = str(Path(sys.executable).parent / "celery")
        deadline, answered = time.monotonic() + 90, False
        while time.monotonic() < deadline and not answered:
            assert proc.poll() is None, log.read_text()[-3000:]
            ping = subprocess.run(
                [celery, "-A", "helpdesk", "inspect", "ping", "-d", name, "--timeout", "2"],
                env=env, cwd=ROOT, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            answered = ping.returncode == 0 and "pong" in ping.stdout
        assert answered, log.read_text()[-3000:]
    finally:
        code = _stop(proc)
    assert code == 0, log.read_text()[-3000:]
    assert "warm shutdown" in log.read_text().lower()


def test_the_beat_unit_starts_the_scheduler_with_its_schedule_file(tmp_path):
    argv = exec_start("helpdesk-beat.service")
    assert argv[1:4] == ["-A", "helpdesk", "beat"]
    schedule = argv.index("--schedule") + 1
    assert argv[schedule] == "/var/lib/helpdesk-beat/schedule"  # StateDirectory=helpdesk-beat
    argv[schedule] = str(tmp_path / "schedule")
    log = tmp_path / "beat.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(argv, env=_env(tmp_path), cwd=ROOT, stdout=fh,
                                stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "beat: Starting" not in log.read_text():
            assert proc.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
        assert "beat: Starting" in log.read_text(), log.read_text()[-3000:]
    finally:
        _stop(proc)
    assert list(tmp_path.glob("schedule*")), "beat kept no schedule file"
    assert not re.search(r"Traceback|ERROR", log.read_text())
