"""Logging in: agents land on the portal, a requester (USUARIO) on "my tickets" with no message;
"the portal is for agents" is said only to a requester who opens the portal."""

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PORTAL_MESSAGE = "The portal is for agents. Here are your tickets."


def log_in(client, user, **query):
    path = "/accounts/login/" + (f"?next={query['next']}" if query else "")
    return client.post(path, {"username": user.email, "password": PASSWORD}, follow=True)


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_requester_lands_on_my_tickets_without_the_portal_message(client, requester):
    response = log_in(client, requester)
    assert response.redirect_chain == [("/mis-tickets/", 302)]
    assert shown(response) == []


def test_a_requester_who_opens_the_portal_is_told_it_is_for_agents(client, requester):
    client.force_login(requester)
    response = client.get("/portal/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.redirect_chain[-1][0] == "/mis-tickets/"
    assert shown(response) == [PORTAL_MESSAGE]


def test_an_agent_lands_on_the_portal(client, mesa_user):
    response = log_in(client, mesa_user)
    assert response.redirect_chain == [("/portal/", 302)]


def test_a_requester_sent_to_a_page_goes_there(client, requester):
    response = log_in(client, requester, next="/consultar/")
    assert response.redirect_chain == [("/consultar/", 302)]
