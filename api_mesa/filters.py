"""Dashboard filters and pagination (query parameters → queryset slice)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tickets import selectors
from tickets.errors import ValidationFailed
from tickets.models import Ticket
from tickets.workflow import parse_status

# A bare call (no ``page``/``limit``) answers the newest ``DEFAULT_LIMIT`` rows, as a plain
# list like the original back end; ``limit`` may not exceed ``MAX_LIMIT``.
DEFAULT_LIMIT = 200
MAX_LIMIT = 200
# Rows a page may start after (``(page - 1) * limit``); deeper is a 400 naming ``page``.
# Fifty pages of 200: a deeper page would skip (and a filtered total count) more index
# entries than the rest of the request costs; older tickets are reached by narrowing the
# filters, or in the portal (keyset pages, no depth limit) and its CSV export.
MAX_DEPTH = 10_000


def filter_dashboard(qs: QuerySet[Ticket], params: dict) -> QuerySet[Ticket]:
    if params.get("estado"):
        qs = qs.filter(status=parse_status(params["estado"], field="estado"))
    if params.get("prioridad"):
        qs = qs.filter(priority__name__iexact=params["prioridad"].strip())
    if params.get("area"):
        qs = qs.filter(_area_q(params["area"]))
    if params.get("tipo"):
        qs = qs.filter(tipo=params["tipo"])
    if params.get("q"):
        qs = selectors.ticket_search(qs, params["q"])
    return qs


def _area_q(area: str) -> Q:
    area = area.strip()
    return Q(area__code__iexact=area) | Q(area__name__iexact=area)


def _total(qs: QuerySet[Ticket], params: dict, user, cap: int) -> int:
    """Without prioridad/tipo/q: exact, from the counters (one small query). Otherwise a
    count that stops at ``cap`` (the deepest row a page may reach)."""
    if user is not None and not any(params.get(k) for k in ("prioridad", "tipo", "q")):
        status = parse_status(params["estado"], field="estado") if params.get("estado") else None
        area_q = _area_q(params["area"]) if params.get("area") else None
        return selectors.ticket_count(user=user, status=status, area_q=area_q)
    return selectors.capped_count(qs, cap)


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


def paginate(qs: QuerySet[Ticket], params: dict, *, user=None) -> Page:
    """Two queries whatever the size: the total and the page (``selectors.offset_page``
    finds a deep page through the index alone)."""
    page = params.get("page") or 1
    limit = min(params.get("limit") or DEFAULT_LIMIT, MAX_LIMIT)
    start = (page - 1) * limit
    if start >= MAX_DEPTH:
        raise ValidationFailed.for_field(
            "page",
            _("Too deep: a page may start after at most %(n)d rows; narrow the filters.")
            % {"n": MAX_DEPTH},
        )
    total = _total(qs, params, user, cap=MAX_DEPTH + limit)
    rows = selectors.offset_page(qs, start=start, limit=limit)
    return Page(rows=rows, total=total, page=page, limit=limit)
