"""The JSON parser of both API faces: DRF's, hardened against hostile bodies.

- a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused (413) before it is read whole;
- nesting deep enough to exhaust Python's recursion (``[[[[…]]]]`` of a few KB) is a parse
  error (400), not a ``RecursionError`` (500);
- a string holding a lone surrogate (``"\ud800"``: valid JSON, but no UTF-8 text) is a parse
  error (400): it could be neither stored nor quoted back in an error message.
"""

import codecs
import json

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "too_large"
    spacebring_type = "tooLarge"


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise RequestTooLarge()
        try:
            text = codecs.decode(raw, encoding)
            data = json.loads(text, parse_constant=self._reject_constant)
            if "\\u" in text:  # only an escape can bring a surrogate in
                json.dumps(data, ensure_ascii=False).encode("utf-8")
            return data
        except UnicodeEncodeError:
            raise exceptions.ParseError(
                "JSON parse error - a string holds a lone surrogate."
            ) from None
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from None
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None

    @staticmethod
    def _reject_constant(name: str):
        raise ValueError(f"{name} is not valid JSON")
