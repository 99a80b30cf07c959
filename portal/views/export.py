"""CSV export of the dashboard's current filtered list: streamed, memory flat.

The rows are the dashboard's (``filtered_tickets``: role-scoped, filtered, in the list's
order). PostgreSQL writes them itself (``COPY (…) TO STDOUT`` through psycopg, about a
million rows in a few seconds, see bench/RESULTS.md); other databases go through the
Python ``csv`` writer. Both write the same bytes: every cell quoted, text defused
(``reports.csv_cells``), LF line ends, a UTF-8 BOM for spreadsheets.
"""

from django.db import connection
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.views import View

from core.web import AgentRequiredMixin
from portal.views.dashboard import filtered_tickets, ordered_list
from reports import csv_cells


class ExportView(AgentRequiredMixin, View):
    def get(self, request):
        qs = ordered_list(filtered_tickets(request))
        language, tz = translation.get_language(), timezone.get_current_timezone()
        now = timezone.now()
        body = csv_cells.copy_rows if connection.vendor == "postgresql" else csv_cells.python_rows

        def rows():
            # Streaming runs after the middleware: keep the request's language and zone.
            with translation.override(language), timezone.override(tz):
                yield csv_cells.header()
                yield from body(qs, now=now)

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="tickets-{stamp}.csv"'
        return response
