"""The first answer to each ``Idempotency-Key`` of each caller, kept 24 hours."""

from datetime import timedelta

from django.db import models
from django.utils import timezone

KEEP = timedelta(hours=24)


class IdempotencyKeyQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - KEEP)


class IdempotencyKey(models.Model):
    """Written in the same transaction as the write it answers for: it exists (for other
    transactions) only once that write committed, with the response it got."""

    owner = models.CharField(max_length=100)  # "client:<pk>", "user:<uuid>" or "ip:<addr>"
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and JSON body
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_owner_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"
