"""Where the rating is offered: the solved e-mail and the requester's ticket page, once per
resolution, never when the area does not ask; a failing offer never stops the mail."""

from unittest import mock

from django.urls import reverse

from surveys import links
from surveys.models import AreaSurvey
from tests.portal.signing_clock import frozen_signing_clock  # noqa: F401
from tickets.selectors.links import requester_ticket_path


def solved_mail(send_queued_mail, ticket):
    from django.core import mail

    send_queued_mail()
    mails = [m for m in mail.outbox if m.to == [ticket.requester_email]]
    return mails[-1].body


def test_the_solved_mail_offers_one_click_links_with_the_score(send_queued_mail, solved, settings):
    body = solved_mail(send_queued_mail, solved)
    base = settings.HELPDESK_SITE_URL.rstrip("/") + reverse(
        "surveys:rate", args=[links.make_token(solved)]
    )
    assert f"{base}?score=good" in body and f"{base}?score=bad" in body


def test_no_link_in_the_mail_when_the_area_does_not_ask(send_queued_mail, ticket, solve):
    AreaSurvey.objects.create(area=ticket.area, enabled=False)
    body = solved_mail(send_queued_mail, solve(ticket))
    assert ticket.label in body and "/valorar/" not in body


def test_the_solved_mail_goes_out_without_the_link_when_the_offer_fails(send_queued_mail, solved):
    with mock.patch("surveys.links.enabled_for", side_effect=RuntimeError("boom")):
        body = solved_mail(send_queued_mail, solved)
    assert "/valorar/" not in body and solved.label in body


def test_the_ticket_page_offers_the_rating_until_it_is_given(client, solved):
    page = client.get(requester_ticket_path(solved)).content.decode()
    assert 'data-testid="rating-offer"' in page
    assert reverse("surveys:rate", args=[links.make_token(solved)]) + "?score=good" in page
    client.post(reverse("surveys:rate", args=[links.make_token(solved)]), {"score": "good"})
    page = client.get(requester_ticket_path(solved)).content.decode()
    assert 'data-testid="rating-offer"' not in page


def test_the_ticket_page_has_no_offer_when_the_area_does_not_ask_or_it_is_open(
    client, solved, ticket
):
    AreaSurvey.objects.create(area=solved.area, enabled=False)
    assert (
        'data-testid="rating-offer"'
        not in client.get(requester_ticket_path(solved)).content.decode()
    )


def test_an_open_ticket_page_has_no_offer(client, ticket):
    assert (
        'data-testid="rating-offer"'
        not in client.get(requester_ticket_path(ticket)).content.decode()
    )


def test_the_lookup_page_offers_the_rating_of_a_solved_ticket(client, solved):
    response = client.post(
        reverse("public:lookup"), {"label": solved.label, "email": "laura@example.com"}
    )
    assert 'data-testid="rating-offer"' in response.content.decode()


def test_a_solved_tickets_page_runs_a_fixed_number_of_queries(
    client, solved, solve, django_assert_num_queries
):
    from tickets import services
    from tickets.access import Requester

    path = requester_ticket_path(solved)
    # ticket, public history, its files, area names, the agent's name (the AREA agent who
    # solved it unassigned took it); the offer: the area's setting, rated?
    with django_assert_num_queries(7):
        client.get(path)
    for _n in range(5):
        services.ticket_requester_reopen(
            actor=Requester("laura@example.com"), ticket=solved, reason="Sigue"
        )
        solved = solve(solved)
    path = requester_ticket_path(solved)
    with django_assert_num_queries(7):
        client.get(path)
