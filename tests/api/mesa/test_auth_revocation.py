"""Tokens end with the credentials they were issued for: a password change, a block or "log
out everywhere" refuses every earlier access and refresh token, and a refresh token works
once (simplejwt's blacklist)."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application, RefreshToken
from rest_framework.test import APIClient

from accounts.jwt import tokens_for
from api_mesa.authentication import MesaJWTAuthentication
from tests.api.mesa.conftest import bearer
from tests.conftest import PASSWORD

DASHBOARD = "/api/tickets/dashboard"
REFRESH = "/api/auth/refresh"


def refresh(token: str):
    return APIClient().post(REFRESH, {"refreshToken": token}, format="json")


def test_a_password_change_refuses_earlier_access_and_refresh_tokens(mesa_user):
    pair = tokens_for(mesa_user)
    assert bearer(APIClient(), pair["token"]).get(DASHBOARD).status_code == 200

    mesa_user.set_password("a-new-password-456")
    mesa_user.save()

    assert bearer(APIClient(), pair["token"]).get(DASHBOARD).status_code == 401
    refused = refresh(pair["refreshToken"])
    assert refused.status_code == 401
    assert refused.json() == {"message": "Token inválido o expirado"}
    fresh = tokens_for(mesa_user)
    assert bearer(APIClient(), fresh["token"]).get(DASHBOARD).status_code == 200


def test_a_refresh_token_works_once_and_rotates(mesa_user):
    pair = tokens_for(mesa_user)
    first = refresh(pair["refreshToken"])
    assert first.status_code == 200
    assert first.json()["refreshToken"] != pair["refreshToken"]

    again = refresh(pair["refreshToken"])
    assert again.status_code == 401
    assert again.json() == {"message": "Token inválido o expirado"}
    assert refresh(first.json()["refreshToken"]).status_code == 200  # the new one works


def test_a_block_refuses_earlier_tokens_even_after_unblocking(mesa_user):
    pair = tokens_for(mesa_user)
    mesa_user.is_active = False
    mesa_user.save()
    assert bearer(APIClient(), pair["token"]).get(DASHBOARD).status_code == 401
    mesa_user.is_active = True
    mesa_user.save()
    assert bearer(APIClient(), pair["token"]).get(DASHBOARD).status_code == 401
    refused = refresh(pair["refreshToken"])
    assert refused.status_code == 401
    assert refused.json() == {"message": "Token inválido o expirado"}


def test_log_out_everywhere_ends_tokens_sessions_and_oauth_tokens(mesa_user):
    pair = tokens_for(mesa_user)
    browser = Client()
    browser.force_login(mesa_user)
    assert browser.get("/portal/").status_code == 200
    app = Application.objects.create(
        name="app",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="https://example.org/cb",
    )
    access = AccessToken.objects.create(
        user=mesa_user,
        application=app,
        token="oauth-access",
        expires=timezone.now() + timedelta(hours=1),
        scope="support",
    )
    RefreshToken.objects.create(
        user=mesa_user, application=app, token="oauth-r", access_token=access
    )

    response = bearer(APIClient(), pair["token"]).post("/api/auth/logout-all")

    assert response.status_code == 200
    assert response.json() == {"message": "Sesiones cerradas en todos los dispositivos"}
    assert bearer(APIClient(), pair["token"]).get(DASHBOARD).status_code == 401
    assert refresh(pair["refreshToken"]).status_code == 401
    assert browser.get("/portal/").status_code == 302  # the portal session ended too
    assert not AccessToken.objects.filter(user=mesa_user).exists()
    assert RefreshToken.objects.get(token="oauth-r").revoked is not None


def test_portal_log_out_everywhere_button_ends_the_other_sessions(mesa_user):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert (
            client.post(
                "/accounts/login/", {"username": mesa_user.email, "password": PASSWORD}
            ).status_code
            == 302
        )
    pair = tokens_for(mesa_user)
    page = here.get("/portal/")
    assert b"/accounts/logout-everywhere/" in page.content

    assert here.post("/accounts/logout-everywhere/").status_code == 302

    assert elsewhere.get("/portal/").status_code == 302
    assert here.get("/portal/").status_code == 302
    assert bearer(APIClient(), pair["token"]).get(DASHBOARD).status_code == 401


def test_the_version_check_costs_no_extra_query(mesa_user, django_assert_num_queries):
    token = tokens_for(mesa_user)["token"]
    request = RequestFactory().get(DASHBOARD, HTTP_AUTHORIZATION=f"Bearer {token}")
    with django_assert_num_queries(1):  # the user row, which it loads anyway
        user, _ = MesaJWTAuthentication().authenticate(request)
    assert user == mesa_user


@pytest.mark.parametrize("logged_in", [True, False])
def test_logout_all_needs_a_valid_token(api, logged_in, mesa_user):
    if logged_in:
        bearer(api, "not-a-token")
    version = mesa_user.credentials_version
    response = api.post("/api/auth/logout-all")
    assert response.status_code == 401
    assert set(response.json()) == {"message"}
    mesa_user.refresh_from_db()
    assert mesa_user.credentials_version == version


def test_an_admin_can_log_a_user_out_everywhere_from_the_admin(admin_user, mesa_user):
    pair = tokens_for(mesa_user)
    admin = Client()
    admin.force_login(admin_user)
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "log_out_everywhere", "_selected_action": [str(mesa_user.pk)]},
    )
    assert response.status_code == 302
    refused = bearer(APIClient(), pair["token"]).get(DASHBOARD)
    assert refused.status_code == 401
    assert refused.json() == {"message": "Token inválido o expirado"}
