"""Writes of the notifications app that are not form saves."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from notifications.models import EmailState, Notification, Preference


@transaction.atomic
def preference_stop_emails(*, user: User) -> Preference:
    """No notification e-mail any more (the bell still shows them): every e-mailed kind off,
    and what was waiting for the next digest is not sent. Idempotent."""
    preference, _created = Preference.objects.select_for_update().get_or_create(user=user)
    if preference.email_kinds:
        preference.email_kinds = []
        preference.save(update_fields=["email_kinds"])
    Notification.objects.filter(recipient=user, email_state=EmailState.PENDING).update(
        email_state=EmailState.NONE
    )
    return preference
