"""Where a rating shows through the APIs: the Mesa agent detail (``VALORACION``, internal),
never the requester's Mesa lookup nor the Spacebring face (its four activity types)."""

import pytest

from surveys import links
from tests.api.mesa.conftest import bearer, token_of
from tests.api.spacebring.conftest import (  # noqa: F401 - fixtures of that face
    BASE,
    admin_api,
    api_as,
    assert_matches,
    issue_client,
)
from tickets import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(solved):
    services.ticket_record_rating(
        ticket_id=solved.pk,
        resolution_key=links.current_resolution_key(solved),
        score="bad",
        comment="Tardaron",
    )
    return solved


def test_mesa_agent_detail_shows_the_rating_as_an_internal_entry(rated, mesa_user):
    from rest_framework.test import APIClient

    client = bearer(APIClient(), token_of(mesa_user))
    body = client.get(f"/api/tickets/{rated.pk}").json()
    entries = [h for h in body["historial"] if h["accion"] == "VALORACION"]
    assert [(h["nota"], h["publico"]) for h in entries] == [("bad: Tardaron", False)]


def test_mesa_lookup_never_shows_the_rating(rated):
    from rest_framework.test import APIClient

    body = (
        APIClient()
        .post(
            "/api/tickets/consultar",
            {"label": rated.label, "email": rated.requester_email},
            format="json",
        )
        .json()
    )
    assert "VALORACION" not in str(body) and "Tardaron" not in str(body)


def test_spacebring_detail_lists_no_rating_and_matches_the_contract(admin_api, rated):  # noqa: F811
    body = admin_api.get(f"{BASE}/{rated.pk}").json()
    assert_matches("ticket", body)
    assert "rating" not in [a["type"] for a in body["activities"]]
    assert "Tardaron" not in str(body)
