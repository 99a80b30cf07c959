"""E-mail leaves only once the change is committed: a transaction that rolls back after a
service queued its mail sends nothing."""

import pytest
from django.db import transaction

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
    "comment": lambda t, u: services.ticket_comment(actor=u, ticket=t, text="Hola"),
    "status": lambda t, u: services.ticket_change_status(actor=u, ticket=t, status="RESUELTO"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_rolled_back_change_sends_no_mail(
    ticket, mesa_user, mailoutbox, django_capture_on_commit_callbacks, change
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback):  # noqa: SIM117
        with transaction.atomic():
            CHANGES[change](ticket, mesa_user)
            raise Rollback
    assert mailoutbox == []


@pytest.mark.parametrize("change", list(CHANGES))
def test_committed_change_sends_its_mail(
    ticket, mesa_user, mailoutbox, django_capture_on_commit_callbacks, change
):
    with django_capture_on_commit_callbacks(execute=True):
        CHANGES[change](ticket, mesa_user)
    assert len(mailoutbox) == 1
