"""The OAuth2 token and revocation endpoints of django-oauth-toolkit, answering a refused
client in the scheme it used.

RFC 6749 §5.2: when a client authenticated with the ``Authorization`` header and is refused
(``invalid_client``), the 401 carries a ``WWW-Authenticate`` challenge *matching that
scheme*. oauthlib always answers ``Bearer``; a client that sent HTTP Basic (a Spacebring
integration with its client secret) gets ``Basic realm="oauth2"`` instead. Clients that put
their credentials in the body keep oauthlib's answer.
"""

from oauth2_provider import views as oauth2_views

REALM = "oauth2"


class ClientSchemeChallenge:
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        scheme = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0].lower()
        if response.status_code == 401 and scheme == "basic":
            response["WWW-Authenticate"] = (
                f'Basic realm="{REALM}", charset="UTF-8", error="invalid_client"'
            )
        return response


class TokenView(ClientSchemeChallenge, oauth2_views.TokenView):
    pass


class RevokeTokenView(ClientSchemeChallenge, oauth2_views.RevokeTokenView):
    pass
