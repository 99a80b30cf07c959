"""The role matrix through the service layer: every service × every role, own/other area."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tickets import services
from tickets.errors import NotAllowed

# service name -> (callable taking actor, ticket and the fixtures, roles allowed)
DESK = {"admin", "mesa"}
WORKERS = DESK | {"area_own"}

CALLS = {
    "update": (
        lambda actor, t, f: services.ticket_update(
            actor=actor, ticket=t, status="EN_PROCESO", response="Trabajando"
        ),
        WORKERS,
    ),
    "change_status": (
        lambda actor, t, f: services.ticket_change_status(
            actor=actor, ticket=t, status="EN_PROCESO"
        ),
        WORKERS,
    ),
    "comment": (
        lambda actor, t, f: services.ticket_comment(actor=actor, ticket=t, text="Hola Laura"),
        WORKERS,
    ),
    "note": (
        lambda actor, t, f: services.ticket_comment(actor=actor, ticket=t, text="x", public=False),
        WORKERS,
    ),
    "pause": (lambda actor, t, f: services.ticket_pause(actor=actor, ticket=t), WORKERS),
    "cancel": (lambda actor, t, f: services.ticket_cancel(actor=actor, ticket=t), WORKERS),
    "archive": (lambda actor, t, f: services.ticket_archive(actor=actor, ticket=t), WORKERS),
    "assign": (
        lambda actor, t, f: services.ticket_assign(actor=actor, ticket=t, assignee=f["mesa"]),
        DESK,
    ),
    "transfer": (
        lambda actor, t, f: services.ticket_transfer(actor=actor, ticket=t, area="MANTENIMIENTO"),
        DESK,
    ),
    "reclassify": (
        lambda actor, t, f: services.ticket_reclassify(actor=actor, ticket=t, priority="ALTA"),
        DESK,
    ),
    "reopen": (lambda actor, t, f: services.ticket_reopen(actor=actor, ticket=t), DESK),
}
ROLES = ["admin", "mesa", "area_own", "area_other", "usuario", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(CALLS))
def test_service_enforces_role_matrix(users, area_b, make_ticket, mesa_user, service, role):
    ticket = make_ticket()  # area A (TECNOLOGIA)
    if service == "reopen":
        services.ticket_pause(actor=mesa_user, ticket=ticket)
    actor = AnonymousUser() if role == "anonymous" else users[role]
    call, allowed = CALLS[service]
    before = ticket.activities.count()
    if role in allowed:
        call(actor, ticket, users)
        assert ticket.activities.count() > before
    else:
        with pytest.raises(NotAllowed):
            call(actor, ticket, users)
        assert ticket.activities.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_create_a_ticket(users, make_ticket, role):
    actor = AnonymousUser() if role == "anonymous" else users[role]
    assert make_ticket(actor=actor).pk
