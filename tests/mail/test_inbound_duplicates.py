"""A copy of a message is dropped once: the same sender and Message-ID (the whole id), or
the same bytes when there is no id. Another sender reusing an id is no copy."""

import pytest

from mail.models import InboundMessage
from tests.mail.helpers import push, raw_message
from tickets.models import Ticket

pytestmark = pytest.mark.usefixtures(
    "location", "priorities", "area_mesa", "area_a", "inbound_secret"
)


def _status(client, raw: bytes) -> str:
    return push(client, raw).json()["status"]


def test_another_sender_reusing_a_message_id_is_not_a_duplicate(client):
    same_id = "<1@same.example>"
    assert _status(client, raw_message(sender="laura@example.com", message_id=same_id)) == "ticket"
    assert _status(client, raw_message(sender="pedro@example.com", message_id=same_id)) == "ticket"
    assert _status(client, raw_message(sender="LAURA@example.com", message_id=same_id)) == (
        "duplicate"
    )
    assert sorted(Ticket.objects.values_list("requester_email", flat=True)) == [
        "laura@example.com",
        "pedro@example.com",
    ]


def test_without_a_message_id_the_content_tells_a_copy(client):
    def without_id(body):
        return raw_message(body=body).replace(b"Message-ID:", b"X-Old-Id:")

    first = without_id("La impresora no imprime.")
    assert _status(client, first) == "ticket"
    assert _status(client, first) == "duplicate"
    assert _status(client, without_id("Tampoco escanea.")) == "ticket"
    assert Ticket.objects.count() == 2
    assert set(InboundMessage.objects.values_list("message_id", flat=True)) == {""}


def test_long_message_ids_are_kept_whole_and_compared_whole(client):
    head = "<" + "x" * 300
    first, second = f"{head}.1@client.example>", f"{head}.2@client.example>"
    assert _status(client, raw_message(message_id=first, subject="Uno")) == "ticket"
    assert _status(client, raw_message(message_id=second, subject="Dos")) == "ticket"
    assert sorted(InboundMessage.objects.values_list("message_id", flat=True)) == [first, second]
