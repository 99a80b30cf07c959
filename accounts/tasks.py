"""Daily housekeeping of what authentication remembers (``CELERY_BEAT_SCHEDULE``)."""

from datetime import timedelta

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from accounts.models import UsedAuthorizationCode

# Longer than any token a code can lead to (OAuth2 refresh tokens live 30 days).
USED_CODES_KEPT = timedelta(days=31)


@shared_task(name="accounts.purge_expired_credentials", ignore_result=True)
def purge_expired_credentials() -> None:
    UsedAuthorizationCode.objects.filter(created_at__lt=timezone.now() - USED_CODES_KEPT).delete()
    call_command("flushexpiredtokens")  # simplejwt: outstanding and blacklisted JWTs expired
