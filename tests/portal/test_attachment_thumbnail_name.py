"""An image's thumbnail is a link whose accessible name says what it opens (the image's alt),
on the agents' ticket page and on the requester's."""

import re

import pytest

from tests.files import png
from tickets import services
from tickets.selectors import links

pytestmark = pytest.mark.django_db

THUMB = re.compile(r'<a href="[^"]+" class="files__thumb"><img src="[^"]+" alt="([^"]*)"')


@pytest.fixture
def with_photo(ticket, mesa_user):
    services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Foto del atasco.", uploads=[png("atasco.png")]
    )
    return ticket


def test_the_agents_thumbnail_is_named_after_the_file(client, mesa_user, with_photo):
    client.force_login(mesa_user)
    html = client.get(f"/portal/tickets/{with_photo.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    assert THUMB.findall(html.content.decode()) == ["Vista previa de atasco.png"]


def test_the_requesters_thumbnail_is_named_after_the_file(client, with_photo):
    html = client.get(links.requester_ticket_path(with_photo), HTTP_ACCEPT_LANGUAGE="en")
    assert THUMB.findall(html.content.decode()) == ["Preview of atasco.png"]
