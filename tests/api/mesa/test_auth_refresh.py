"""POST /api/auth/refresh: a new pair from a refresh token, re-reading the user."""

from rest_framework_simplejwt.tokens import AccessToken

from accounts.jwt import tokens_for

REFRESH = "/api/auth/refresh"


def test_refresh_issues_a_new_pair_with_current_claims(api, area_a_user, area_b):
    refresh = tokens_for(area_a_user)["refreshToken"]
    area_a_user.area = area_b
    area_a_user.save()

    response = api.post(REFRESH, {"refreshToken": refresh}, format="json")

    assert response.status_code == 200
    assert AccessToken(response.json()["token"])["area"] == "MANTENIMIENTO"


def test_access_token_is_not_a_refresh_token(api, mesa_user):
    access = tokens_for(mesa_user)["token"]

    response = api.post(REFRESH, {"refreshToken": access}, format="json")

    assert response.status_code == 401
    assert response.json() == {"message": "Token inválido o expirado"}


def test_refresh_of_deactivated_user_is_refused(api, mesa_user):
    refresh = tokens_for(mesa_user)["refreshToken"]
    mesa_user.is_active = False
    mesa_user.save()

    response = api.post(REFRESH, {"refreshToken": refresh}, format="json")

    assert response.status_code == 401
    assert set(response.json()) == {"message"}


def test_refresh_without_token_is_400(api):
    response = api.post(REFRESH, {}, format="json")

    assert response.status_code == 400
    assert "refreshToken" in response.json()["errors"]
