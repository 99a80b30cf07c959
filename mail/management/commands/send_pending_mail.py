"""Send the outbox rows that are due, in this process (cron or by hand, with or without a
broker). Safe to run beside workers: each row is claimed before it is sent."""

from django.core.management.base import BaseCommand

from mail import outbox


class Command(BaseCommand):
    help = "Send pending outgoing e-mail that is due."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit: int, **options):
        counts: dict[str, int] = {}
        for pk in outbox.due(limit):
            try:
                outcome = outbox.deliver(pk)
            except outbox.TemporaryFailure:
                outcome = "retry later"
            counts[outcome] = counts.get(outcome, 0) + 1
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        self.stdout.write(summary or "nothing due")
