from django.core.management import call_command

from accounts.models import Role, User
from tickets.models import Activity, Priority, Ticket


def test_seed_demo_creates_one_user_per_role_and_tickets_with_history(db, mailoutbox):
    call_command("seed_demo", tickets=12, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert list(Priority.objects.values_list("name", "sla_hours")) == [
        ("URGENTE", 4),
        ("ALTA", 8),
        ("MEDIA", 24),
        ("BAJA", 72),
    ]
    assert Ticket.objects.count() == 12
    assert Activity.objects.filter(type="ticketCreated").count() == 12
    assert Activity.objects.exclude(type="ticketCreated").exists()
    assert mailoutbox == []  # demo requesters get no mail
    assert User.objects.get(email="mesa@helpdesk.local").check_password("mesa12345")


def test_seed_demo_is_idempotent(db):
    devnull = open("/dev/null", "w")  # noqa: SIM115
    call_command("seed_demo", tickets=3, stdout=devnull)
    call_command("seed_demo", tickets=3, stdout=devnull)
    assert Ticket.objects.count() == 3
    assert User.objects.count() == 5
