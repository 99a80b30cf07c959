"""The base class of every Mesa view: its authentication, error shape and schema tag."""

from django.utils import translation
from rest_framework.views import APIView

from api_mesa.authentication import MesaJWTAuthentication, OptionalMesaJWTAuthentication
from api_mesa.errors import mesa_exception_handler
from api_mesa.permissions import IsAgent
from api_mesa.schema import MesaAutoSchema

LANGUAGE = "es"


class MesaView(APIView):
    """Agent endpoints: bearer JWT of an ADMIN, MESA or AREA user."""

    authentication_classes = [MesaJWTAuthentication]
    permission_classes = [IsAgent]
    schema = MesaAutoSchema()

    def dispatch(self, request, *args, **kwargs):
        # One language per face: this one is Spanish, whatever Accept-Language says.
        with translation.override(LANGUAGE):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = LANGUAGE
        return response

    def get_exception_handler(self):
        # This face's own shape; the global DRF handler (and Spacebring's) stay untouched.
        return mesa_exception_handler


class PublicMesaView(MesaView):
    """Public endpoints: no token needed; a valid one names the actor."""

    authentication_classes = [OptionalMesaJWTAuthentication]
    permission_classes: list = []
