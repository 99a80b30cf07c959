"""manage.py setup_helpdesk: the minimal configuration, idempotent, an ADMIN without defaults."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Model

from accounts.models import Area, Location, Membership, Network, Role, User
from tickets.models import Priority

STRONG = "correct horse battery staple 42"  # noqa: S105
MODELS: list[type[Model]] = [Network, Location, Area, Priority, User, Membership]


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("setup_helpdesk", *args, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    return {model.__name__: sorted(map(str, model.objects.values())) for model in MODELS}


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password"
    path.write_text(STRONG + "\n")
    return path


def test_creates_network_default_location_intake_area_and_four_priorities(db):
    out = run()
    assert Network.objects.count() == 1
    location = Location.objects.get()
    assert location.is_default and location.network == Network.objects.get()
    assert Area.objects.get().code == "MESA"
    assert list(Priority.objects.values_list("name", "order", "sla_hours")) == [
        ("URGENTE", 1, 4),
        ("ALTA", 2, 8),
        ("MEDIA", 3, 24),
        ("BAJA", 4, 72),
    ]
    assert not User.objects.exists()  # no demo user, no account without --admin-email
    assert "Created priority URGENTE (SLA 4 h)." in out


def test_the_intake_area_follows_helpdesk_default_area(db, settings):
    settings.HELPDESK_DEFAULT_AREA = "soporte"
    run()
    assert Area.objects.get().code == "SOPORTE"


def test_admin_email_creates_an_admin_with_the_password_from_the_file(db, password_file):
    run(admin_email="Jefa@Example.org", password_file=password_file)
    admin = User.objects.get()
    assert admin.email == "jefa@example.org" and admin.role == Role.ADMIN
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(STRONG)
    # A member of the default location, so it can act on the Spacebring face too.
    assert Membership.objects.get(user=admin).location == Location.objects.get()


def test_running_twice_changes_nothing(db, password_file):
    run(admin_email="jefa@example.org", password_file=password_file)
    before = snapshot()
    out = run(admin_email="jefa@example.org", password_file=password_file)
    assert snapshot() == before
    assert "Nothing to do" in out and "already exists: left as it is" in out


def test_a_configured_desk_keeps_the_operators_edits(db, password_file):
    run(admin_email="jefa@example.org", password_file=password_file)
    Priority.objects.filter(name="ALTA").update(sla_hours=6, order=9)
    Area.objects.filter(code="MESA").update(name="Service desk", active=False)
    Location.objects.update(name="Bogotá", label_prefix="BOG")
    Network.objects.update(name="Acme")
    admin = User.objects.get()
    admin.set_password("another password 77")
    admin.save()
    before = snapshot()
    run(admin_email="jefa@example.org", password_file=password_file)
    assert snapshot() == before
    assert User.objects.get().check_password("another password 77")


def test_a_desk_configured_by_hand_gets_only_what_is_missing(db):
    network = Network.objects.create(name="Acme")
    Location.objects.create(network=network, name="Norte", label_prefix="NOR")
    Area.objects.create(code="HELP", name="Mesa")  # found by name, as tickets find it
    Priority.objects.create(name="media", order=1, sla_hours=12)
    run()
    assert Network.objects.count() == 1 and Location.objects.count() == 1
    assert Area.objects.count() == 1
    assert Priority.objects.get(name="MEDIA").sla_hours == 12
    assert Priority.objects.count() == 4


def test_there_is_no_default_password(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal
    with pytest.raises(CommandError, match="--password-file"):
        run(admin_email="jefa@example.org")
    assert not User.objects.exists() and not Priority.objects.exists()


def test_the_password_is_read_twice_from_the_terminal(db, monkeypatch):
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    run(admin_email="jefa@example.org")
    assert User.objects.get().check_password(STRONG)


def test_two_different_terminal_passwords_are_refused(db, monkeypatch):
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        run(admin_email="jefa@example.org")
    assert not User.objects.exists()


@pytest.mark.parametrize("content", ["", "\n", "12345678\n", "jefa@example.org\n"])
def test_weak_or_empty_passwords_are_refused(db, tmp_path, content):
    path = tmp_path / "pw"
    path.write_text(content)
    with pytest.raises(CommandError):
        run(admin_email="jefa@example.org", password_file=path)
    assert not User.objects.exists()


def test_an_unreadable_password_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(admin_email="jefa@example.org", password_file=tmp_path / "missing")


@pytest.mark.parametrize("email", ["", "not-an-address", "a@"])
def test_an_invalid_admin_email_is_a_clear_error(db, password_file, email):
    with pytest.raises(CommandError, match="is not an e-mail address"):
        run(admin_email=email, password_file=password_file)
    assert not User.objects.exists() and not Priority.objects.exists()


def test_an_inactive_intake_area_is_left_alone_with_a_warning(db):
    run()
    Area.objects.update(active=False)
    err = io.StringIO()
    call_command("setup_helpdesk", stdout=io.StringIO(), stderr=err)
    assert "intake area MESA is inactive" in err.getvalue()
    assert not Area.objects.get().active


def test_a_default_priority_that_does_not_exist_is_warned_about(db, settings):
    settings.HELPDESK_DEFAULT_PRIORITY = "NORMAL"
    err = io.StringIO()
    call_command("setup_helpdesk", stdout=io.StringIO(), stderr=err)
    assert "HELPDESK_DEFAULT_PRIORITY is 'NORMAL'" in err.getvalue()


def test_a_configured_desk_gets_no_warning(db):
    err = io.StringIO()
    call_command("setup_helpdesk", stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""
