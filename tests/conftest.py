"""Shared fixtures: one user per role (plus an AREA agent of a second area), reference data,
and a ``make_ticket`` factory that opens tickets through the real service."""

import pytest
from django.db import connection

from accounts.models import Area, Location, Membership, Network, Role, User
from tickets import services
from tickets.models import Priority

PASSWORD = "test-pass-123"  # noqa: S105


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def area_mesa(db) -> Area:
    return Area.objects.create(code="MESA", name="Mesa de Ayuda")


@pytest.fixture
def area_a(db) -> Area:
    return Area.objects.create(code="TECNOLOGIA", name="Tecnología")


@pytest.fixture
def area_b(db) -> Area:
    return Area.objects.create(code="MANTENIMIENTO", name="Mantenimiento")


@pytest.fixture
def priorities(db) -> dict[str, Priority]:
    rows = [("URGENTE", 1, 4), ("ALTA", 2, 8), ("MEDIA", 3, 24), ("BAJA", 4, 72)]
    return {
        name: Priority.objects.create(name=name, order=order, sla_hours=hours)
        for name, order, hours in rows
    }


@pytest.fixture
def network(db) -> Network:
    return Network.objects.create(name="Red principal")


@pytest.fixture
def location(network) -> Location:
    return Location.objects.create(
        network=network, name="Sede principal", label_prefix="TKT", is_default=True
    )


@pytest.fixture
def other_network(db) -> Network:
    return Network.objects.create(name="Otra red")


@pytest.fixture
def other_location(other_network) -> Location:
    return Location.objects.create(network=other_network, name="Otra sede", label_prefix="OTR")


def _user(email: str, role: str, area: Area | None, location: Location, role_type: str) -> User:
    user = User.objects.create_user(
        email, PASSWORD, role=role, area=area, name=email.split("@")[0].title(), surname="Test"
    )
    Membership.objects.create(user=user, location=location, role_type=role_type)
    return user


@pytest.fixture
def admin_user(location, area_mesa) -> User:
    return _user("admin@example.com", Role.ADMIN, None, location, "admin")


@pytest.fixture
def mesa_user(location, area_mesa) -> User:
    return _user("mesa@example.com", Role.MESA, area_mesa, location, "manager")


@pytest.fixture
def area_a_user(location, area_a) -> User:
    return _user("tec@example.com", Role.AREA, area_a, location, "manager")


@pytest.fixture
def area_b_user(location, area_b) -> User:
    return _user("mant@example.com", Role.AREA, area_b, location, "manager")


@pytest.fixture
def requester(location) -> User:
    return _user("requester@example.com", Role.USUARIO, None, location, "member")


@pytest.fixture
def users(admin_user, mesa_user, area_a_user, area_b_user, requester) -> dict[str, User]:
    """Every role by name, for table-driven tests."""
    return {
        "admin": admin_user,
        "mesa": mesa_user,
        "area_own": area_a_user,
        "area_other": area_b_user,
        "usuario": requester,
    }


@pytest.fixture
def make_ticket(location, priorities, area_mesa, area_a):
    """Open a ticket through ``ticket_create`` (default: area A, priority MEDIA)."""

    def make(**overrides):
        fields = {
            "actor": None,
            "description": "La impresora del segundo piso no imprime.",
            "subject": "Impresora",
            "priority": "MEDIA",
            "area": area_a,
            "requester_name": "Laura Gómez",
            "requester_email": "laura@example.com",
            "tipo": "INCIDENTE",
            "categoria": "Hardware",
        }
        fields.update(overrides)
        if overrides.get("requester") is not None and "actor" not in overrides:
            fields["actor"] = overrides["requester"]  # a requester opens their own ticket
        return services.ticket_create(**fields)

    return make


@pytest.fixture
def ticket(make_ticket):
    return make_ticket()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Attachments are stored under a fresh MEDIA_ROOT per test."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield


@pytest.fixture
def stored_files(settings):
    """``stored_files()`` -> the paths of every file in the attachments storage."""
    from pathlib import Path

    def listing() -> list[str]:
        root = Path(settings.MEDIA_ROOT)
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    return listing


@pytest.fixture(autouse=True)
def _empty_mail_queue():
    """Outbox ids queued for the in-process sender by one test never leak into the next."""
    from mail import dispatch

    dispatch.local_sender().clear()
    yield
    dispatch.local_sender().clear()


@pytest.fixture(autouse=True)
def _broker_not_skipped():
    """A broker failure in one test (core.broker skips the broker for a few seconds
    after one) never skips publishing in the next."""
    from core import broker

    broker.publisher().reset()
    yield
    broker.publisher().reset()


@pytest.fixture
def send_queued_mail(mailoutbox):
    """What the background sender does later: send the queued outbox rows now (the test
    settings keep it manual). Returns the test outbox."""
    from mail import dispatch

    def send():
        dispatch.run_local_queue()
        return mailoutbox

    return send


# A real Celery worker and SMTP sink for end-to-end tests (tests/worker.py).
from tests.imap_server import imap_server, mailbox  # noqa: E402, F401
from tests.worker import _celery_worker_process, celery_worker, smtp_sink  # noqa: E402, F401
