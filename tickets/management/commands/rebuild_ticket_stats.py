"""``manage.py rebuild_ticket_stats``: recompute the ticket counters (area × status)."""

from django.core.management.base import BaseCommand

from tickets.stats_rebuild import rebuild


class Command(BaseCommand):
    help = "Recompute ticket counters (area × status) from the tickets."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        rebuild(using=database)
        self.stdout.write("Ticket counters rebuilt.")
