"""Figures the dashboards read instead of scanning tickets (issue 10, docs/scale.md)."""

from django.db import models

from accounts.models import Area
from tickets.workflow import Status

# Figures the dashboards read instead of scanning tickets. Both tables are kept up by
# database triggers on ``tickets_ticket`` (migration 0005), in the same transaction as
# every insert, update or delete of a ticket, whichever code path writes it; rebuild them
# with ``manage.py rebuild_ticket_stats`` after a bulk load with the triggers disabled.


class TicketCounter(models.Model):
    """How many tickets of ``area`` are in ``status`` right now (exact, O(1) to read)."""

    area = models.ForeignKey(
        Area, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "status"], name="ticket_counter_area_status")
        ]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.status}: {self.count}"


ROLLUP_BUCKET_MINUTES = 15  # every time zone's offset is a multiple of 15 minutes


class TicketRollup(models.Model):
    """Tickets of ``area`` opened (``created_at``) and solved (``resolved_at``) in the
    15-minute UTC bucket starting at ``bucket``: the dashboard's per-day chart in any zone."""

    area = models.ForeignKey(
        Area, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    bucket = models.DateTimeField()
    opened = models.IntegerField(default=0)
    solved = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "area"], name="ticket_rollup_bucket_area")
        ]

    def __str__(self) -> str:
        return f"{self.area_id}@{self.bucket:%Y-%m-%d %H:%M}: +{self.opened} ✓{self.solved}"
