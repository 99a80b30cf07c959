"""CSV export of the dashboard's current filtered list: streamed, one query."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from tickets.portal.mixins import AgentRequiredMixin
from tickets.portal.views.dashboard import filtered_tickets

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """Text as-is, except a leading formula character is defused for spreadsheets."""
    if isinstance(value, int | float):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


class ExportView(AgentRequiredMixin, View):
    def get(self, request):
        qs = filtered_tickets(request).qs
        header = [
            _("Label"), _("Subject"), _("Kind"), _("Category"), _("Requester"),
            _("Requester e-mail"), _("Priority"), _("Status"), _("Area"), _("Assignee"),
            _("Created"), _("Last change"), _("SLA due"), _("Hours left"),
        ]  # fmt: skip

        language, tz = translation.get_language(), timezone.get_current_timezone()

        def rows():
            # Streaming runs after the middleware: keep the request's language and zone.
            with translation.override(language), timezone.override(tz):
                yield from _rows()

        def _rows():
            writer = csv.writer(_Echo())
            yield "\ufeff" + writer.writerow(header)
            for t in qs.iterator(chunk_size=500):
                assignee = t.assignee.full_name or t.assignee.email if t.assignee else ""
                yield writer.writerow(
                    [
                        _cell(v)
                        for v in (
                            t.label, t.subject, t.get_tipo_display(), t.categoria,
                            t.requester_name, t.requester_email, t.priority.name,
                            t.get_status_display(), t.area.name, assignee,
                            _local(t.created_at), _local(t.updated_at), _local(t.sla_due_at),
                            t.sla_remaining_hours(),
                        )
                    ]
                )  # fmt: skip

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="tickets-{stamp}.csv"'
        return response
