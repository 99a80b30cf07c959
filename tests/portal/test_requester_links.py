"""Signed links: open the requester's page of one ticket directly; a tampered, expired or
foreign link gets the same neutral fallback (label + e-mail form); a link never shows
internal entries nor grants agent powers; e-mails carry links built from
``HELPDESK_SITE_URL``."""

import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.urls import reverse

from requester.answers import LINK_FALLBACK
from tests.portal.signing_clock import frozen_signing_clock  # noqa: F401
from tickets import services
from tickets.models import Activity, Status
from tickets.selectors import links


@pytest.fixture
def worked(ticket, users):
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="NOTA-INTERNA", public=False)
    services.ticket_pause(actor=users["mesa"], ticket=ticket, reason="MOTIVO-INTERNO")
    services.ticket_update(
        actor=users["area_own"], ticket=ticket, status="RESUELTO", response="Tóner cambiado."
    )
    return ticket


def main(response) -> str:
    html = response.content.decode()
    body = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def assert_fallback(response, ticket):
    """The label + e-mail form with the one neutral message; returns the page's <main>."""
    html = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "public/lookup.html"
    assert response.context["link_message"] == LINK_FALLBACK
    assert ticket.label not in html and ticket.subject not in html
    assert str(LINK_FALLBACK) in html
    return main(response)


def test_a_signed_link_opens_the_ticket_page_without_retyping(client, worked, users):
    response = client.get(links.requester_ticket_path(worked))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "public/ticket.html"
    assert worked.label in html and "Tóner cambiado." in html
    assert "NOTA-INTERNA" not in html and "MOTIVO-INTERNO" not in html
    for user in users.values():
        assert user.email not in html


def test_tampered_link_gets_the_neutral_fallback(client, ticket):
    token = links.make_token(ticket)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    fallback = assert_fallback(client.get(reverse("public:ticket", args=[forged])), ticket)
    garbage = assert_fallback(client.get(reverse("public:ticket", args=["x.y.z"])), ticket)
    assert fallback == garbage


def test_expired_link_gets_the_same_neutral_fallback(client, ticket, settings):
    settings.HELPDESK_REQUESTER_LINK_DAYS = 30
    made = time.time() - 31 * 86400
    with mock.patch("django.core.signing.time.time", return_value=made):
        old = links.requester_ticket_path(ticket)
    with mock.patch("django.core.signing.time.time", return_value=made + 29 * 86400):
        assert client.get(old).templates[0].name == "public/ticket.html"  # still valid then
    expired = assert_fallback(client.get(old), ticket)
    forged = assert_fallback(client.get(reverse("public:ticket", args=["x.y.z"])), ticket)
    assert expired == forged  # nothing tells an expired link from a forged one


def test_foreign_links_get_the_neutral_fallback(client, ticket, make_ticket):
    other = make_ticket(requester_email="otra@example.com", subject="Ajeno")
    # A genuine link of another ticket, with this ticket's id put in front of its signature.
    theirs = links.make_token(other)
    spliced = ticket.pk.hex + theirs[len(other.pk.hex) :]
    assert_fallback(client.get(reverse("public:ticket", args=[spliced])), ticket)
    # This ticket's id, signed for another e-mail.
    signer = signing.TimestampSigner(salt=f"{links.SALT}:otra@example.com", sep=links.SEP)
    assert_fallback(client.get(reverse("public:ticket", args=[signer.sign(ticket.pk.hex)])), ticket)
    # Signed with the right key for another purpose.
    other_purpose = signing.TimestampSigner(sep=links.SEP).sign(ticket.pk.hex)
    assert_fallback(client.get(reverse("public:ticket", args=[other_purpose])), ticket)


def test_a_link_stops_working_when_the_requester_email_is_corrected(client, ticket):
    path = links.requester_ticket_path(ticket)
    type(ticket).objects.filter(pk=ticket.pk).update(requester_email="nueva@example.com")
    assert_fallback(client.get(path), ticket)


def test_answer_forms_on_a_bad_link_change_nothing(client, ticket, users):
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    before = Activity.objects.count()
    for name in ("reply", "confirm", "reopen"):
        url = reverse(f"public:{name}", args=["x.y.z"])
        assert_fallback(client.post(url, {"text": "hola", "reason": "sigue"}), ticket)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO and Activity.objects.count() == before


@pytest.mark.parametrize("role", ["admin", "mesa", "area_own"])
def test_an_agent_following_a_requester_link_acts_only_as_the_requester(
    client_for, ticket, users, role
):
    client = client_for(role)
    path = links.requester_ticket_path(ticket)
    page = client.get(path).content.decode()
    assert "NOTA" not in page and 'id="action-' not in page  # no agent action panels
    client.post(reverse("public:reply", args=[links.make_token(ticket)]), {"text": "Hola"})
    comment = Activity.objects.get(ticket=ticket, type="comment")
    assert comment.actor is None and comment.actor_snapshot["rol"] == "ANONIMO"


def test_every_requester_email_carries_a_signed_link_from_the_site_url(
    client, ticket, users, settings, django_capture_on_commit_callbacks, send_queued_mail
):
    settings.HELPDESK_SITE_URL = "https://ayuda.example.org/"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_comment(actor=users["mesa"], ticket=ticket, text="¿Qué modelo es?")
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_update(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    with django_capture_on_commit_callbacks(execute=True):
        created = services.ticket_create(
            actor=None, description="Otra cosa que falla", requester_email="laura@example.com"
        )
    bodies = [m.body for m in send_queued_mail()]  # the mail app sends outside the request
    assert len(bodies) == 3
    for body in bodies:
        assert "/consultar/\n" not in body  # no bare lookup link any more
        found = re.findall(r"https://ayuda\.example\.org/consultar/t/[^/\s]+/", body)
        assert found, body
        for url in found:
            path = url.removeprefix("https://ayuda.example.org")
            assert client.get(path, HTTP_HOST="evil.example").templates[0].name == (
                "public/ticket.html"
            )
    solved_mail = bodies[1]
    assert links.requester_ticket_url(ticket, answer=links.ANSWER_CONFIRM) in solved_mail
    assert links.requester_ticket_url(ticket, answer=links.ANSWER_REOPEN) in solved_mail
    assert "el ticket se cierra en 7 días" in solved_mail  # auto-close after N days
    assert links.requester_ticket_url(created) in bodies[2]


def test_the_solved_mail_links_open_the_answer_forms(client, ticket, users):
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    page = client.get(links.requester_ticket_path(ticket, answer=links.ANSWER_REOPEN))
    html = page.content.decode()
    assert page.context["open_reopen"] and 'id="answer"' in html
    assert '<details class="answer__reopen" open>' in html
    # Following a link changes nothing by itself (mail scanners prefetch links).
    client.get(links.requester_ticket_path(ticket, answer=links.ANSWER_CONFIRM))
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
