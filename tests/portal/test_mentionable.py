"""@mention suggestions: only agents who may see the ticket, only for agents who may note."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _suggest(client, ticket, q=""):
    return client.get(reverse("portal:mentionable", args=[ticket.pk]), {"q": q})


def test_suggestions_are_the_agents_who_may_see_the_ticket(client_for, users, ticket):
    emails = {a["email"] for a in _suggest(client_for("mesa"), ticket).json()["agents"]}
    assert emails == {users["admin"].email, users["area_own"].email}  # not self, not area B
    assert users["area_other"].email not in emails
    assert users["usuario"].email not in emails


def test_suggestions_filter_by_name_or_email_start(client_for, users, ticket):
    found = _suggest(client_for("mesa"), ticket, "tec").json()["agents"]
    assert found == [{"name": "Tec Test", "email": users["area_own"].email}]


@pytest.mark.parametrize(("role", "status"), [("area_other", 403), ("usuario", 403)])
def test_who_may_not_note_gets_no_suggestions(client_for, ticket, role, status):
    response = _suggest(client_for(role), ticket)
    assert response.status_code == status
    assert "@example.com" not in response.content.decode()  # not one agent's address


def test_anonymous_is_sent_to_login(client, ticket):
    response = _suggest(client, ticket)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
