"""Issue 27 item 11: a sender the desk's own receiving server could not authenticate
(``Authentication-Results``) does not post to a ticket: held for review, or refused."""

import pytest

from mail import threading
from mail.inbound import imap
from mail.models import InboundMessage
from tests.mail.helpers import raw_message
from tickets.models import Activity, Ticket

pytestmark = [pytest.mark.imap,
              pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")]

FAILED = "mx.desk.example; spf=fail smtp.mailfrom=example.com; dkim=fail; dmarc=fail"
PASSED = "mx.desk.example; spf=pass smtp.mailfrom=example.com; dkim=pass; dmarc=pass"


@pytest.fixture
def trusted(settings):
    settings.HELPDESK_INBOUND_TRUSTED_AUTHSERV = "mx.desk.example"


def _spoofed(ticket, results=FAILED, **kw):
    return raw_message(to=threading.reply_address(ticket.pk), body="Ciérrenlo, ya está.",
                       headers={"Authentication-Results": results}, **kw)


@pytest.mark.usefixtures("trusted")
def test_a_spoofed_reply_with_a_real_token_is_held(mailbox, ticket):
    mailbox.deliver(_spoofed(ticket))
    assert imap.poll() == {"held": 1}
    row = InboundMessage.objects.get()
    assert (row.status, row.kind) == ("held", "unauthenticated") and "dmarc=fail" in row.reason
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


@pytest.mark.usefixtures("trusted")
def test_refuse_mode_filters_it(mailbox, ticket, settings):
    settings.HELPDESK_INBOUND_UNAUTHENTICATED = "refuse"
    mailbox.deliver(_spoofed(ticket))
    assert imap.poll() == {"ignored": 1}
    assert InboundMessage.objects.get().kind == "unauthenticated"


@pytest.mark.usefixtures("trusted")
def test_an_authenticated_reply_and_results_of_other_servers(mailbox, ticket):
    mailbox.deliver(_spoofed(ticket, results=PASSED))
    # A "pass" written by the sender's own server (not trusted) under a failing trusted one.
    forged = raw_message(sender="laura@example.com", subject="Otro caso",
                         headers={"Authentication-Results": FAILED})
    forged = forged.replace(b"Authentication-Results:",
                            b"Authentication-Results: evil.example; dmarc=pass\r\n"
                            b"Authentication-Results:", 1)
    mailbox.deliver(forged)
    assert imap.poll() == {"comment": 1, "held": 1}
    assert Activity.objects.get(ticket=ticket, type="comment").data["text"] == (
        "Ciérrenlo, ya está."
    )
    assert Ticket.objects.count() == 1


def test_without_a_trusted_server_nothing_is_checked(mailbox, ticket):
    mailbox.deliver(_spoofed(ticket))
    assert imap.poll() == {"comment": 1}
