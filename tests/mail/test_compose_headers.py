"""Headers and greeting of outgoing mail (issue 27 item 16): ``Auto-Submitted`` only on
automatic mail, never on an agent's own reply; a requester without a name is greeted
"Hola:" (not "Hola :")."""

import pytest

from tickets import services

pytestmark = pytest.mark.django_db


def test_an_agents_reply_is_not_marked_automatic(ticket, mesa_user, commit, send_queued_mail):
    send_queued_mail().clear()
    commit(services.ticket_comment, actor=mesa_user, ticket=ticket, text="Vamos en camino.")
    [message] = send_queued_mail()
    assert "Auto-Submitted" not in message.extra_headers
    assert message.extra_headers["X-Helpdesk-Ticket"] == ticket.label


def test_a_status_change_sent_with_the_agents_response_is_not_marked_automatic(
    ticket, mesa_user, commit, send_queued_mail
):
    send_queued_mail().clear()
    commit(services.ticket_update, actor=mesa_user, ticket=ticket, status="RESUELTO",
           response="Tóner cambiado.")  # fmt: skip
    [message] = send_queued_mail()
    assert "Tóner cambiado." in message.body
    assert "Auto-Submitted" not in message.extra_headers


def test_acknowledgements_and_bare_status_changes_are_marked_automatic(
    make_ticket, mesa_user, commit, send_queued_mail
):
    ticket = commit(make_ticket)
    commit(services.ticket_pause, actor=mesa_user, ticket=ticket, reason="Repuesto")
    sent = send_queued_mail()
    assert len(sent) == 2
    assert all(m.extra_headers["Auto-Submitted"] == "auto-generated" for m in sent)


@pytest.mark.parametrize("name", ["", "   "])
def test_a_requester_without_a_name_is_greeted_without_a_gap(
    make_ticket, mesa_user, commit, send_queued_mail, name
):
    ticket = commit(make_ticket, requester_name=name)
    commit(services.ticket_comment, actor=mesa_user, ticket=ticket, text="Listo.")
    sent = send_queued_mail()
    assert len(sent) == 2
    for message in sent:
        first_line = message.body.splitlines()[0]
        assert first_line == "Hola:", first_line


def test_a_requester_with_a_name_is_greeted_by_it(make_ticket, commit, send_queued_mail):
    commit(make_ticket)
    [message] = send_queued_mail()
    assert message.body.splitlines()[0] == "Hola Laura Gómez:"
