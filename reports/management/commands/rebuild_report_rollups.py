from django.core.management.base import BaseCommand

from reports.rebuild import rebuild


class Command(BaseCommand):
    help = "Recompute the reports' daily rollups from the tickets (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="tickets per batch")

    def handle(self, *args, batch, **options):
        counted = rebuild(batch=batch)
        self.stdout.write(f"Report rollups rebuilt from {counted} tickets.")
