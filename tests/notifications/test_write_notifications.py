"""Which agents a ticket change notifies, written in the change's own transaction."""

import pytest
from django.db import transaction

from notifications.models import EmailState, Kind, Notification, Preference
from tickets import services
from tickets.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def _got(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_assigning_notifies_the_new_assignee_and_not_the_actor(users, ticket):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    assert _got(users["area_own"]) == [Kind.ASSIGNED]
    assert _got(users["mesa"]) == []
    note = Notification.objects.get()
    assert note.ticket == ticket
    assert note.actor == users["mesa"]
    assert note.activity.type == "assigneeUpdated"


def test_assigning_oneself_notifies_nobody(users, ticket):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["mesa"])
    assert ticket.activities.filter(type="assigneeUpdated").exists()
    assert not Notification.objects.exists()


def test_transfer_without_assignee_notifies_every_agent_of_the_new_area_only(
    users, ticket, area_b, area_b_second, area_a_second
):
    services.ticket_transfer(actor=users["mesa"], ticket=ticket, area=area_b)
    assert _got(users["area_other"]) == [Kind.AREA_INCOMING]
    assert _got(area_b_second) == [Kind.AREA_INCOMING]
    assert _got(users["area_own"]) == []
    assert _got(area_a_second) == []


def test_transfer_with_an_assignee_notifies_only_that_assignee(
    users, ticket, area_b, area_b_second
):
    services.ticket_transfer(
        actor=users["mesa"], ticket=ticket, area=area_b, assignee=users["area_other"]
    )
    assert _got(users["area_other"]) == [Kind.ASSIGNED]
    assert _got(area_b_second) == []


def test_actualizar_moving_the_area_notifies_the_new_areas_agents(users, ticket, area_b):
    services.ticket_update(actor=users["mesa"], ticket=ticket, area=area_b, response="")
    assert _got(users["area_other"]) == [Kind.AREA_INCOMING]
    assert _got(users["area_own"]) == []


def test_new_ticket_notifies_only_agents_of_its_area_who_opted_in(
    users, make_ticket, area_a_second
):
    Preference.objects.create(user=users["area_own"], new_tickets=True)
    Preference.objects.create(user=users["area_other"], new_tickets=True)
    make_ticket()
    assert _got(users["area_own"]) == [Kind.NEW_TICKET]
    assert _got(area_a_second) == []  # did not opt in
    assert _got(users["area_other"]) == []  # another area
    # Opt-in for the bell does not mean e-mail: "new ticket" is off by default by e-mail.
    assert Notification.objects.get().email_state == EmailState.NONE


def test_requester_reply_notifies_the_assignee(users, make_ticket):
    ticket = make_ticket(requester=users["usuario"], requester_email=users["usuario"].email)
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    Notification.objects.all().delete()
    services.ticket_comment(actor=users["usuario"], ticket=ticket, text="Sigue sin funcionar.")
    assert _got(users["area_own"]) == [Kind.REQUESTER_REPLIED]
    assert Notification.objects.count() == 1


def test_requester_reply_on_an_unassigned_ticket_notifies_the_areas_agents(
    users, make_ticket, area_a_second
):
    ticket = make_ticket(requester=users["usuario"], requester_email=users["usuario"].email)
    assert ticket.assignee_id is None
    services.ticket_comment(actor=users["usuario"], ticket=ticket, text="¿Alguna novedad?")
    assert _got(users["area_own"]) == [Kind.REQUESTER_REPLIED]
    assert _got(area_a_second) == [Kind.REQUESTER_REPLIED]
    assert _got(users["area_other"]) == []


def test_an_agents_public_reply_is_not_a_requester_reply(users, ticket):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    Notification.objects.all().delete()
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Ya lo revisamos.")
    assert not Notification.objects.exists()


def test_mention_in_an_internal_note_notifies_the_agent_with_a_stable_reference(users, ticket):
    activity = services.ticket_comment(
        actor=users["mesa"],
        ticket=ticket,
        text=f"@{users['area_own'].email} ¿puedes revisar el tóner?",
        public=False,
    )
    assert activity.data["mentions"] == [
        {
            "id": str(users["area_own"].pk),
            "nombre": users["area_own"].full_name,
            "email": users["area_own"].email,
        }
    ]
    assert _got(users["area_own"]) == [Kind.MENTIONED]


def test_mentioning_an_agent_who_cannot_see_the_ticket_is_refused(users, ticket):
    with pytest.raises(ValidationFailed, match="no puede ver este ticket"):
        services.ticket_comment(
            actor=users["mesa"],
            ticket=ticket,
            text=f"@{users['area_other'].email} mira",
            public=False,
        )
    assert not ticket.activities.filter(type="comment").exists()
    assert not Notification.objects.exists()


def test_a_mention_in_a_public_reply_is_refused(users, ticket):
    with pytest.raises(ValidationFailed, match="solo se permiten en notas internas"):
        services.ticket_comment(
            actor=users["mesa"], ticket=ticket, text=f"Hola, @{users['area_own'].email} lo ve."
        )


def test_an_at_word_that_is_no_agent_stays_plain_text(users, ticket):
    activity = services.ticket_comment(
        actor=users["mesa"],
        ticket=ticket,
        text="Escribe a @nadie@example.com o a soporte@x.org",
        public=False,
    )
    assert "mentions" not in activity.data
    assert not Notification.objects.exists()


def test_mentioning_oneself_notifies_nobody(users, ticket):
    services.ticket_comment(
        actor=users["mesa"],
        ticket=ticket,
        text=f"nota para mí @{users['mesa'].email}",
        public=False,
    )
    assert not Notification.objects.exists()


def test_a_change_that_rolls_back_notifies_nobody(users, ticket):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
        raise RuntimeError("the rest of the request failed")
    assert not Notification.objects.exists()


def test_email_preference_decides_whether_the_notification_waits_for_a_digest(users, ticket):
    Preference.objects.create(user=users["area_own"], email_kinds=[Kind.MENTIONED])
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    assert Notification.objects.get().email_state == EmailState.NONE
    services.ticket_comment(
        actor=users["mesa"], ticket=ticket, text=f"@{users['area_own'].email} ojo", public=False
    )
    assert Notification.objects.get(kind=Kind.MENTIONED).email_state == EmailState.PENDING


def test_default_preferences_email_everything_but_new_tickets(users, ticket):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    assert Notification.objects.get().email_state == EmailState.PENDING


def test_sla_alerts_notify_the_assignee_or_else_the_areas_agents(users, make_ticket):
    from datetime import timedelta

    from tickets.models import SlaAlertKind

    assigned, unassigned = make_ticket(), make_ticket()
    services.ticket_assign(actor=users["mesa"], ticket=assigned, assignee=users["area_own"])
    Notification.objects.all().delete()
    soon = assigned.sla_due_at - timedelta(minutes=30)  # inside the warning window
    late = unassigned.sla_due_at + timedelta(minutes=1)
    assert services.ticket_record_sla_alert(
        ticket_id=assigned.pk, kind=SlaAlertKind.WARNING, now=soon
    )
    assert services.ticket_record_sla_alert(
        ticket_id=unassigned.pk, kind=SlaAlertKind.BREACH, now=late
    )
    mine = Notification.objects.filter(recipient=users["area_own"])
    assert sorted(mine.values_list("ticket_id", "kind")) == sorted(
        [(assigned.pk, Kind.SLA_WARNING), (unassigned.pk, Kind.SLA_BREACH)]
    )
    assert not Notification.objects.filter(recipient=users["area_other"]).exists()
