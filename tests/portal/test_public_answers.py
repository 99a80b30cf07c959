"""The requester's answers on the ticket page: reply (reopens a solved ticket, opens a new
linked ticket on a closed one), "yes, it is solved", "no, it still fails"; throttled with
the same 429 page as the other public forms; CSRF-protected; fixed query count."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.portal.signing_clock import frozen_signing_clock  # noqa: F401
from tickets import services
from tickets.access import Requester
from tickets.models import Activity, Status, Ticket
from tickets.selectors import links
from tickets.services._base import MAX_TEXT

LOOKUP = reverse("public:lookup")


def main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def url(name, ticket):
    return reverse(f"public:{name}", args=[links.make_token(ticket)])


@pytest.fixture
def solved(ticket, users):
    services.ticket_update(
        actor=users["area_own"], ticket=ticket, status="RESUELTO", response="Tóner cambiado."
    )
    ticket.refresh_from_db()
    return ticket


def test_after_label_and_email_the_page_offers_the_reply_box(client, ticket):
    response = client.post(LOOKUP, {"label": ticket.label, "email": "laura@example.com"})
    html = response.content.decode()
    assert 'data-testid="send-reply"' in html
    assert f'action="{url("reply", ticket)}"' in html
    assert 'data-testid="confirm-solved"' not in html  # not solved: nothing to confirm


def test_reply_adds_a_public_comment_and_shows_it(client, ticket):
    response = client.post(url("reply", ticket), {"text": "Es la del segundo piso."}, follow=True)
    assert response.redirect_chain[-1][1] == 302
    html = response.content.decode()
    assert "Es la del segundo piso." in html and "Comentario del solicitante" in html
    comment = Activity.objects.get(ticket=ticket, type="comment")
    assert comment.public and comment.actor_snapshot["rol"] == "ANONIMO"


def test_reply_on_a_solved_ticket_reopens_it_and_says_so(client, solved):
    response = client.post(url("reply", solved), {"text": "No funcionó"}, follow=True)
    solved.refresh_from_db()
    assert solved.status == Status.EN_PROCESO
    assert "reabrió" in response.content.decode()


def test_reply_on_a_closed_ticket_opens_a_new_linked_ticket_and_the_page_says_so(
    client, solved, users
):
    services.ticket_change_status(actor=users["mesa"], ticket=solved, status="CERRADO")
    page = client.get(url("ticket", solved)).content.decode()
    assert "abrimos un ticket nuevo" in page  # warned before writing
    response = client.post(url("reply", solved), {"text": "Volvió a fallar hoy"}, follow=True)
    new = Ticket.objects.exclude(pk=solved.pk).get()
    assert new.follows == solved and new.description == "Volvió a fallar hoy"
    assert response.redirect_chain[-1][0] == links.requester_ticket_path(new)
    html = response.content.decode()
    assert new.label in html and solved.label in html
    assert 'data-testid="follow-up-of"' in html
    solved.refresh_from_db()
    assert solved.status == Status.CERRADO


def test_yes_it_is_solved_closes_the_ticket(client, solved):
    page = client.get(url("ticket", solved)).content.decode()
    assert 'data-testid="confirm-solved"' in page and 'data-testid="still-fails"' in page
    response = client.post(url("confirm", solved), follow=True)
    solved.refresh_from_db()
    assert solved.status == Status.CERRADO
    assert "Gracias por confirmar" in response.content.decode()
    entry = Activity.objects.filter(ticket=solved).last()
    assert entry.data["status"] == "CERRADO" and entry.actor_snapshot["rol"] == "ANONIMO"


def test_no_it_still_fails_reopens_with_the_reason(client, solved):
    response = client.post(url("reopen", solved), {"reason": "Sigue sin imprimir"}, follow=True)
    solved.refresh_from_db()
    assert solved.status == Status.EN_PROCESO
    assert "Sigue sin imprimir" in response.content.decode()


def test_still_fails_without_a_reason_shows_the_form_again(client, solved):
    response = client.post(url("reopen", solved), {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["reopen_form"].errors
    assert response.context["open_reopen"]
    solved.refresh_from_db()
    assert solved.status == Status.RESUELTO


@pytest.mark.parametrize("text", ["", "x" * (MAX_TEXT + 1)])
def test_reply_outside_the_length_rules_is_a_form_error(client, ticket, text):
    response = client.post(url("reply", ticket), {"text": text})
    assert response.status_code == 400
    assert "text" in response.context["reply_form"].errors
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


def test_confirm_on_a_ticket_that_is_not_solved_is_a_409_with_the_page(client, ticket):
    response = client.post(url("confirm", ticket))
    assert response.status_code == 409
    assert ticket.label in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO


@pytest.mark.parametrize(
    ("scope", "name", "data"),
    [
        ("public-reply", "reply", {"text": "Hola"}),
        ("public-confirm", "confirm", {}),
        ("public-confirm", "reopen", {"reason": "Sigue mal"}),
    ],
)
def test_answers_are_throttled_with_the_same_429_page(client, solved, scope, name, data):
    with override_settings(HELPDESK_THROTTLE={scope: (1, 60), "public-create": (0, 60)}):
        client.post(url(name, solved), data)
        response = client.post(url(name, solved), data)
        other_form = client.post(reverse("public:create"), {})
    assert response.status_code == 429 and other_form.status_code == 429
    assert response.templates[0].name == "429.html"
    assert main(response) == main(other_form)  # the same page as the other forms
    assert solved.label not in response.content.decode()


def test_answers_require_a_csrf_token(solved):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url("reply", solved), {"text": "Hola"}).status_code == 403
    assert strict.post(url("confirm", solved)).status_code == 403
    solved.refresh_from_db()
    assert solved.status == Status.RESUELTO


def test_answer_urls_on_get_go_back_to_the_page(client, solved):
    response = client.get(url("confirm", solved))
    assert response.status_code == 302 and response.url == url("ticket", solved)


def test_ticket_page_runs_a_fixed_number_of_queries(
    client, ticket, users, django_assert_num_queries
):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    path = url("ticket", ticket)
    with django_assert_num_queries(4):  # ticket, public history, its files, area names
        client.get(path)
    for n in range(10):
        services.ticket_comment(actor=users["mesa"], ticket=ticket, text=f"Respuesta {n}")
        services.ticket_requester_reply(
            actor=Requester("laura@example.com"), ticket=ticket, text=f"Gracias {n}"
        )
        services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
        services.ticket_requester_reopen(
            actor=Requester("laura@example.com"), ticket=ticket, reason="Sigue"
        )
    with django_assert_num_queries(4):
        client.get(path)
