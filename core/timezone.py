"""Dates in the user's time zone: ``session["django_timezone"]`` when chosen, else
``settings.TIME_ZONE`` (America/Bogota by default).

The session is read in ``process_view``, once the view is known, so views marked
``session_free`` (the ticket page's presence poll) run without loading the session — and
so without a database query.
"""

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


def session_free(view):
    """Mark a view that must not load the session (no time zone is activated for it)."""
    view.session_free = True
    return view


class TimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        request.timezone_choices = CHOICES  # for the footer selector
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "session_free", False):
            return None
        name = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if name in CHOICES:
            timezone.activate(zoneinfo.ZoneInfo(name))
        return None
