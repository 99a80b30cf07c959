"""Anything under ``/api/`` that no route matched: a JSON 404, never Django's HTML page."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound

from api_mesa.views.base import PublicMesaView


@extend_schema(exclude=True)
class NotFoundView(PublicMesaView):
    authentication_classes: list = []

    def _not_found(self, request, *args, **kwargs):
        raise NotFound()

    get = post = put = patch = delete = options = head = _not_found
