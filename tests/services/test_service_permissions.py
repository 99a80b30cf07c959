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
    "reply": (
        lambda actor, t, f: services.ticket_reply(
            actor=actor, ticket=t, text="Ya lo revisamos", status="EN_PROCESO"
        ),
        WORKERS,
    ),
    "take": (lambda actor, t, f: services.ticket_take(actor=actor, ticket_id=t.pk), WORKERS),
    # Two-ticket services: the other ticket is of the same area (A) here.
    "merge": (
        lambda actor, t, f: services.ticket_merge(
            actor=actor, source_id=t.pk, target_id=f["other_ticket"].pk
        ),
        WORKERS,
    ),
    "link": (
        lambda actor, t, f: services.ticket_link(
            actor=actor, ticket_id=t.pk, other_id=f["other_ticket"].pk
        ),
        WORKERS,
    ),
    "macro": (
        lambda actor, t, f: services.macro_apply(
            actor=actor, ticket_id=t.pk, macro_id=f["macro"].pk
        ),
        WORKERS,
    ),
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
    extra = {
        **users,
        "other_ticket": make_ticket(),
        "macro": services.macro_create(
            actor=mesa_user, name="M", body="Hola {requester_name}", set_status="EN_PROCESO"
        ),
    }
    if role in allowed:
        call(actor, ticket, extra)
        assert ticket.activities.count() > before
    else:
        with pytest.raises(NotAllowed):
            call(actor, ticket, extra)
        assert ticket.activities.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_create_a_ticket(users, make_ticket, role):
    actor = AnonymousUser() if role == "anonymous" else users[role]
    assert make_ticket(actor=actor).pk
