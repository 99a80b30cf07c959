"""The one way attachment bytes leave the server: streamed from storage after the caller's
view has asked ``tickets.selectors.attachment_for`` (the permission check).

``Content-Disposition: attachment`` always, except raster images asked for ``inline`` (the
thumbnails); the declared type is the sniffed one, ``nosniff`` and a CSP that allows
nothing (and sandboxes the document) keep a browser from running anything it receives.
"""

from django.http import FileResponse, Http404

from tickets.files.storage import attachment_storage

INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
CSP = "default-src 'none'; img-src 'self'; style-src 'none'; sandbox"


def attachment_response(row, *, inline: bool = False) -> FileResponse:
    try:
        handle = attachment_storage().open(row.path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    as_inline = inline and row.mime in INLINE_TYPES
    response = FileResponse(
        handle, as_attachment=not as_inline, filename=row.name, content_type=row.mime
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
