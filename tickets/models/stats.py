"""Figures the counts read instead of scanning tickets (issue 10, docs/scale.md)."""

from django.db import models

from accounts.models import Area
from tickets.workflow import Status

# Kept up by a database trigger on ``tickets_ticket`` (migrations 0005 and 0017), in the
# same transaction as every insert, delete or change of status or area of a ticket,
# whichever code path writes it; rebuild it with ``manage.py rebuild_ticket_stats`` after a
# bulk load with the trigger disabled.


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
