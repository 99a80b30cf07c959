"""Requester actions in the role matrix: only the ticket's requester, proven to the server
(label + e-mail / signed link -> ``Requester``, or a USUARIO with that account
e-mail); never an agent; AUTOCLOSE only for the scheduled task (``SYSTEM``)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User
from tests.conftest import PASSWORD
from tickets.access import REQUESTER_ACTIONS, SYSTEM, Action, Requester, can, ensure_can
from tickets.errors import NotAllowed

AGENT_ACTIONS = set(Action) - REQUESTER_ACTIONS - {Action.AUTOCLOSE}


@pytest.mark.parametrize("action", sorted(REQUESTER_ACTIONS | {Action.AUTOCLOSE}))
@pytest.mark.parametrize(
    "role", ["admin", "mesa", "area_own", "area_other", "usuario", "anonymous"]
)
def test_no_agent_and_no_stranger_may_act_as_the_requester(users, ticket, role, action):
    actor = AnonymousUser() if role == "anonymous" else users[role]
    assert can(actor, action, ticket) is False
    with pytest.raises(NotAllowed):
        ensure_can(actor, action, ticket)


@pytest.mark.parametrize("action", sorted(REQUESTER_ACTIONS))
def test_proof_of_the_requester_email_grants_the_requester_actions(ticket, action):
    assert can(Requester("LAURA@example.com"), action, ticket)


@pytest.mark.parametrize("action", sorted(REQUESTER_ACTIONS))
def test_proof_of_another_email_grants_nothing(ticket, action):
    assert not can(Requester("otra@example.com"), action, ticket)
    assert not can(Requester(""), action, ticket)


@pytest.mark.parametrize("action", sorted(AGENT_ACTIONS - {Action.CREATE, Action.LOOKUP}))
def test_requester_never_grants_an_agent_action(ticket, action):
    assert not can(Requester(ticket.requester_email), action, ticket)


@pytest.mark.parametrize("action", sorted(REQUESTER_ACTIONS))
def test_usuario_whose_account_email_is_the_requester_email_may(location, make_ticket, action):
    laura = User.objects.create_user("laura@example.com", PASSWORD, role=Role.USUARIO)
    ticket = make_ticket()  # opened anonymously with laura@example.com
    assert can(laura, action, ticket)
    laura.is_active = False
    assert not can(laura, action, ticket)


def test_an_agent_following_a_requester_link_is_only_a_requester_there(users, ticket):
    access = Requester(ticket.requester_email, user=users["admin"])
    assert access.user is None  # history will not name the admin
    assert not can(access, Action.UPDATE, ticket)
    assert can(access, Action.REQUESTER_REPLY, ticket)


def test_autoclose_is_the_scheduled_task_only(users, ticket):
    assert can(SYSTEM, Action.AUTOCLOSE, ticket)
    assert not can(SYSTEM, Action.UPDATE, ticket)
    assert not can(SYSTEM, Action.REQUESTER_CONFIRM, ticket)
