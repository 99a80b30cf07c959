"""Dashboard filters and pagination (query parameters → queryset slice)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tickets import selectors
from tickets.models import Ticket
from tickets.workflow import parse_status

# A bare call (no ``page``/``limit``) answers the newest ``DEFAULT_LIMIT`` rows, as a plain
# list like the original back end; ``limit`` may not exceed ``MAX_LIMIT``.
DEFAULT_LIMIT = 200
MAX_LIMIT = 200


def filter_dashboard(qs: QuerySet[Ticket], params: dict) -> QuerySet[Ticket]:
    if params.get("estado"):
        qs = qs.filter(status=parse_status(params["estado"], field="estado"))
    if params.get("prioridad"):
        qs = qs.filter(priority__name__iexact=params["prioridad"].strip())
    if params.get("area"):
        area = params["area"].strip()
        qs = qs.filter(Q(area__code__iexact=area) | Q(area__name__iexact=area))
    if params.get("tipo"):
        qs = qs.filter(tipo=params["tipo"])
    if params.get("q"):
        qs = selectors.ticket_search(qs, params["q"])
    return qs


@dataclass(frozen=True)
class Page:
    rows: list
    total: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    def headers(self) -> dict[str, str]:
        return {
            "X-Total-Count": str(self.total),
            "X-Page": str(self.page),
            "X-Limit": str(self.limit),
            "X-Total-Pages": str(self.pages),
        }


def paginate(qs: QuerySet[Ticket], params: dict) -> Page:
    """Two queries whatever the size: the count and the slice."""
    page = params.get("page") or 1
    limit = min(params.get("limit") or DEFAULT_LIMIT, MAX_LIMIT)
    total = qs.count()
    start = (page - 1) * limit
    return Page(rows=list(qs[start : start + limit]), total=total, page=page, limit=limit)
