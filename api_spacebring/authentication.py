"""Who is calling the Spacebring face, and for which network.

Both classes put a ``Caller`` in ``request.auth``: the network the call is about, the
scopes granted, and the API client when there is one.

* ``ApiClientBasicAuthentication`` — HTTP Basic with an API client's id and secret
  (``accounts.api_clients``); the network is the client's, the user its membership's.
* ``BearerNetworkAuthentication`` — an OAuth2 access token (django-oauth-toolkit) plus the
  ``spacebring-network-id`` header: missing → 400, unknown or a network where the user has
  no membership → 403. A bearer token that is invalid, expired, revoked or
  names no user → 401 "Invalid or expired token." with
  ``WWW-Authenticate: Bearer realm="support", error="invalid_token"`` (RFC 6750 §3.1).

With either scheme a ``spacebring-network-id`` that is sent must be a UUID (its
``format: uuid``): empty or malformed → 400.

A call with no credentials gets both challenges (``authenticate_header``).
"""

import base64
import binascii
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts import api_clients
from accounts.models import ApiClient, Membership, Network

NETWORK_HEADER = "spacebring-network-id"
NETWORK_META = "HTTP_SPACEBRING_NETWORK_ID"


@dataclass(frozen=True)
class Caller:
    network: Network
    scopes: frozenset[str]
    client: ApiClient | None = None


class NetworkHeaderMissing(exceptions.APIException):
    status_code = 400
    default_detail = _("The spacebring-network-id header is required with a bearer token.")
    default_code = "validation"
    spacebring_type = "validation"


class NetworkHeaderInvalid(NetworkHeaderMissing):
    default_detail = _("spacebring-network-id: must be a valid UUID.")


def network_header(request) -> uuid.UUID | None:
    """The ``spacebring-network-id`` sent (``None`` when absent); sent but not a UUID, an
    empty value included → 400."""
    raw = request.META.get(NETWORK_META)
    if raw is None:
        return None
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise NetworkHeaderInvalid() from None


REALM = "support"
BEARER_REJECTED = "_spacebring_bearer_rejected"


class InvalidBearerToken(exceptions.AuthenticationFailed):
    default_detail = _("Invalid or expired token.")
    default_code = "invalid_token"


def authenticate_header(request) -> str:
    """The ``WWW-Authenticate`` of a 401: the bearer error when a bearer token was refused,
    else both schemes this face accepts."""
    if getattr(request, BEARER_REJECTED, False):
        return f'Bearer realm="{REALM}", error="invalid_token"'
    return f'Basic realm="{REALM}", Bearer realm="{REALM}"'


def _is_bearer(request) -> bool:
    parts = get_authorization_header(request).split()
    return bool(parts) and parts[0].lower() == b"bearer"


class ApiClientBasicAuthentication(BaseAuthentication):
    """``Authorization: Basic base64(client_id:secret)``."""

    www_authenticate_realm = REALM

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"basic":
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid basic header."))
        try:
            decoded = base64.b64decode(parts[1], validate=True).decode("utf-8")
            client_id, secret = decoded.split(":", 1)
            if "\x00" in decoded:  # no stored id holds one; PostgreSQL refuses it outright
                raise ValueError("NUL in credentials")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise exceptions.AuthenticationFailed(_("Invalid basic header.")) from None
        client = api_clients.authenticate(client_id, secret)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid client id or secret."))
        header = network_header(request)
        if header is not None and header != client.network_id:
            raise exceptions.PermissionDenied(_("The client does not belong to that network."))
        caller = Caller(network=client.network, scopes=client.scope_set, client=client)
        return client.membership.user, caller

    def authenticate_header(self, request):
        return f'Basic realm="{self.www_authenticate_realm}"'


class BearerNetworkAuthentication(OAuth2Authentication):
    """``Authorization: Bearer <token>`` plus ``spacebring-network-id``."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            if _is_bearer(request):  # a bearer token was sent, and it is no good
                self._reject(request)
            return None
        user, token = result
        if user is None or not user.is_active:  # client-credentials tokens carry no user
            self._reject(request)
        network = self._network(request, user)
        return user, Caller(network=network, scopes=frozenset(token.scope.split()))

    @staticmethod
    def _reject(request):
        setattr(request, BEARER_REJECTED, True)
        raise InvalidBearerToken()

    def authenticate_header(self, request):
        return authenticate_header(request)

    def _network(self, request, user) -> Network:
        network_id = network_header(request)
        if network_id is None:
            raise NetworkHeaderMissing()
        network = Network.objects.filter(pk=network_id).first()
        if network is None:
            raise exceptions.PermissionDenied(_("Unknown network."))
        if not Membership.objects.filter(user=user, location__network=network).exists():
            raise exceptions.PermissionDenied(_("You are not a member of that network."))
        return network
