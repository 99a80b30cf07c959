import pytest

from tickets import services


@pytest.fixture
def solve(users, django_capture_on_commit_callbacks):
    """Solve ``ticket`` as its area's agent (its e-mail queued, as after a real commit)."""

    def run(ticket):
        with django_capture_on_commit_callbacks(execute=True):
            services.ticket_update(
                actor=users["area_own"], ticket=ticket, status="RESUELTO", response="Hecho."
            )
        ticket.refresh_from_db()
        return ticket

    return run


@pytest.fixture
def solved(ticket, solve):
    return solve(ticket)
