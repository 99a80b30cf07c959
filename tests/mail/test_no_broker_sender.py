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
