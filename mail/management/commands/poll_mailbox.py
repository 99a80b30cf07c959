"""Read the IMAP mailbox once (what beat's ``mail.poll_imap`` does every minute)."""

from django.core.management.base import BaseCommand

from mail.inbound import imap


class Command(BaseCommand):
    help = "Read the desk's IMAP mailbox once (HELPDESK_IMAP_* settings)."

    def handle(self, *args, **options):
        self.stdout.write(str(imap.poll()))
