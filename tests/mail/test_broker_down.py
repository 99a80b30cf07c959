"""A broker that is down when a change commits costs the request nothing: the change is
saved, the answer is immediate, and the e-mail waits in the outbox for the sweep."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = r"""
import json, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from accounts.models import Area, Location, Network
from tickets.models import Priority
from tickets import services
from mail import dispatch, outbox
from mail.models import Delivery
Area.objects.create(code="MESA", name="Mesa")
Priority.objects.create(name="MEDIA", order=3, sla_hours=24)
Location.objects.create(network=Network.objects.create(name="R"), name="S", label_prefix="TKT",
                        is_default=True)
assert dispatch.broker_in_use()
started = time.monotonic()
ticket = services.ticket_create(actor=None, description="No imprime.", requester_email="a@b.co")
elapsed = time.monotonic() - started
row = Delivery.objects.get()
print(json.dumps({"elapsed": elapsed, "status": row.status, "due": outbox.due() == [row.pk]}))
"""


def test_a_change_committed_while_the_broker_is_down_answers_at_once(tmp_path):
    from tests.servers import free_port

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        # Production settings refuse to start without their own key and hosts.
        "SECRET_KEY": "subprocess-test-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["elapsed"] < 1.0
    assert result["status"] == "pending" and result["due"]  # the sweep will queue it
