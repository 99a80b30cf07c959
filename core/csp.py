"""A strict Content-Security-Policy on every response, and the endpoint browsers report
violations to. Django 5.2 has no CSP of its own; this is all it takes.

The policy: everything from our own origin only (``default-src 'self'``), no inline script
or style (no ``'unsafe-inline'``: templates keep JS in ``static/js/`` and CSS in
``static/css/``), no plugins, no framing, no ``<base>`` rewriting. Images may also be
``data:`` URIs (the admin's and Swagger UI's icons). ``form-action`` is left out on purpose:
the OAuth2 consent form redirects to the client's registered ``redirect_uri``.

``POST /csp-report/`` takes the browser's report (``report-uri``), logs one WARNING line
(logger ``core.csp``) and answers 204; at most ``HELPDESK_THROTTLE["csp-report"]`` a
client, so a hostile page cannot flood the log.
"""

import json
import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core import ratelimit

logger = logging.getLogger(__name__)

REPORT_PATH = "/csp-report/"
HEADER = "Content-Security-Policy"
POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        f"report-uri {REPORT_PATH}",
    ]
)
MAX_REPORT_BYTES = 16 * 1024


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(HEADER, POLICY)
        return response


@csrf_exempt
@require_POST
def csp_report(request):
    if ratelimit.allow(request, "csp-report"):
        raw = request.read(MAX_REPORT_BYTES)
        try:
            report = json.loads(raw or b"{}").get("csp-report", {})
        except (ValueError, AttributeError):
            report = {}
        if isinstance(report, dict):
            logger.warning(
                "CSP violation: %s blocked %s on %s",
                str(report.get("violated-directive") or report.get("effective-directive"))[:200],
                str(report.get("blocked-uri"))[:200],
                str(report.get("document-uri"))[:200],
            )
    return HttpResponse(status=204)
