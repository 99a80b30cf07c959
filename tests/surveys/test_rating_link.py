"""The rating link of a solved ticket: GET shows the form and saves nothing, POST saves
once per resolution; tampered, expired, stale or foreign links are refused; a new
resolution gets a new link; an area that does not ask has no link and refuses."""

import time
from unittest import mock

import pytest
from django.urls import reverse

from surveys import links
from surveys.models import AreaSurvey, Rating
from tickets import services
from tickets.access import Requester
from tickets.models import Activity, ActivityType


def rate_url(ticket, token=None):
    return reverse("surveys:rate", args=[token or links.make_token(ticket)])


def ratings(ticket):
    return list(Activity.objects.filter(ticket=ticket, type=ActivityType.RATING))


def test_get_shows_the_form_with_the_links_score_and_saves_nothing(client, solved):
    response = client.get(rate_url(solved) + "?score=bad")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="bad"' in html and "checked" in html.split('value="bad"')[1].split(">")[0]
    assert ratings(solved) == [] and not Rating.objects.exists()


def test_post_records_the_rating_and_comment_as_an_internal_history_entry(client, solved):
    response = client.post(rate_url(solved), {"score": "good", "comment": "Muy rápidos"})
    assert (
        response.status_code == 200 and 'data-testid="rating-thanks"' in response.content.decode()
    )
    [entry] = ratings(solved)
    assert entry.public is False  # agents read it; the requester's timeline never shows it
    assert entry.data["score"] == "good" and entry.data["comment"] == "Muy rápidos"
    assert entry.actor_snapshot["rol"] == "ANONIMO"
    rating = Rating.objects.get()
    assert (rating.ticket_id, rating.score, rating.comment) == (solved.pk, "good", "Muy rápidos")
    assert rating.area_id == solved.area_id


def test_the_link_works_once_per_resolution(client, solved):
    url = rate_url(solved)
    assert client.post(url, {"score": "good"}).status_code == 200
    again = client.post(url, {"score": "bad"})
    assert again.status_code == 403 and "ya fue valorada" in again.content.decode()
    assert client.get(url).status_code == 403
    assert len(ratings(solved)) == 1


def test_a_tampered_link_cannot_rate_another_ticket(client, solved, make_ticket, solve):
    other = solve(make_ticket(requester_email="otra@example.com"))
    token = links.make_token(solved)
    forged = token.replace(solved.pk.hex, other.pk.hex, 1)
    assert client.get(rate_url(other, forged)).status_code == 404
    assert client.post(rate_url(other, forged), {"score": "bad"}).status_code == 404
    assert client.post(rate_url(solved, token + "x"), {"score": "bad"}).status_code == 404
    assert ratings(other) == [] and ratings(solved) == []


def test_the_link_expires(client, solved, settings):
    url = rate_url(solved)
    later = time.time() + (settings.HELPDESK_CSAT_LINK_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(url, {"score": "good"})
    assert (
        response.status_code == 404 and 'data-testid="rating-invalid"' in response.content.decode()
    )
    assert ratings(solved) == []


def test_a_reopened_ticket_refuses_the_old_link_and_a_new_resolution_gets_a_new_one(
    client, solved, solve, users
):
    old = rate_url(solved)
    assert client.post(old, {"score": "bad"}).status_code == 200
    services.ticket_requester_reopen(
        actor=Requester("laura@example.com"), ticket=solved, reason="Sigue"
    )
    solved.refresh_from_db()
    assert client.get(old).status_code == 403  # not solved now: the resolution is gone
    solved = solve(solved)
    new = rate_url(solved)
    assert new != old
    assert client.post(old, {"score": "good"}).status_code == 403
    assert client.post(new, {"score": "good"}).status_code == 200
    assert [r.data["score"] for r in ratings(solved)] == ["bad", "good"]
    assert Rating.objects.count() == 2


def test_an_area_that_does_not_ask_refuses_the_link(client, solved):
    url = rate_url(solved)
    AreaSurvey.objects.create(area=solved.area, enabled=False)
    assert client.get(url).status_code == 403
    assert client.post(url, {"score": "good"}).status_code == 403
    assert ratings(solved) == []


def test_a_bad_score_or_a_long_comment_is_refused_with_the_form(client, solved):
    url = rate_url(solved)
    assert client.post(url, {"score": "excellent"}).status_code == 400
    assert client.post(url, {"score": "good", "comment": "x" * 2001}).status_code == 400
    assert ratings(solved) == []


def test_the_service_refuses_a_resolution_that_is_not_the_current_one(solved):
    from tickets.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.ticket_record_rating(
            ticket_id=solved.pk, resolution_key="123", score="good", comment=""
        )
    assert ratings(solved) == []


def test_agents_read_the_rating_in_the_ticket_history_and_the_requester_does_not(
    client, solved, users
):
    client.post(rate_url(solved), {"score": "bad", "comment": "Tardaron mucho"})
    client.force_login(users["area_own"])
    page = client.get(reverse("portal:ticket", args=[solved.pk])).content.decode()
    assert "Tardaron mucho" in page
    client.logout()
    from tickets.selectors.links import requester_ticket_path

    public = client.get(requester_ticket_path(solved)).content.decode()
    assert "Tardaron mucho" not in public
