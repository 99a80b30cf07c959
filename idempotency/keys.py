"""``Idempotency-Key`` on the creating endpoints of both API faces (an extension).

A client that sends ``Idempotency-Key: <1–255 visible ASCII characters>`` may retry the same
request (a timeout, a dropped connection) without creating twice:

- the same key from the same caller within 24 hours answers the first response again (same
  status, same body; header ``Idempotent-Replayed: true``) and creates nothing;
- the same key with a different request (body, method or path) is refused: 409 ``conflict``
  on the Spacebring face, 400 on the Mesa face, in each face's error shape;
- concurrent requests with one key create one thing: the key's row is inserted in the same
  transaction as the write, so a second request waits on the unique index until the first
  commits, then answers its stored response (or, if the first failed, runs itself).

Only successful (2xx) answers are kept; an error leaves the key unused. The caller is the
API client (Basic auth), else the user (token), else the client address (anonymous
``crear``). Without the header nothing changes. Expired keys are purged hourly
(``idempotency.tasks``).
"""

import hashlib
import json
import re
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.renderers import JSONRenderer

from core.net import client_ip
from idempotency.models import KEEP, IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")

# Spacebring face (translated) and Mesa face (literal Spanish, like its other messages).
SPACEBRING_INVALID = _("The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
SPACEBRING_REUSED = _("This Idempotency-Key was already used with a different request.")
MESA_INVALID = "La cabecera Idempotency-Key debe tener de 1 a 255 caracteres ASCII visibles"
MESA_REUSED = "La clave Idempotency-Key ya se usó con una solicitud distinta"


def schema_parameters(*, reused: str, success: int) -> list[OpenApiParameter]:
    """The request header and the replay response header as a face's served schema lists
    them; ``reused``: what a key reused with another request answers there."""
    key = OpenApiParameter(
        HEADER,
        type={"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]{1,255}$"},
        location=OpenApiParameter.HEADER,
        required=False,
        description="Our extension: retry safely. The same key from the same caller within "
        f"24 hours answers the first response again (header {REPLAYED_HEADER}: true) and "
        f"creates nothing; the same key with another request is {reused}; a malformed key "
        "a 400.",
    )
    replayed = OpenApiParameter(
        REPLAYED_HEADER,
        type=OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[success],
        description=f"`true` when this answer is the stored one of an earlier request with "
        f"the same {HEADER}.",
    )
    return [key, replayed]


def _refuse(request, *, reused: bool) -> JsonResponse:
    if request.path.startswith("/support/"):
        message = SPACEBRING_REUSED if reused else SPACEBRING_INVALID
        body = {"message": str(message), "type": "conflict" if reused else "validation"}
        return JsonResponse(body, status=409 if reused else 400)
    return JsonResponse({"message": MESA_REUSED if reused else MESA_INVALID}, status=400)


def _owner(request) -> str:
    api_client = getattr(getattr(request, "auth", None), "client", None)
    if api_client is not None:
        return f"client:{api_client.pk}"
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request) or 'unknown'}"


def _fingerprint(request) -> str:
    data = request.data
    if hasattr(data, "lists"):  # a form-encoded QueryDict
        data = sorted(data.lists())
    canonical = json.dumps(data, sort_keys=True, default=str, ensure_ascii=True)
    raw = f"{request.method} {request.path}\n{canonical}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _replay(record: IdempotencyKey, *, replayed: bool) -> HttpResponse:
    response = HttpResponse(record.body, status=record.status_code, content_type="application/json")
    if replayed:
        response[REPLAYED_HEADER] = "true"
    return response


def idempotent(handler):
    """Decorate a DRF view method (``post``) that creates something."""

    @wraps(handler)
    def wrapped(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        if not KEY_PATTERN.fullmatch(key):
            return _refuse(request, reused=False)
        owner, fingerprint, now = _owner(request), _fingerprint(request), timezone.now()
        with transaction.atomic():
            IdempotencyKey.objects.filter(owner=owner, key=key).expired(now).delete()
            try:
                with transaction.atomic():
                    # Waits here while another request holding this key is still running.
                    record = IdempotencyKey.objects.create(
                        owner=owner, key=key, fingerprint=fingerprint, created_at=now
                    )
            except IntegrityError:
                record = None
            if record is None:
                first = IdempotencyKey.objects.filter(
                    owner=owner, key=key, created_at__gte=now - KEEP
                ).first()
                if first is None:  # expired and purged meanwhile: a retry will run
                    return _refuse(request, reused=True)
                if first.fingerprint != fingerprint:
                    return _refuse(request, reused=True)
                return _replay(first, replayed=True)
            response = handler(view, request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                transaction.set_rollback(True)  # an error leaves the key unused
                return response
            record.status_code = response.status_code
            record.body = JSONRenderer().render(response.data).decode()
            record.save(update_fields=["status_code", "body"])
        return _replay(record, replayed=False)

    return wrapped
