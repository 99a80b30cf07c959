"""End to end through the broker: a real Celery worker (tests/worker.py) sends outbox rows to
a real SMTP sink. Skipped without REDIS_URL / PostgreSQL (CI has both)."""

import time

import pytest

from mail.models import Delivery
from mail.tasks import send_delivery
from tickets import services

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
CREAR = "/api/tickets/crear"
CREAR_BODY = {
    "nombre": "Laura Gómez",
    "email": "laura@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Correo",
    "descripcion": "No puedo entrar al correo corporativo desde ayer.",
    "prioridad": "ALTA",
}


def _wait(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_created_ticket_mail_reaches_the_smtp_sink_through_the_broker(
    celery_worker, smtp_sink, make_ticket
):
    ticket = make_ticket()
    [message] = smtp_sink.wait_for(1)
    assert message["To"] == "laura@example.com"
    assert ticket.label in message["Subject"]
    assert message["Reply-To"].startswith("helpdesk+")
    assert _wait(lambda: Delivery.objects.filter(status="sent").count() == 1)


def test_a_task_run_twice_sends_one_mail(celery_worker, smtp_sink, make_ticket):
    smtp_sink.silent()  # hold the first run so the copies arrive while it is pending
    make_ticket()
    pk = Delivery.objects.get().pk
    for _ in range(3):
        send_delivery.apply_async((pk,))
    time.sleep(0.5)
    smtp_sink.up()
    smtp_sink.wait_for(1)
    assert _wait(lambda: Delivery.objects.get().status == "sent")
    time.sleep(3)  # every copy and retry has had its turn
    assert len(smtp_sink.received()) == 1


def test_smtp_down_during_a_burst_of_50_status_changes_loses_and_duplicates_nothing(
    celery_worker, smtp_sink, make_ticket, mesa_user
):
    smtp_sink.down()
    tickets = [make_ticket(requester_email=f"r{i}@example.com") for i in range(5)]
    for _round in range(5):
        for t in tickets:
            services.ticket_pause(actor=mesa_user, ticket=t, reason="Esperando repuesto")
            services.ticket_reopen(actor=mesa_user, ticket=t, reason="Llegó")
    changes = 50
    expected = changes + len(tickets)  # plus each ticket's "received" mail
    assert Delivery.objects.count() == expected
    # Every row has been tried against the dead server at least once.
    assert _wait(lambda: not Delivery.objects.filter(attempts=0).exists(), timeout=60)
    assert smtp_sink.received() == []
    smtp_sink.up()
    got = smtp_sink.wait_for(expected, timeout=90)
    assert _wait(lambda: Delivery.objects.filter(status="sent").count() == expected, timeout=30)
    time.sleep(2)
    got = smtp_sink.received()
    assert len(got) == expected
    assert len({m["Message-ID"] for m in got}) == expected
    per_requester = {}
    for m in got:
        per_requester[m["To"]] = per_requester.get(m["To"], 0) + 1
    assert per_requester == {f"r{i}@example.com": 11 for i in range(5)}


def test_crear_answers_at_once_with_a_hung_smtp_server_and_mails_once_when_it_answers(
    celery_worker, smtp_sink, client, location, priorities, area_mesa
):
    smtp_sink.silent()
    client.post(CREAR, {}, content_type="application/json")  # warm up: load the app's code
    started = time.monotonic()
    response = client.post(CREAR, CREAR_BODY, content_type="application/json")
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.content
    assert elapsed < 1.0
    time.sleep(2.5)  # the worker has waited out EMAIL_TIMEOUT at least once
    smtp_sink.up()
    [message] = smtp_sink.wait_for(1)
    assert response.json()["ticketLabel"] in message["Subject"]
    time.sleep(3)
    assert len(smtp_sink.received()) == 1
