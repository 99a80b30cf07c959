"""Macros: who manages them, placeholders checked when saved, macro_apply."""

import pytest

from tickets import services
from tickets.errors import NotAllowed, NotFound, ValidationFailed
from tickets.models import Macro, Status

TEXT = "Hola {requester_name}: su ticket {label} ({area}) quedó resuelto. {agent_name}"


def make(actor, **fields):
    values = {"name": "Resuelto", "body": TEXT, "set_status": "RESUELTO"}
    values.update(fields)
    return services.macro_create(actor=actor, **values)


# role -> (may manage a shared macro, may manage one of area A)
MANAGE = {
    "admin": (True, True),
    "mesa": (True, True),
    "area_own": (False, True),
    "area_other": (False, False),
    "usuario": (False, False),
}


@pytest.mark.parametrize("role", list(MANAGE))
def test_macro_management_follows_the_role_matrix(users, area_a, role):
    shared_ok, area_ok = MANAGE[role]
    for scope, ok in ((None, shared_ok), (area_a, area_ok)):
        if ok:
            macro = make(users[role], area_scope=scope)
            services.macro_update(
                actor=users[role], macro_id=macro.pk, name="Otro", body="Hola", area_scope=scope,
                set_status="", set_priority=None, set_area=None, note="",
            )  # fmt: skip
            services.macro_delete(actor=users[role], macro_id=macro.pk)
        else:
            with pytest.raises(NotAllowed):
                make(users[role], area_scope=scope)
            macro = make(users["admin"], area_scope=scope)
            with pytest.raises((NotAllowed, NotFound)):
                services.macro_delete(actor=users[role], macro_id=macro.pk)
            assert Macro.objects.filter(pk=macro.pk).exists()


@pytest.mark.parametrize(
    "body", ["Hola {nombre}", "Hola {label.upper}", "Hola {label!r}", "Hola {label:>10}", "{"]
)
def test_an_unknown_placeholder_is_refused_when_saved(users, body):
    with pytest.raises(ValidationFailed) as exc:
        make(users["mesa"], body=body)
    assert "body" in exc.value.errors
    assert not Macro.objects.exists()


def test_an_unknown_placeholder_in_the_note_is_refused_too(users):
    with pytest.raises(ValidationFailed) as exc:
        make(users["mesa"], note="Ver {ticket}")
    assert "note" in exc.value.errors


def test_literal_braces_are_allowed(users):
    assert make(users["mesa"], body="Use {{llaves}} {label}").pk


def test_a_macro_cannot_set_a_status_that_has_its_own_operation(users):
    with pytest.raises(ValidationFailed):
        make(users["mesa"], set_status="ASIGNADO")


def test_apply_fills_the_text_sets_the_status_and_adds_the_note(users, ticket, priorities):
    macro = make(users["mesa"], set_priority=priorities["ALTA"], note="Cerrado por {agent_name}")
    written = services.macro_apply(actor=users["area_own"], ticket_id=ticket.pk, macro_id=macro.pk)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority.name) == (Status.RESUELTO, "ALTA")
    change, response, note = written
    assert response.public and response.data["text"] == (
        f"Hola Laura Gómez: su ticket {ticket.label} (Tecnología) quedó resuelto. "
        f"{users['area_own'].full_name}"
    )
    assert not note.public and note.data["text"] == f"Cerrado por {users['area_own'].full_name}"


def test_the_agents_edited_text_and_choices_win(users, ticket):
    macro = make(users["mesa"])
    services.macro_apply(
        actor=users["mesa"],
        ticket_id=ticket.pk,
        macro_id=macro.pk,
        body="Texto editado a mano",
        changes={"status": "EN_PROCESO", "priority": None, "area": None},
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.EN_PROCESO
    assert ticket.activities.filter(data__text="Texto editado a mano").exists()


def test_a_placeholder_value_is_plain_text_never_a_template(users, make_ticket):
    ticket = make_ticket(requester_name="{label} <b>x</b>")
    macro = make(users["mesa"], body="Hola {requester_name}", set_status="")
    (response,) = services.macro_apply(actor=users["mesa"], ticket_id=ticket.pk, macro_id=macro.pk)
    assert response.data["text"] == "Hola {label} <b>x</b>"  # stored as written, escaped on pages


# role -> may apply (shared macro, ticket of area A)
APPLY = {"admin": True, "mesa": True, "area_own": True, "area_other": False, "usuario": False}


@pytest.mark.parametrize(("role", "allowed"), list(APPLY.items()))
def test_apply_follows_the_role_matrix(users, ticket, role, allowed):
    macro = make(users["mesa"])
    if allowed:
        services.macro_apply(actor=users[role], ticket_id=ticket.pk, macro_id=macro.pk)
        ticket.refresh_from_db()
        assert ticket.status == Status.RESUELTO
    else:
        with pytest.raises(NotAllowed):
            services.macro_apply(actor=users[role], ticket_id=ticket.pk, macro_id=macro.pk)


def test_an_area_agent_cannot_use_another_areas_macro(users, ticket, area_b):
    macro = make(users["mesa"], area_scope=area_b)
    with pytest.raises(NotFound):
        services.macro_apply(actor=users["area_own"], ticket_id=ticket.pk, macro_id=macro.pk)
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO


def test_a_macro_whose_text_is_too_short_for_a_public_reply_is_refused(users, ticket):
    macro = make(users["mesa"], body="Ok")
    with pytest.raises(ValidationFailed):
        services.macro_apply(actor=users["mesa"], ticket_id=ticket.pk, macro_id=macro.pk)
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO  # nothing half-done
