import subprocess

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import Location, Network, Role, User
from tickets.models import Activity, Priority, Ticket

DEVNULL = open("/dev/null", "w")  # noqa: SIM115


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True  # what `make run` runs it with


def test_seed_demo_creates_one_user_per_role_and_tickets_with_history(db, debug_on, mailoutbox):
    call_command("seed_demo", tickets=12, stdout=DEVNULL)
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
    assert User.objects.get(email="admin@helpdesk.local").check_password("admin12345")


def test_seed_demo_is_idempotent(db, debug_on):
    call_command("seed_demo", tickets=3, stdout=DEVNULL)
    call_command("seed_demo", tickets=3, stdout=DEVNULL)
    assert Ticket.objects.count() == 3
    assert User.objects.count() == 5


def test_seed_demo_builds_on_the_first_run_configuration(db, debug_on):
    call_command("setup_helpdesk", stdout=DEVNULL)
    location = Location.objects.get()
    call_command("seed_demo", tickets=2, stdout=DEVNULL)
    assert Location.objects.get() == location and Network.objects.count() == 1
    assert set(Ticket.objects.values_list("location", flat=True)) == {location.pk}


def test_seed_demo_refuses_with_debug_off(db):
    assert settings.DEBUG is False
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command("seed_demo", tickets=1, stdout=DEVNULL)
    assert not User.objects.exists() and not Priority.objects.exists()


def test_seed_demo_with_debug_off_runs_when_told_it_is_not_production(db):
    call_command("seed_demo", "--i-know-this-is-not-production", tickets=1, stdout=DEVNULL)
    assert User.objects.count() == 5


def test_the_demo_password_appears_only_in_the_demo_command_its_test_and_the_readme():
    root = settings.BASE_DIR
    found = subprocess.run(
        ["git", "grep", "-c", "admin" + "12345"], cwd=root, capture_output=True, text=True
    )
    if found.returncode == 128:
        pytest.skip("not a git checkout")
    counts = dict(line.rsplit(":", 1) for line in found.stdout.splitlines())
    assert set(counts) == {
        "README.md",
        "tickets/management/commands/seed_demo.py",
        "tests/unit/test_seed_demo.py",
    }
    assert counts["README.md"] == "1"  # the demo accounts table
