"""The demo USUARIO (usuario@helpdesk.local) logs in and finds the six tickets seed_demo made
it the requester of, with no "the portal is for agents" message on the way."""

import pytest
from django.core.management import call_command

from tickets.models import Ticket

DEVNULL = open("/dev/null", "w")  # noqa: SIM115


@pytest.mark.django_db
def test_the_demo_requester_sees_its_six_tickets_after_logging_in(client, settings):
    settings.DEBUG = True  # what `make run` runs seed_demo with
    call_command("seed_demo", stdout=DEVNULL)
    own = Ticket.objects.filter(requester__email="usuario@helpdesk.local")
    assert own.count() == 6
    assert set(own.values_list("requester_email", flat=True)) == {"usuario@helpdesk.local"}

    response = client.post(
        "/accounts/login/",
        {"username": "usuario@helpdesk.local", "password": "usuario12345"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/mis-tickets/"
    page = response.content.decode()
    for label in own.values_list("label", flat=True):
        assert label in page
    assert not list(response.context["messages"])
