"""deploy/systemd/helpdesk.service's gunicorn with DEBUG off and no SECRET_KEY: it refuses to
boot (so systemd shows the failure) instead of every worker inventing its own key."""

import subprocess

from tests.deploy.conftest import ROOT, gunicorn_command, production_env
from tests.servers import free_port


def test_gunicorn_of_the_unit_refuses_to_boot_without_a_secret_key(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    del env["SECRET_KEY"]
    out = subprocess.run(
        gunicorn_command(free_port()), env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert out.returncode != 0
    assert "UnsafeSettings: SECRET_KEY is not set: with DEBUG off set SECRET_KEY" in out.stderr
