"""Daily rollups the reports read instead of the tickets (docs/reports.md).

Every ticket contributes to the rollups according to what it is *now* (its area, priority,
assignee, when it was opened, solved, answered): ``TicketFact`` keeps that contribution per
ticket, and each service write (``reports.receivers``, in the service's transaction)
replaces the ticket's old contribution with the new one. ``manage.py
rebuild_report_rollups`` recomputes them all from the tickets; both give the same rows.

Days are the desk's days (``settings.TIME_ZONE``); ``assignee`` is ``NO_ASSIGNEE`` for
unassigned tickets (a key column, never NULL, so upserts find the row).
"""

import uuid

from django.db import models
from django.db.models import Q

from accounts.models import Area
from tickets.models import TAG_MAX_LENGTH, Priority

NO_ASSIGNEE = uuid.UUID(int=0)


def _area():
    return models.ForeignKey(
        Area, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )


class TicketFact(models.Model):
    """What one ticket contributes to the rollups now (``reports.facts``)."""

    ticket_id = models.UUIDField(primary_key=True)
    area_id = models.BigIntegerField()
    priority_id = models.BigIntegerField()
    assignee = models.UUIDField(default=NO_ASSIGNEE)
    category = models.CharField(max_length=100, blank=True)
    opened_day = models.DateField()
    solved_day = models.DateField(null=True)
    left_day = models.DateField(null=True)  # left the backlog: solved, cancelled, archived
    sla_met = models.BooleanField(null=True)  # resolution target: met, missed, undecided
    sla_day = models.DateField(null=True)  # the day of that verdict (met: solved; missed: due)
    sla_open = models.BooleanField(default=False)  # missed and not solved: breached, still open
    responded_at = models.DateTimeField(null=True)  # first public agent reply
    responded_day = models.DateField(null=True)
    first_response_minutes = models.IntegerField(null=True)
    first_response_met = models.BooleanField(null=True)
    response_day = models.DateField(null=True)  # the day of that verdict
    resolution_minutes = models.IntegerField(null=True)
    tags = models.JSONField(default=list)  # its tags' names, sorted (``DailyTag``)

    def __str__(self) -> str:
        return str(self.ticket_id)


class DailyArea(models.Model):
    """Per desk day and area: tickets opened, solved, and that left the backlog (solved,
    cancelled, archived) that day; ``still_open``: of those opened that day, how many are
    open now (the backlog's age, and its size today, without counting tickets)."""

    day = models.DateField()
    area = _area()
    opened = models.IntegerField(default=0)
    solved = models.IntegerField(default=0)
    left_backlog = models.IntegerField(default=0)
    still_open = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "area"], name="report_daily_area_key")
        ]
        indexes = [
            models.Index(
                fields=["day", "area"], name="report_daily_open", condition=Q(still_open__gt=0)
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.area_id}"


class DailyBreakdown(models.Model):
    """Per desk day, area, priority and assignee: SLA outcomes and CSAT answers.

    ``sla_met``: resolution target met by a solution that day; ``sla_missed``: breached
    that day (the due time fell that day and the ticket was not solved by then), of which
    ``sla_breached_open`` are still open; ``response_*`` likewise for the first-response
    target (met that day, or missed: no reply by its due time that day); ``csat_*``:
    ratings given that day (the area, priority and assignee at rating time)."""

    day = models.DateField()
    area = _area()
    priority = models.ForeignKey(
        Priority, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    assignee = models.UUIDField(default=NO_ASSIGNEE)
    opened = models.IntegerField(default=0)
    solved = models.IntegerField(default=0)
    sla_met = models.IntegerField(default=0)
    sla_missed = models.IntegerField(default=0)
    sla_breached_open = models.IntegerField(default=0)  # of the missed: still open
    response_met = models.IntegerField(default=0)
    response_missed = models.IntegerField(default=0)
    csat_good = models.IntegerField(default=0)
    csat_bad = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "priority", "assignee"], name="report_breakdown_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.area_id}/{self.priority_id}/{self.assignee}"


class Metric(models.TextChoices):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class DailyDuration(models.Model):
    """How many tickets of ``area`` took exactly ``minutes`` for ``metric`` (first response:
    on the day of the reply; resolution: on the day solved). Medians and 90th percentiles
    are exact to the minute: the hour histograms below find the hour that holds each, then
    only this table's rows of that hour are read (``reports.durations_query``)."""

    day = models.DateField()
    area = _area()
    metric = models.CharField(max_length=20, choices=Metric.choices)
    minutes = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "day", "area", "minutes"], name="report_duration_key"
            )
        ]
        indexes = [
            # One hour's exact minutes over a period (the percentiles' second look).
            models.Index(fields=["metric", "minutes", "day"], name="report_duration_minutes")
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.day} {self.area_id}: {self.minutes} min × {self.count}"


class DailyDurationHour(models.Model):
    """``DailyDuration`` by whole hours (``hour`` = minutes // 60), per desk day."""

    day = models.DateField()
    area = _area()
    metric = models.CharField(max_length=20, choices=Metric.choices)
    hour = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "day", "area", "hour"], name="report_duration_hour_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.day} {self.area_id}: {self.hour} h × {self.count}"


class MonthlyDurationHour(models.Model):
    """``DailyDurationHour`` per desk month (``month``: its first day), so a long period
    reads twelve rows per hour and area a year instead of 365."""

    month = models.DateField()
    area = _area()
    metric = models.CharField(max_length=20, choices=Metric.choices)
    hour = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "month", "area", "hour"], name="report_duration_month_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.month:%Y-%m} {self.area_id}: {self.hour} h × {self.count}"


class DailyCategory(models.Model):
    """Tickets opened per desk day, area and category (``Ticket.categoria``)."""

    day = models.DateField()
    area = _area()
    category = models.CharField(max_length=100)
    opened = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "area", "category"], name="report_category_key")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.area_id} {self.category}"


class DailyTag(models.Model):
    """Tickets opened per desk day and area that carry ``tag`` now (a ticket counts on its
    opening day, like ``DailyCategory``; adding or removing a tag moves the count)."""

    day = models.DateField()
    area = _area()
    tag = models.CharField(max_length=TAG_MAX_LENGTH)
    opened = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "area", "tag"], name="report_tag_key")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.area_id} #{self.tag}"
