"""``/portal/reports/``: the report page, and each of its tables as CSV (``?csv=<table>``).

Agents only (``AgentRequiredMixin``: anonymous → login, requester → 403). What an agent
sees follows ``tickets.access``: ADMIN and MESA every area, AREA its own (the area
choice offers only the areas the user sees; another one is refused with 400).
"""

import csv

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from core.web import AgentRequiredMixin
from reports import charts, figures
from reports.csv_cells import defuse
from reports.forms import PeriodForm


def _tables(report: figures.Report) -> dict:
    """``{name: (header, rows)}``: what the CSV downloads and the page's tables show."""
    sla_header = [
        _("Name"),
        _("Solved"),
        _("Met"),
        _("Missed"),
        _("Breached, still open"),
        _("Met %"),
        _("First response met"),
        _("First response missed"),
    ]

    def sla_rows(kind):
        return [
            [
                r["name"],
                r["solved"],
                r["met"],
                r["missed"],
                r["still_open"],
                r["rate"] if r["rate"] is not None else "",
                r["response_met"],
                r["response_missed"],
            ]
            for r in report.sla.get(kind, [])
        ]

    return {
        "per_day": (
            [_("Day"), _("Opened"), _("Solved"), _("Backlog")],
            [
                [d["day"].isoformat(), d["opened"], d["solved"], d["backlog"]]
                for d in report.per_day
            ],
        ),
        "durations": (
            [_("Measure"), _("Tickets"), _("Median (minutes)"), _("90th percentile (minutes)")],
            [
                [
                    d["label"],
                    d["count"],
                    d["median"] if d["median"] is not None else "",
                    d["p90"] if d["p90"] is not None else "",
                ]
                for d in report.durations
            ],
        ),
        "sla_priority": (sla_header, sla_rows("priority")),
        "sla_area": (sla_header, sla_rows("area")),
        "sla_agent": (sla_header, sla_rows("agent")),
        "csat": (
            [_("Good"), _("Bad"), _("Ratings"), _("Good %")],
            [
                [
                    report.csat.get("good", 0),
                    report.csat.get("bad", 0),
                    report.csat.get("count", 0),
                    report.csat.get("score") if report.csat.get("score") is not None else "",
                ]
            ],
        ),
        "categories": (
            [_("Category"), _("Tickets")],
            [[c["name"], c["count"]] for c in report.categories],
        ),
        "tags": ([_("Tag"), _("Tickets")], [[t["name"], t["count"]] for t in report.tags]),
        "ages": ([_("Age"), _("Open tickets")], [[a["label"], a["count"]] for a in report.ages]),
    }


def _csv_cell(value):
    """Numbers as they are; text defused for spreadsheets (the export's rule)."""
    return value if isinstance(value, int) else defuse(value)


class ReportView(AgentRequiredMixin, View):
    template_name = "reports/report.html"

    def get(self, request):
        form = PeriodForm(request.GET, user=request.user)
        if not form.is_valid():
            ctx = {"form": form, "desk_zone": settings.TIME_ZONE}
            return TemplateResponse(request, self.template_name, ctx, status=400)
        period = form.period()
        report = figures.build(request.user, period)
        tables = _tables(report)
        wanted = request.GET.get("csv")
        if wanted:
            if wanted not in tables:
                return HttpResponse(_("Unknown table."), status=400, content_type="text/plain")
            return self._csv(wanted, tables[wanted], period)
        query = request.GET.copy()
        query.pop("csv", None)
        ctx = {
            "desk_zone": settings.TIME_ZONE,
            "form": form,
            "report": report,
            "tables": tables,
            "querystring": query.urlencode(),
            "chart_per_day": charts.per_day(
                report.per_day, _("Opened, solved and backlog per day")
            ),
            "chart_sla": charts.hbars(
                [(r["name"], r["met"], r["missed"]) for r in report.sla["priority"]],
                _("Resolution target met and missed per priority"),
            ),
            "chart_ages": charts.hbars(
                [(a["label"], a["count"], 0) for a in report.ages], _("Open tickets by age")
            ),
        }
        return TemplateResponse(request, self.template_name, ctx)

    def _csv(self, name, table, period):
        header, rows = table
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"report-{name}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response, quoting=csv.QUOTE_ALL)
        writer.writerow([str(h) for h in header])
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])
        return response
