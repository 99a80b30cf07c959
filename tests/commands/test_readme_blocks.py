"""Every ``sh`` block of the README, pasted in order into a fresh copy of the checkout, works.

The blocks run as one bash script (``set -e``, so any failing command fails the test) in a
copy of the checkout with nothing but the tracked sources (no database, no ``staticfiles``),
in an environment without the test run's settings. What a reader does by hand is done here:

- ``make run`` blocks the terminal and the reader goes on in another one: here it starts in
  the background (its own process group), on a free port instead of 8000 (``HOST=``, which the
  README documents), and the script waits until it answers; the next ``make run`` replaces it.
- ``make test`` is the suite this test belongs to: not run again.
- ``helpdesk_demo`` becomes a database of this run (dropped at the end), so the test never
  touches a reader's demo database; ``curl -s`` becomes ``curl -sf`` so an HTTP error fails.

The copy shares the test run's virtualenv (a symlink; ``make`` is told not to reinstall).
"""

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.deploy.conftest import HARNESS as DEPLOY_HARNESS
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
# Variables of the test run that a fresh terminal does not have.
HARNESS = DEPLOY_HARNESS | {"HELPDESK_SITE_URL", "VIRTUAL_ENV"}
PRELUDE = r"""
set -e -o pipefail
make() { command make -o .venv/.installed "$@"; }
SERVER=
stop_server() {
  if [ -n "$SERVER" ]; then kill -TERM -- "-$SERVER" 2>/dev/null || true; wait "$SERVER" || true; fi
  SERVER=
}
trap stop_server EXIT
start_server() {  # `make run` as a reader runs it: in another terminal, left running
  stop_server
  setsid make run "HOST=127.0.0.1:$PORT" >>server.log 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    if curl -so /dev/null "http://127.0.0.1:$PORT/healthz"; then return 0; fi
    kill -0 "$SERVER" 2>/dev/null || { echo "make run exited"; tail -50 server.log; return 1; }
    sleep 0.5
  done
  echo "make run never answered"; tail -50 server.log; return 1
}
"""


def readme_blocks() -> list[str]:
    return BLOCK.findall((ROOT / "README.md").read_text())


def as_script(blocks: list[str], database: str, port: int) -> str:
    lines = []
    for block in blocks:
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if re.fullmatch(r"make run", command):
                lines.append("start_server")
            elif re.fullmatch(r"make test", command):
                lines.append(": make test  # the suite running this test")
            else:
                line = line.replace("helpdesk_demo", database)
                line = line.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
                lines.append(line.replace("curl -s ", "curl -sf "))
    return PRELUDE + "\n".join(lines) + "\n"


def postgres_up() -> bool:
    if not (shutil.which("createdb") and shutil.which("pg_isready")):
        return False
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0


def test_the_readme_commands_include_the_server_and_both_apis():
    script = as_script(readme_blocks(), "db", 8123)
    assert script.count("start_server\n") == 2  # SQLite, then PostgreSQL
    assert "issue_api_client" in script and "/api/auth/login" in script


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
@pytest.mark.skipif(not postgres_up(), reason="the README's PostgreSQL block needs PostgreSQL")
def test_every_readme_block_works_pasted_in_order_into_a_fresh_checkout(tmp_path):
    clone = tmp_path / "helpdesk"
    shutil.copytree(
        ROOT,
        clone,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "build", "dist", "*.egg-info", "__pycache__",
            "*.sqlite3", "staticfiles", "media", ".pytest_cache", ".ruff_cache", "test-results",
        ),
    )
    (clone / ".venv").symlink_to(Path(sys.executable).resolve().parent.parent)
    if not (clone / ".venv" / "bin" / "python").exists():
        (clone / ".venv").unlink()
        (clone / ".venv").symlink_to(Path(sys.prefix))
    database = f"helpdesk_readme_{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k not in HARNESS}
    env["PORT"] = str(port := free_port())
    try:
        run = subprocess.run(
            ["bash", "-c", as_script(readme_blocks(), database, port)],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", database],
            capture_output=True,
        )
    log = (clone / "server.log").read_text() if (clone / "server.log").exists() else ""
    assert run.returncode == 0, f"{run.stdout[-3000:]}\n{run.stderr[-3000:]}\n{log[-3000:]}"
    # The Mesa dashboard (JWT) and the Spacebring list (Basic) answered with the demo's data.
    assert '"tickets"' in run.stdout or '"results"' in run.stdout, run.stdout[-2000:]
    assert "SECRET_KEY" not in run.stderr
