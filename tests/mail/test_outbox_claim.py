"""A sender that was only slow (still connecting when the sweep gave its row back) stops
before handing anything over, so the row is sent once, by whoever claims it next (issue 27
item 15)."""

import pytest
from django.core.mail.backends.locmem import EmailBackend

from mail import outbox
from mail.models import Delivery

pytestmark = pytest.mark.django_db


class SweptWhileConnecting(EmailBackend):
    """Connecting takes so long that the sweep gives the row back meanwhile."""

    def open(self):
        outbox.due()
        return super().open()


def test_a_row_given_back_while_its_sender_connects_is_not_sent_by_that_sender(
    ticket, settings, mailoutbox, monkeypatch
):
    row = Delivery.objects.get()
    settings.HELPDESK_MAIL_CLAIM_SECONDS = -1  # every claim not yet at DATA counts as lost
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "get_connection", lambda: SweptWhileConnecting())
        assert outbox.deliver(row.pk) == "skipped"
    assert mailoutbox == []
    row.refresh_from_db()
    assert row.status == "pending" and row.handed_over_at is None
    assert "sent again" in row.last_error
    settings.HELPDESK_MAIL_CLAIM_SECONDS = 120
    assert outbox.deliver(row.pk) == "sent"
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2 and row.handed_over_at is not None


def test_a_claim_younger_than_the_window_is_left_alone(ticket, settings):
    row = Delivery.objects.get()
    Delivery.objects.filter(pk=row.pk).update(status="sending", claimed_at=row.created_at)
    settings.HELPDESK_MAIL_CLAIM_SECONDS = 3600
    assert outbox.due() == []
    assert Delivery.objects.get(pk=row.pk).status == "sending"
