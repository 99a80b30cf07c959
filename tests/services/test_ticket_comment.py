import pytest

from tests import files
from tickets import services
from tickets.errors import InvalidTransition, NotAllowed, TicketFinal, ValidationFailed


def test_internal_note_is_not_public(ticket, area_a_user):
    note = services.ticket_comment(
        actor=area_a_user, ticket=ticket, text="Solo agentes", public=False
    )
    assert (note.type, note.public, note.data) == ("comment", False, {"text": "Solo agentes"})


def test_public_comment_stores_its_files_public_like_the_comment(ticket, mesa_user):
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Adjunto foto", uploads=[files.png(), files.pdf()]
    )
    rows = list(activity.attachments.order_by("name"))
    assert [(r.name, r.mime, r.public) for r in rows] == [
        ("captura.png", "image/png", True),
        ("informe.pdf", "application/pdf", True),
    ]
    assert (rows[0].width, rows[0].height, rows[0].ticket_id) == (4, 3, ticket.pk)


def test_internal_note_files_are_internal(ticket, mesa_user):
    note = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="", public=False, uploads=[files.pdf()]
    )
    assert [a.public for a in note.attachments.all()] == [False]


def test_unknown_attachment_key_is_refused(ticket, mesa_user):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_comment(actor=mesa_user, ticket=ticket, text="Texto", attachment_keys=["k"])
    assert "attachments[0].key" in exc.value.errors


def test_empty_comment_is_refused(ticket, mesa_user):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_comment(actor=mesa_user, ticket=ticket, text="  ")
    assert "text" in exc.value.errors


def test_requester_may_comment_on_own_ticket_but_not_write_internal_notes(make_ticket, requester):
    own = make_ticket(requester=requester)
    services.ticket_comment(actor=requester, ticket=own, text="Sigue fallando")
    with pytest.raises(NotAllowed):
        services.ticket_comment(actor=requester, ticket=own, text="nota", public=False)


def test_area_agent_cannot_comment_on_other_area_ticket(ticket, area_b_user):
    with pytest.raises(NotAllowed):
        services.ticket_comment(actor=area_b_user, ticket=ticket, text="Hola")


def test_more_files_than_the_limit_are_refused(ticket, mesa_user, settings):
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 2
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="x", uploads=[files.text() for _ in range(3)]
        )
    assert "attachments" in exc.value.errors


@pytest.mark.parametrize("terminal", ["ticket_cancel", "ticket_archive"])
@pytest.mark.parametrize("public", [True, False])
def test_a_terminal_ticket_takes_no_comment_or_note(ticket, mesa_user, terminal, public):
    getattr(services, terminal)(actor=mesa_user, ticket=ticket)
    before = ticket.activities.count()
    with pytest.raises(TicketFinal) as exc:
        services.ticket_comment(actor=mesa_user, ticket=ticket, text="¿Algo más?", public=public)
    assert isinstance(exc.value, InvalidTransition)  # 409 on every way in
    assert ticket.activities.count() == before


def test_the_requester_cannot_comment_on_a_terminal_ticket(make_ticket, requester, mesa_user):
    own = make_ticket(requester=requester)
    services.ticket_cancel(actor=mesa_user, ticket=own)
    with pytest.raises(TicketFinal):
        services.ticket_comment(actor=requester, ticket=own, text="Hola de nuevo")


@pytest.mark.parametrize("status", ["RESUELTO", "CERRADO", "PAUSADO"])
def test_solved_closed_and_paused_tickets_take_comments(ticket, mesa_user, status):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status=status)
    services.ticket_comment(actor=mesa_user, ticket=ticket, text="Seguimiento")
    assert ticket.activities.last().data == {"text": "Seguimiento"}
