"""ticket_reply: the composer's send, and the 5-character minimum of a public response."""

import pytest

from tickets import services
from tickets.access import Requester
from tickets.errors import NotAllowed, TicketFinal, ValidationFailed
from tickets.models import ActivityType, Status


def test_a_public_reply_with_a_status_change_is_one_change_then_the_response(users, ticket):
    change, response = services.ticket_reply(
        actor=users["mesa"], ticket=ticket, text="Cambiamos el tóner.", status="RESUELTO"
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
    assert (change.type, change.public) == (ActivityType.STATUS_UPDATED, True)
    assert (response.type, response.public, response.data["text"]) == (
        "comment",
        True,
        "Cambiamos el tóner.",
    )


def test_an_internal_note_with_a_status_change_keeps_the_note_internal(users, ticket):
    change, note = services.ticket_reply(
        actor=users["mesa"], ticket=ticket, text="ok", public=False, status="EN_PROCESO"
    )
    assert change.type == ActivityType.STATUS_UPDATED
    assert (note.public, note.data["text"]) == (False, "ok")  # a note may be short


def test_an_extra_note_comes_last_and_internal(users, ticket):
    written = services.ticket_reply(
        actor=users["mesa"], ticket=ticket, text="Ya lo revisamos.", note="Macro: revisión"
    )
    assert [(a.type, a.public) for a in written] == [("comment", True), ("comment", False)]
    assert written[-1].data["text"] == "Macro: revisión"


def test_nothing_to_send_is_refused_on_the_text(users, ticket):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_reply(actor=users["mesa"], ticket=ticket, text="", status="NUEVO")
    assert "text" in exc.value.errors


@pytest.mark.parametrize("text", ["ok", "  abcd  ", "1234"])
def test_a_public_reply_under_five_characters_is_refused_and_nothing_changes(users, ticket, text):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_reply(actor=users["mesa"], ticket=ticket, text=text, status="RESUELTO")
    assert "text" in exc.value.errors
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO
    assert ticket.activities.count() == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda u, t: services.ticket_comment(actor=u, ticket=t, text="ok"),
        lambda u, t: services.ticket_update(actor=u, ticket=t, status="EN_PROCESO", response="ok"),
    ],
    ids=["comment", "update"],
)
def test_every_service_that_answers_the_requester_has_the_same_minimum(users, ticket, write):
    with pytest.raises(ValidationFailed):
        write(users["area_own"], ticket)


def test_the_requesters_own_short_answer_is_taken(ticket):
    grant = Requester(ticket.requester_email, ticket_id=ticket.pk)
    activity = services.ticket_comment(actor=grant, ticket=ticket, text="ok")
    assert activity.data["text"] == "ok"


def test_reply_follows_the_role_matrix(users, ticket):
    with pytest.raises(NotAllowed):
        services.ticket_reply(actor=users["area_other"], ticket=ticket, text="Hola Laura")
    with pytest.raises(NotAllowed):
        services.ticket_reply(actor=users["usuario"], ticket=ticket, text="Hola", public=False)


def test_a_terminal_ticket_takes_no_reply(users, ticket):
    services.ticket_cancel(actor=users["mesa"], ticket=ticket)
    with pytest.raises(TicketFinal):
        services.ticket_reply(actor=users["mesa"], ticket=ticket, text="Hola Laura")
