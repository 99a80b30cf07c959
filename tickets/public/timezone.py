"""Dates in the user's time zone: ``session["django_timezone"]`` when chosen, else
``settings.TIME_ZONE`` (America/Bogota by default)."""

import zoneinfo

from django.utils import timezone

SESSION_KEY = "django_timezone"
CHOICES = [
    "America/Bogota",
    "America/Mexico_City",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/New_York",
    "Europe/Madrid",
    "UTC",
]


class TimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if name in CHOICES:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        request.timezone_choices = CHOICES  # for the footer selector
        return self.get_response(request)
