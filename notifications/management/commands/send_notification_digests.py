"""Send the agents' notification digests that are due (for desks without a broker: cron)."""

from django.core.management.base import BaseCommand

from notifications.tasks import send_pending_digests


class Command(BaseCommand):
    help = "E-mail every notification digest whose window has passed."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_pending_digests()} notification(s) e-mailed.")
