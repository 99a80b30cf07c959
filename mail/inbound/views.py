"""``POST /inbound/email``: providers that push received mail as raw MIME (the request body).

Authenticated by the shared secret ``HELPDESK_INBOUND_SECRET`` in ``X-Helpdesk-Inbound-Secret``
(or ``Authorization: Bearer …``); the endpoint answers 404 while no secret is set. Answers
JSON: 200 ``{"status": "ticket"|"comment"|"held"|"ignored"|"duplicate", "reason", "ticket"}``
once the message is recorded (so the provider stops retrying; ``held`` and ``ignored`` mean
kept whole for agents: ``mail.inbound.keep``), 401 for a wrong secret, 413 for a message over
``HELPDESK_INBOUND_KEEP_MAX_BYTES`` (the provider bounces it to its sender), 503 with
``Retry-After`` when it could not be processed now (the provider tries again; after
``HELPDESK_INBOUND_MAX_ATTEMPTS`` failures the message is held and answered 200).
"""

import contextlib

from django.conf import settings
from django.http import JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mail.inbound import keep, process


def _secret(request) -> str:
    given = request.headers.get("X-Helpdesk-Inbound-Secret", "")
    auth = request.headers.get("Authorization", "")
    if not given and auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    return given


@csrf_exempt
@require_POST
def inbound_email(request):
    secret = getattr(settings, "HELPDESK_INBOUND_SECRET", "")
    if not secret:
        return JsonResponse({"error": "not found"}, status=404)
    if not constant_time_compare(_secret(request), secret):
        return JsonResponse({"error": "invalid secret"}, status=401)
    limit = max(keep.keep_max_bytes(), process.max_bytes())
    # Read at most limit + 1 bytes: a larger message cannot be kept whole.
    raw = request.read(limit + 1)
    size = len(raw)
    with contextlib.suppress(ValueError):
        size = max(size, int(request.META.get("CONTENT_LENGTH") or 0))
    if size > limit:
        return JsonResponse(
            {"error": f"message larger than {limit} bytes: not accepted"}, status=413
        )
    if not raw.strip():
        return JsonResponse({"error": "empty body: send the raw message"}, status=400)
    try:
        result = process.process_raw(raw, source="push", size=size)
    except Exception:  # noqa: BLE001 - recorded and logged by process_raw
        response = JsonResponse({"error": "could not process the message now"}, status=503)
        response["Retry-After"] = "60"
        return response
    return JsonResponse(
        {
            "status": result.status,
            "reason": result.reason,
            "ticket": result.ticket.label if result.ticket else None,
        }
    )
