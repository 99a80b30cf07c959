""" "My tickets": a logged-in USUARIO's tickets by account e-mail, newest first,
keyset-paginated, status and the desk's latest public answer, fixed query count; never
anyone else's (not even a requester with the same name and company)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from requester.mine import PAGE_SIZE
from tests.conftest import PASSWORD
from tests.portal.signing_clock import frozen_signing_clock  # noqa: F401
from tickets import services
from tickets.access import Requester
from tickets.models import Ticket
from tickets.selectors import links

URL = reverse("public:mine")


@pytest.fixture
def twins(location):
    """Two requesters with the same display name and company, different e-mails."""
    people = []
    for email in ("ana.perez@example.com", "ana.perez2@example.com"):
        user = User.objects.create_user(
            email, PASSWORD, role=Role.USUARIO, name="Ana", surname="Pérez"
        )
        Membership.objects.create(user=user, location=location)
        people.append(user)
    return people


def open_for(make_ticket, user, subject, **extra):
    return make_ticket(
        requester_name="Ana Pérez",
        requester_company="Contabilidad",
        requester_email=user.email,
        subject=subject,
        **extra,
    )


def logged_in(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_my_tickets_shows_only_my_own_never_my_namesakes(client, make_ticket, twins, users):
    me, namesake = twins
    mine = [open_for(make_ticket, me, f"Mío {n}") for n in range(2)]
    theirs = open_for(make_ticket, namesake, "Del homónimo")
    services.ticket_comment(actor=users["mesa"], ticket=theirs, text="RESPUESTA-AJENA")
    anonymous_same_name = make_ticket(requester_name="Ana Pérez", subject="Sin cuenta")

    response = logged_in(client, me).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert [i["ticket"] for i in response.context["items"]] == mine[::-1]  # newest first
    for other in (theirs, anonymous_same_name):
        assert other.label not in html and other.subject not in html
    assert "RESPUESTA-AJENA" not in html


def test_each_row_shows_status_and_the_latest_public_answer_and_opens_the_page(
    client, make_ticket, twins, users
):
    me = twins[0]
    ticket = open_for(make_ticket, me, "Impresora")
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Primera respuesta")
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="NOTA-INTERNA", public=False)
    services.ticket_update(
        actor=users["area_own"], ticket=ticket, status="RESUELTO", response="Tóner cambiado"
    )
    services.ticket_requester_reply(
        actor=Requester(me.email, user=me), ticket=ticket, text="Mi propia respuesta"
    )
    response = logged_in(client, me).get(URL)
    (item,) = response.context["items"]
    assert item["answer"] == "Tóner cambiado"  # the desk's, not my own reply
    html = response.content.decode()
    assert "NOTA-INTERNA" not in html and "En proceso" in html
    assert item["url"] == links.requester_ticket_path(ticket)
    page = client.get(item["url"])
    assert page.templates[0].name == "public/ticket.html"


def test_my_tickets_is_keyset_paginated_newest_first(client, make_ticket, twins):
    me = twins[0]
    base = timezone.now()
    made = []
    for n in range(PAGE_SIZE + 3):
        t = open_for(make_ticket, me, f"T{n}")
        Ticket.objects.filter(pk=t.pk).update(created_at=base - timedelta(minutes=n))
        made.append(t)
    logged_in(client, me)
    first = client.get(URL)
    assert [i["ticket"].pk for i in first.context["items"]] == [t.pk for t in made[:PAGE_SIZE]]
    cursor = first.context["next_cursor"]
    assert cursor and f"?despues={cursor}" in first.content.decode()
    # A ticket opened meanwhile does not shift the next page.
    open_for(make_ticket, me, "Nuevo")
    second = client.get(URL, {"despues": cursor})
    assert [i["ticket"].pk for i in second.context["items"]] == [t.pk for t in made[PAGE_SIZE:]]
    assert second.context["next_cursor"] is None


def test_a_malformed_cursor_reads_as_the_first_page(client, make_ticket, twins):
    me = twins[0]
    ticket = open_for(make_ticket, me, "Uno")
    response = logged_in(client, me).get(URL, {"despues": "%%%not-a-cursor"})
    assert response.status_code == 200
    assert [i["ticket"] for i in response.context["items"]] == [ticket]


def test_my_tickets_runs_a_fixed_number_of_queries(
    client, make_ticket, twins, users, django_assert_num_queries
):
    me = twins[0]

    def add(n):
        for i in range(n):
            t = open_for(make_ticket, me, f"T{i}")
            services.ticket_comment(actor=users["mesa"], ticket=t, text=f"Respuesta {i}")

    add(2)
    logged_in(client, me)
    with django_assert_num_queries(4):  # session, user, tickets, answers
        client.get(URL)
    add(PAGE_SIZE)
    with django_assert_num_queries(4):
        client.get(URL)


def test_my_tickets_needs_a_login_and_sends_agents_to_the_portal(client, client_for):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    agent = client_for("mesa").get(URL)
    assert agent.status_code == 302 and agent.url == reverse("portal:dashboard")


def test_an_empty_list_says_so(client, twins):
    response = logged_in(client, twins[0]).get(URL)
    assert response.context["items"] == []
    assert 'data-testid="my-tickets"' not in response.content.decode()


def test_the_lookup_page_points_requesters_with_an_account_to_their_tickets(client, twins):
    anon = client.get(reverse("public:lookup")).content.decode()
    assert f'href="{reverse("login")}?next={URL}"' in anon
    mine = logged_in(client, twins[0]).get(reverse("public:lookup")).content.decode()
    assert f'href="{URL}"' in mine
