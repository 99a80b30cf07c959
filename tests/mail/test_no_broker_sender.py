"""Without a broker (``make run``): the request records the mail and returns; the web
process's background sender delivers it later, retrying while SMTP hangs."""

import time

import pytest

from mail import dispatch
from mail.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)
CREAR = "/api/tickets/crear"


@pytest.fixture
def background_sender(settings, smtp_sink):
    settings.HELPDESK_MAIL_LOCAL_SENDER = "thread"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_sink.host, smtp_sink.port
    settings.EMAIL_TIMEOUT = 1
    settings.HELPDESK_MAIL_RETRY_BACKOFF_MAX = 1
    smtp_sink.clear()
    yield dispatch.local_sender()
    settings.HELPDESK_MAIL_LOCAL_SENDER = "manual"
    dispatch.local_sender().stop()
    smtp_sink.up()


def test_crear_answers_at_once_with_a_hung_smtp_server_without_a_broker(
    background_sender, smtp_sink, client, location, priorities, area_mesa
):
    assert not dispatch.broker_in_use()
    smtp_sink.silent()
    body = {
        "nombre": "Laura Gómez",
        "email": "laura@example.com",
        "tipo": "INCIDENTE",
        "categoria": "Correo",
        "descripcion": "No puedo entrar al correo corporativo desde ayer.",
        "prioridad": "ALTA",
    }
    client.post(CREAR, {}, content_type="application/json")  # warm up: load the app's code
    started = time.monotonic()
    response = client.post(CREAR, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert time.monotonic() - started < 1.0
    time.sleep(1.5)  # the background sender is stuck on the hung server, not the request
    assert Delivery.objects.get().status in ("pending", "sending")
    smtp_sink.up()
    [message] = smtp_sink.wait_for(1, timeout=20)
    assert response.json()["ticketLabel"] in message["Subject"]
    deadline = time.monotonic() + 10
    while Delivery.objects.get().status != "sent" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert Delivery.objects.get().status == "sent"
    time.sleep(2)
    assert len(smtp_sink.received()) == 1


SHORT_LIVED = r"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from accounts.models import Area, Location, Network
from tickets.models import Priority
from tickets import services
Area.objects.create(code="MESA", name="Mesa")
Priority.objects.create(name="MEDIA", order=3, sla_hours=24)
Location.objects.create(network=Network.objects.create(name="R"), name="S", label_prefix="TKT",
                        is_default=True)
services.ticket_create(actor=None, description="No imprime.", requester_email="a@b.co")
print("created")  # and the process ends at once
"""


def test_a_short_lived_process_sends_its_mail_before_it_exits(smtp_sink, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    smtp_sink.up()
    smtp_sink.clear()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        # Production settings refuse to start without their own key and hosts.
        "SECRET_KEY": "subprocess-test-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp_sink.host,
        "EMAIL_PORT": str(smtp_sink.port),
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHORT_LIVED],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [message] = smtp_sink.received()  # already there when the process has ended
    assert message["To"] == "a@b.co"
