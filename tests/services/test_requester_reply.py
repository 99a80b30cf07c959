"""``ticket_requester_reply``: a public comment from the requester; on a solved ticket it
reopens it (SLA clock running again); on a closed one it opens a new linked ticket."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role, User
from tests.conftest import PASSWORD
from tests.files import pdf, png
from tickets import events, services
from tickets.access import Requester
from tickets.errors import NotAllowed, ValidationFailed
from tickets.models import Activity, Status, Ticket
from tickets.services._base import MAX_TEXT

LAURA = Requester("laura@example.com")


def history(ticket):
    return list(Activity.objects.filter(ticket=ticket).values_list("type", "actor_snapshot__rol"))


def test_reply_on_an_open_ticket_is_a_public_comment_by_the_requester(ticket):
    result = services.ticket_requester_reply(actor=LAURA, ticket=ticket, text=" Más datos ")
    assert result.ticket == ticket and not result.reopened and not result.follow_up
    comment = result.comment
    assert (comment.type, comment.public, comment.data) == ("comment", True, {"text": "Más datos"})
    assert comment.actor is None
    assert comment.actor_snapshot == {
        "id": None, "nombre": "Laura Gómez", "email": None, "rol": "ANONIMO"
    }  # fmt: skip
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO


def test_reply_from_a_logged_in_usuario_names_their_account(location, make_ticket):
    laura = User.objects.create_user(
        "laura@example.com", PASSWORD, role=Role.USUARIO, name="Laura", surname="G"
    )
    ticket = make_ticket()
    actor = Requester("laura@example.com", user=laura)
    comment = services.ticket_requester_reply(actor=actor, ticket=ticket, text="Hola").comment
    assert comment.actor == laura and comment.actor_snapshot["rol"] == Role.USUARIO


def test_reply_on_a_solved_ticket_reopens_it_and_the_sla_clock_resumes(ticket, mesa_user):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    ticket.refresh_from_db()
    later = timezone.now() + timedelta(hours=5)
    frozen = ticket.sla_remaining_hours()
    assert ticket.resolved_at is not None and ticket.sla_remaining_hours(later) == frozen
    result = services.ticket_requester_reply(actor=LAURA, ticket=ticket, text="Sigue igual")
    assert result.reopened
    ticket.refresh_from_db()
    assert ticket.status == Status.EN_PROCESO and ticket.resolved_at is None
    assert ticket.sla_remaining_hours(later) == pytest.approx(frozen - 5, abs=0.05)
    status_entry, comment = Activity.objects.filter(ticket=ticket).order_by("created_at")[2:]
    assert status_entry.type == "statusUpdated" and status_entry.public
    assert status_entry.data["status"] == Status.EN_PROCESO
    assert status_entry.data["previousAttributes"]["status"] == Status.RESUELTO
    assert status_entry.actor_snapshot["rol"] == "ANONIMO"
    assert comment.data["text"] == "Sigue igual"


@pytest.mark.parametrize(
    ("closing", "status"),
    [
        ("ticket_change_status", Status.CERRADO),
        ("ticket_cancel", Status.CANCELADO),
        ("ticket_archive", Status.ARCHIVADO),
    ],
)
def test_reply_on_a_finished_ticket_opens_a_new_ticket_linking_the_old_one(
    ticket, mesa_user, closing, status
):
    if closing == "ticket_change_status":
        services.ticket_change_status(actor=mesa_user, ticket=ticket, status=status)
    else:
        getattr(services, closing)(actor=mesa_user, ticket=ticket)
    before = history(ticket)

    result = services.ticket_requester_reply(actor=LAURA, ticket=ticket, text="Volvió a fallar")

    new = result.ticket
    assert result.follow_up and result.comment is None and new.pk != ticket.pk
    assert new.follows == ticket and list(ticket.follow_ups.all()) == [new]
    assert new.status == Status.NUEVO and new.description == "Volvió a fallar"
    assert (new.requester_email, new.requester_name) == (ticket.requester_email, "Laura Gómez")
    assert (new.area, new.priority, new.subject) == (ticket.area, ticket.priority, ticket.subject)
    created = Activity.objects.get(ticket=new)
    assert created.data["follows"] == ticket.label
    assert created.actor_snapshot["rol"] == "ANONIMO"
    ticket.refresh_from_db()
    assert ticket.status == status and history(ticket) == before  # the old one is untouched


def test_reply_on_another_persons_ticket_is_refused(ticket):
    with pytest.raises(NotAllowed):
        services.ticket_requester_reply(
            actor=Requester("otra@example.com"), ticket=ticket, text="Hola"
        )
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


def test_an_agent_cannot_use_the_requester_reply(ticket, mesa_user):
    with pytest.raises(NotAllowed):
        services.ticket_requester_reply(actor=mesa_user, ticket=ticket, text="Hola")


@pytest.mark.parametrize("text", ["", "   ", "x" * (MAX_TEXT + 1), 42])
def test_reply_follows_the_api_comment_length_rules(ticket, text):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_requester_reply(actor=LAURA, ticket=ticket, text=text)
    assert "text" in exc.value.errors


def test_a_reply_of_the_maximum_length_is_accepted(ticket):
    text = "x" * MAX_TEXT
    assert services.ticket_requester_reply(actor=LAURA, ticket=ticket, text=text).comment


def test_reply_is_the_same_comment_event_as_from_the_api(
    ticket, django_capture_on_commit_callbacks
):
    seen = []
    events.subscribe(seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.ticket_requester_reply(actor=LAURA, ticket=ticket, text="Hola")
    finally:
        events.unsubscribe(seen.append)
    assert [(e.kind, e.public, e.actor_id, e.data) for e in seen] == [
        ("comment", True, None, {"text": "Hola"})
    ]


def test_follows_a_follow_up_links_the_previous_one(ticket, mesa_user):
    services.ticket_cancel(actor=mesa_user, ticket=ticket)
    second = services.ticket_requester_reply(actor=LAURA, ticket=ticket, text="Otra vez").ticket
    services.ticket_cancel(actor=mesa_user, ticket=second)
    third = services.ticket_requester_reply(actor=LAURA, ticket=second, text="Y otra").ticket
    assert third.follows == second and Ticket.objects.count() == 3
    assert timedelta(0) <= third.created_at - second.created_at


def test_files_come_with_the_reply_on_every_path(ticket, mesa_user, stored_files):
    result = services.ticket_requester_reply(actor=LAURA, ticket=ticket, text="", uploads=[png()])
    assert [(a.name, a.public) for a in result.comment.attachments.all()] == [
        ("captura.png", True)
    ]
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    result = services.ticket_requester_reply(
        actor=LAURA, ticket=ticket, text="Sigue igual", uploads=[pdf()]
    )
    assert result.reopened and [a.name for a in result.comment.attachments.all()] == [
        "informe.pdf"
    ]
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="CERRADO")
    result = services.ticket_requester_reply(actor=LAURA, ticket=ticket, text="", uploads=[png()])
    assert result.follow_up and result.ticket.description == "captura.png"
    assert [a.name for a in result.ticket.attachments.all()] == ["captura.png"]
    assert len(stored_files()) == 3


def test_a_logged_in_usuarios_files_are_theirs(location, make_ticket):
    laura = User.objects.create_user(
        "laura@example.com", PASSWORD, role=Role.USUARIO, name="Laura", surname="G"
    )
    ticket = make_ticket()
    actor = Requester("laura@example.com", user=laura)
    result = services.ticket_requester_reply(actor=actor, ticket=ticket, text="", uploads=[png()])
    assert result.comment.actor == laura
    assert result.comment.attachments.get().name == "captura.png"


# --- A pause that waits for the requester ends when they answer --------------------------


def test_a_reply_resumes_a_pause_that_waits_for_the_requester(ticket, mesa_user):
    services.ticket_pause(actor=mesa_user, ticket=ticket, reason="Faltan datos", kind="requester")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind) == (Status.PAUSADO, "requester")
    assert ticket.sla_paused_at is not None

    result = services.ticket_requester_reply(actor=LAURA, ticket=ticket, text="Es el piso 2")

    assert result.resumed and not result.reopened
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind, ticket.sla_paused_at) == (
        Status.EN_PROCESO,
        None,
        None,
    )
    resumed, comment = Activity.objects.filter(ticket=ticket).order_by("created_at")[2:]
    assert (resumed.type, resumed.public, resumed.actor_snapshot["rol"]) == (
        "statusUpdated",
        True,
        "ANONIMO",
    )
    assert resumed.data == {
        "status": Status.EN_PROCESO,
        "pauseKind": None,
        "previousAttributes": {"status": Status.PAUSADO, "pauseKind": "requester"},
        "resumedByRequester": True,
    }
    assert comment.data["text"] == "Es el piso 2"


def test_a_reply_leaves_a_pause_that_waits_for_a_third_party(ticket, mesa_user):
    services.ticket_pause(actor=mesa_user, ticket=ticket, kind="third_party")
    result = services.ticket_requester_reply(actor=LAURA, ticket=ticket, text="¿Novedades?")
    assert not result.resumed
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind) == (Status.PAUSADO, "third_party")
    assert ticket.sla_paused_at is not None
    assert Activity.objects.filter(ticket=ticket, type="statusUpdated").count() == 1


def test_a_pause_without_a_kind_waits_for_a_third_party_and_an_unknown_kind_is_refused(
    ticket, mesa_user
):
    with pytest.raises(ValidationFailed):
        services.ticket_pause(actor=mesa_user, ticket=ticket, kind="nadie")
    services.ticket_pause(actor=mesa_user, ticket=ticket)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind) == (Status.PAUSADO, "third_party")
