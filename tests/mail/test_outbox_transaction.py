"""The outbox row is written in the change's transaction: a change that rolls back queues
and sends nothing; one that commits queues exactly its mail, and the request sends none."""

import pytest
from django.db import transaction

from mail.models import Delivery
from tickets import services


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


@pytest.mark.parametrize("change", list(CHANGES))
def test_rolled_back_change_queues_and_sends_no_mail(
    ticket, mesa_user, django_capture_on_commit_callbacks, send_queued_mail, change
):
    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback):  # noqa: SIM117
        with transaction.atomic():
            CHANGES[change](ticket, mesa_user)
            assert Delivery.objects.count() == 1  # written inside the transaction
            raise Rollback
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
