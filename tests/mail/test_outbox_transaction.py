"""The outbox row is written in the change's transaction: a change that rolls back queues
and sends nothing; one that commits queues exactly its mail, and the request sends none."""

import pytest

from mail.models import Delivery
from tickets import events, services


class Rollback(Exception):
    pass


CHANGES = {
    "create": lambda t, u: services.ticket_create(
        actor=None, description="Otra incidencia más.", priority="MEDIA", requester_email="a@b.co"
    ),
    "solve": lambda t, u: services.ticket_update(
        actor=u, ticket=t, status="RESUELTO", response="Resuelto ya."
    ),
    "respond": lambda t, u: services.ticket_update(actor=u, ticket=t, response="Vamos."),
    "comment": lambda t, u: services.ticket_comment(actor=u, ticket=t, text="Hola Laura"),
    "status": lambda t, u: services.ticket_change_status(actor=u, ticket=t, status="RESUELTO"),
    "pause": lambda t, u: services.ticket_pause(actor=u, ticket=t, reason="Esperando"),
}


@pytest.fixture
def fails_once_queued():
    """Fails the change from inside its own transaction (every public service is one, and
    refuses to run inside the caller's) as soon as its mail is queued; ``seen``: how many
    outbox rows there were then."""
    seen = []

    def receiver(event):
        if Delivery.objects.exists():
            seen.append(Delivery.objects.count())
            raise Rollback

    events.subscribe(receiver, phase=events.IN_TRANSACTION)
    yield seen
    events.unsubscribe(receiver, phase=events.IN_TRANSACTION)


@pytest.mark.parametrize("change", list(CHANGES))
def test_rolled_back_change_queues_and_sends_no_mail(
    ticket,
    mesa_user,
    django_capture_on_commit_callbacks,
    send_queued_mail,
    change,
    fails_once_queued,
):
    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback):
        CHANGES[change](ticket, mesa_user)
    assert fails_once_queued == [1]  # written inside the transaction
    assert Delivery.objects.count() == 0
    assert send_queued_mail() == []


@pytest.mark.parametrize("change", list(CHANGES))
def test_committed_change_queues_one_mail_and_the_request_sends_none(
    ticket, mesa_user, mailoutbox, django_capture_on_commit_callbacks, send_queued_mail, change
):
    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        CHANGES[change](ticket, mesa_user)
    assert mailoutbox == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    assert len(send_queued_mail()) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT
