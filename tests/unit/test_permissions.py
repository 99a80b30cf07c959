"""The role matrix of DESIGN.md: every role × every action × own/other area."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from tickets.access import Action, can, ticket_for, visible_tickets
from tickets.errors import NotAllowed, NotFound

A = Action
EVERYONE = {A.CREATE, A.LOOKUP}
AREA_WORK = {
    A.VIEW, A.UPDATE, A.COMMENT, A.NOTE, A.PAUSE, A.RESUME, A.CANCEL, A.ARCHIVE, A.CREATE_FOR_OTHER,
    A.TAG,
    A.TAKE, A.MERGE, A.LINK,
}  # fmt: skip
DESK_ONLY = {A.ASSIGN, A.TRANSFER, A.RECLASSIFY, A.REOPEN}
REQUESTER_ONLY = {A.REQUESTER_REPLY, A.REQUESTER_CONFIRM, A.REQUESTER_REOPEN}
SYSTEM_ONLY = {A.AUTOCLOSE}
ALL = set(Action) - REQUESTER_ONLY - SYSTEM_ONLY  # every agent action

# role -> actions allowed on a ticket of area A (the AREA agent's own area).
MATRIX = {
    "admin": ALL,
    "mesa": ALL,
    "area_own": EVERYONE | AREA_WORK,
    "area_other": EVERYONE,  # the AREA agent of area B looking at a ticket of area A
    "usuario": EVERYONE,  # a USUARIO who did not request this ticket
    "anonymous": EVERYONE,
}
# Requester actions are nobody's but the ticket's requester (see tests/unit/
# test_requester_permissions.py); AUTOCLOSE is the scheduled task's.


def _actor(users, role):
    return AnonymousUser() if role == "anonymous" else users[role]


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(MATRIX))
def test_role_matrix_on_a_ticket(users, ticket, role, action):
    assert can(_actor(users, role), action, ticket) is (action in MATRIX[role])


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(MATRIX))
def test_ticket_for_follows_the_matrix(users, ticket, role, action):
    actor = _actor(users, role)
    if action in MATRIX[role]:
        assert ticket_for(actor, id=ticket.pk, action=action) == ticket
    else:
        with pytest.raises(NotAllowed):
            ticket_for(actor, id=ticket.pk, action=action)


def test_area_agent_refused_on_other_area_ticket_is_told_why(area_b_user, ticket):
    with pytest.raises(NotAllowed) as exc:
        ticket_for(area_b_user, id=ticket.pk, action=Action.VIEW)
    assert "area" in str(exc.value.message).lower() or "área" in str(exc.value.message).lower()


def test_blocked_agent_can_do_nothing_but_public_actions(mesa_user, ticket):
    mesa_user.is_active = False
    mesa_user.save()
    assert [a for a in Action if can(mesa_user, a, ticket)] == [A.CREATE, A.LOOKUP]


def test_requester_may_comment_publicly_on_own_ticket_only(requester, make_ticket):
    own = make_ticket(requester=requester)
    other = make_ticket()
    assert can(requester, A.COMMENT, own)
    assert not can(requester, A.NOTE, own)
    assert not can(requester, A.COMMENT, other)
    assert not can(requester, A.VIEW, own)


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "", None, 42, str(uuid.uuid4())])
def test_ticket_for_unknown_or_malformed_id_is_not_found(admin_user, bad_id):
    with pytest.raises(NotFound):
        ticket_for(admin_user, id=bad_id)


def test_ticket_for_outside_the_given_queryset_is_not_found(admin_user, ticket):
    from tickets.models import Ticket

    with pytest.raises(NotFound):
        ticket_for(admin_user, id=ticket.pk, queryset=Ticket.objects.exclude(pk=ticket.pk))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", {"A", "B"}),
        ("mesa", {"A", "B"}),
        ("area_own", {"A"}),
        ("area_other", {"B"}),
        ("usuario", set()),
        ("anonymous", set()),
    ],
)
def test_visible_tickets_are_scoped_by_role(users, make_ticket, area_b, role, expected):
    a = make_ticket()
    b = make_ticket(area=area_b)
    names = {a.pk: "A", b.pk: "B"}
    seen = {names[t.pk] for t in visible_tickets(_actor(users, role))}
    assert seen == expected
