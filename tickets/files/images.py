"""Image dimensions read with Pillow from the header only: nothing is decoded, so a
40,000 × 40,000 PNG of a few kilobytes costs no memory. Anything over
``HELPDESK_ATTACHMENT_MAX_PIXELS`` (Pillow's decompression-bomb limit) is refused."""

import warnings

from django.conf import settings
from PIL import Image, UnidentifiedImageError

_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}


class BadImage(Exception):
    """``reason``: too_large (pixels) or invalid."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def dimensions(fileobj, mime: str) -> tuple[int, int]:
    limit = settings.HELPDESK_ATTACHMENT_MAX_PIXELS
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj, formats=[_FORMATS[mime]]) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage("too_large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, KeyError):
        raise BadImage("invalid") from None
    finally:
        fileobj.seek(0)
    if width <= 0 or height <= 0:
        raise BadImage("invalid")
    if width * height > limit:
        raise BadImage("too_large")
    return width, height
