"""The layout every page shares (templates/base.html, static/js/app.js): the language and
time-zone switches, where they return, and the home page's icons."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

APP_JS = Path(settings.BASE_DIR) / "static" / "js" / "app.js"


@pytest.mark.parametrize("role", ["anon", "mesa"])
def test_language_and_time_zone_selects_do_not_submit_on_change(client_for, role, priorities):
    html = client_for(role).get(reverse("public:home")).content.decode()
    assert "data-autosubmit" not in html
    assert "<noscript>" not in html  # the submit buttons are always there
    for select in ('id="lang-select"', 'id="tz-select"'):
        start = html.index(select)
        assert '<button type="submit"' in html[start : html.index("</form>", start)]


def test_script_does_not_submit_forms_on_change():
    script = APP_JS.read_text()
    assert '"change"' not in script and ".submit()" not in script


def test_switches_return_to_the_page_with_its_query_on_get(client_for, ticket):
    html = client_for("mesa").get(reverse("portal:dashboard"), {"status": "NUEVO"}).content.decode()
    assert html.count('name="next" type="hidden" value="/portal/?status=NUEVO"') == 2


def test_time_zone_switch_after_a_failed_action_returns_to_the_ticket_page(client_for, ticket):
    client = client_for("mesa")
    action = reverse("portal:action", args=[ticket.pk, "reply"])
    page = reverse("portal:ticket", args=[ticket.pk])
    failed = client.post(action, {"reply-mode": "internal", "reply-text": ""})
    assert f'value="{action}"' not in failed.content.decode()
    response = client.post(reverse("public:timezone"), {"timezone": "UTC", "next": page})
    assert response.status_code == 302 and response.url == page
    assert client.get(response.url).status_code == 200


def test_home_icons_are_drawn_not_fullwidth_characters(client, db):
    html = client.get(reverse("public:home")).content.decode()
    assert "\uff0b" not in html and "\u2315" not in html
    assert html.count('<span class="choice__icon" aria-hidden="true"><svg') == 2
