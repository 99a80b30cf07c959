from datetime import timedelta

import pytest

from accounts.models import Area
from tickets import services
from tickets.errors import ValidationFailed
from tickets.models import Activity, Status, Ticket


def test_first_ticket_of_a_location_gets_number_one_and_a_label(ticket, location):
    location.refresh_from_db()
    assert ticket.number == 1 == location.last_number
    assert ticket.label == f"TKT-{ticket.created_at.year}-00001"


def test_numbers_follow_each_other_per_location(make_ticket, other_location):
    numbers = [make_ticket().number for _ in range(3)]
    other = make_ticket(location=other_location)
    assert numbers == [1, 2, 3]
    assert other.number == 1
    assert other.label.startswith("OTR-")


def test_sla_due_time_comes_from_the_priority_hours(make_ticket, priorities):
    ticket = make_ticket(priority="URGENTE")
    assert ticket.sla_due_at - ticket.created_at == timedelta(hours=4)
    assert ticket.priority == priorities["URGENTE"]


def test_ticket_created_history_entry_records_the_actor_snapshot(make_ticket, mesa_user):
    ticket = make_ticket(actor=mesa_user)
    (activity,) = Activity.objects.filter(ticket=ticket)
    assert activity.type == "ticketCreated"
    assert activity.public is True
    assert activity.actor == mesa_user
    assert activity.actor_membership.user == mesa_user
    assert activity.actor_snapshot == {
        "id": str(mesa_user.pk),
        "nombre": mesa_user.full_name,
        "email": "mesa@example.com",
        "rol": "MESA",
        "area": "MESA",
    }
    assert activity.data == {"status": "NUEVO", "priority": "MEDIA", "area": "TECNOLOGIA"}


def test_anonymous_creation_records_the_requester_name_without_an_actor(ticket):
    activity = ticket.activities.get()
    assert activity.actor is None
    assert activity.actor_snapshot["nombre"] == "Laura Gómez"
    assert activity.actor_snapshot["rol"] == "ANONIMO"


def test_defaults_go_to_the_intake_area_and_the_default_location(make_ticket, location, area_mesa):
    ticket = make_ticket(area=None)
    assert ticket.area == area_mesa
    assert ticket.location == location
    assert ticket.status == Status.NUEVO


def test_area_and_priority_are_found_by_name_case_insensitively(make_ticket, area_a):
    ticket = make_ticket(area="tecnologia", priority="alta")
    assert ticket.area == area_a
    assert ticket.priority.name == "ALTA"


def test_requester_user_fills_contact_fields_and_membership(make_ticket, requester):
    ticket = make_ticket(requester=requester, requester_name="", requester_email="")
    assert ticket.requester_email == "requester@example.com"
    assert ticket.requester_name == requester.full_name
    assert ticket.requester_membership.user == requester


def test_registration_ip_and_contact_fields_are_stored(make_ticket):
    ticket = make_ticket(
        ip="203.0.113.7",
        requester_phone="3001234567",
        requester_whatsapp=True,
        requester_document="CC 123",
        requester_company="Finanzas",
        requester_email="Laura@Example.COM",
    )
    ticket.refresh_from_db()
    assert ticket.registration_ip == "203.0.113.7"
    assert ticket.requester_whatsapp is True
    assert ticket.requester_email == "laura@example.com"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "   "}, "description"),
        ({"priority": "ALTISIMA"}, "priority"),
        ({"priority": ""}, "priority"),
        ({"area": "NO_EXISTE"}, "area"),
        ({"tipo": "OTRO"}, "tipo"),
        ({"type": "spaceship"}, "type"),
        ({"requester_email": ""}, "email"),
        ({"requester_email": "not-an-email"}, "requester_email"),
        ({"subject": "x" * 201}, "subject"),
        ({"location": "not-a-uuid"}, "location"),
        ({"location": "3c90c3cc-0d44-4b50-8888-8dd25736052a"}, "location"),
    ],
)
def test_bad_input_is_refused_naming_the_field(make_ticket, overrides, field):
    with pytest.raises(ValidationFailed) as exc:
        make_ticket(**overrides)
    assert field in exc.value.errors
    assert Ticket.objects.count() == 0


def test_inactive_area_is_refused(make_ticket, area_b):
    Area.objects.filter(pk=area_b.pk).update(active=False)
    with pytest.raises(ValidationFailed) as exc:
        make_ticket(area="MANTENIMIENTO")
    assert "area" in exc.value.errors


def test_refused_creation_leaves_no_gap_in_the_numbering(make_ticket, location):
    make_ticket()
    with pytest.raises(ValidationFailed):
        make_ticket(requester_email="broken")  # fails after the number was taken
    assert make_ticket().number == 2
    location.refresh_from_db()
    assert location.last_number == 2


def test_no_location_configured_is_a_validation_error(priorities, area_mesa):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_create(
            actor=None, description="Sin sede", priority="BAJA", requester_email="a@b.co"
        )
    assert "location" in exc.value.errors


def test_urgency_picks_the_priority_unless_one_is_given(location, priorities, area_mesa):
    by_urgency = services.ticket_create(
        actor=None, description="Algo falla", requester_email="a@example.com", urgency="blocking"
    )
    explicit = services.ticket_create(
        actor=None,
        description="Algo falla",
        requester_email="a@example.com",
        urgency="blocking",
        priority="BAJA",
    )
    assert by_urgency.priority.name == "URGENTE" and explicit.priority.name == "BAJA"
    assert explicit.activities.get().data["urgency"] == "blocking"


def test_unknown_urgency_is_refused(location, priorities, area_mesa):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_create(
            actor=None, description="Algo falla", requester_email="a@example.com", urgency="ya"
        )
    assert "urgency" in exc.value.errors
