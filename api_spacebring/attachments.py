"""Attachments on the Spacebring face (our extension, marked ``x-extension``).

- ``POST /support/tickets/v1/attachments`` (multipart, one ``file``) stores an upload and
  answers 201 ``{"attachment": <the contract's attachment object>}``; a create
  (``ticket.attachments``) or a comment (``comment.attachments``) then names its ``key``.
- ``GET /support/tickets/v1/attachments/{key}`` streams the file to a caller who may view
  its ticket (``ticket_for(VIEW)`` inside the caller's network), or to its uploader
  before it is referenced. This is the object's ``url``.

Too large → 413 ``tooLarge``; a refused type → 415 ``unsupportedMediaType``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from api_spacebring import schema
from api_spacebring.attachment_objects import attachment_object
from api_spacebring.views import SpacebringView
from tickets import selectors, services
from tickets.errors import ValidationFailed
from tickets.selectors.files import attachment_response

ATTACHMENT = inline_serializer(
    "SupportAttachment",
    {
        "key": serializers.CharField(),
        "mime": serializers.CharField(),
        "name": serializers.CharField(),
        "size": serializers.IntegerField(),
        "url": serializers.CharField(),
        "height": serializers.IntegerField(required=False),
        "width": serializers.IntegerField(required=False),
    },
)
UPLOAD = inline_serializer("SupportAttachmentUpload", {"file": serializers.FileField()})


def _errors(*codes: int) -> dict:
    """Documented errors of a download: any ``Accept`` is served (no 406)."""
    return {
        code: OpenApiResponse(schema.ErrorSerializer, description=schema.ERROR_DESCRIPTIONS[code])
        for code in codes
    }


class AttachmentsView(SpacebringView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="createSupportAttachment",
        tags=[schema.TAG],
        summary="Upload an attachment (extension)",
        description="Our extension: multipart/form-data with one `file`. Reference the "
        "returned `key` from a create (`ticket.attachments`) or a comment "
        "(`comment.attachments`) within HELPDESK_ATTACHMENT_PENDING_HOURS. Required "
        "scopes: support.",
        request={"multipart/form-data": UPLOAD},
        parameters=[schema.NETWORK_PARAMETER],
        responses={
            201: inline_serializer("SupportAttachmentCreated", {"attachment": ATTACHMENT}),
            **schema.errors(400, 401, 403, 413, 415, 429),
        },
        extensions=schema.EXTENSION,
    )
    def post(self, request):
        files = request.FILES.getlist("file")
        if len(files) != 1:
            raise ValidationFailed.for_field("file", _("Send exactly one file."))
        row = services.attachment_upload(
            actor=request.user, upload=files[0], network=request.auth.network
        )
        return Response({"attachment": attachment_object(row)}, status=status.HTTP_201_CREATED)


class AttachmentDownloadView(SpacebringView):
    def perform_content_negotiation(self, request, force=False):
        # A download answers whatever the client accepts; errors are still JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="getSupportAttachment",
        tags=[schema.TAG],
        summary="Download an attachment (extension)",
        description="Our extension: the file, as `Content-Disposition: attachment`. "
        "Required scopes: support or support.readonly.",
        parameters=[schema.NETWORK_PARAMETER],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file."),
            **_errors(400, 401, 403, 404, 405, 429, 503),
        },
        extensions=schema.EXTENSION,
    )
    def get(self, request, key):
        row = selectors.attachment_for(request.user, key, queryset=self.network_tickets())
        return attachment_response(row)
