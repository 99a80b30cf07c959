"""Issue 27: the admin lists received mail without loading whole messages, and an admin may
lift an undeliverable address."""

import pytest

from mail.inbound import process
from mail.models import InboundMessage, Undeliverable
from tests.conftest import PASSWORD
from tests.mail.helpers import raw_message

pytestmark = pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")


@pytest.fixture
def admin_client(client, admin_user):
    assert client.login(username=admin_user.email, password=PASSWORD)
    return client


def test_incoming_mail_list_and_page_do_not_show_the_raw_bytes(admin_client):
    process.process_raw(raw_message(subject="Out of Office: x", body="SECRETO-CRUDO"),
                        source="push")
    row = InboundMessage.objects.get()
    listing = admin_client.get("/admin/mail/inboundmessage/")
    assert listing.status_code == 200 and "Out of Office" in listing.content.decode()
    page = admin_client.get(f"/admin/mail/inboundmessage/{row.pk}/change/")
    assert page.status_code == 200 and "SECRETO-CRUDO" not in page.content.decode()


def test_an_admin_lifts_an_undeliverable_address(admin_client):
    row = Undeliverable.objects.create(address="laura@example.com", hard=True, bounces=1)
    response = admin_client.post(f"/admin/mail/undeliverable/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Undeliverable.objects.exists()
