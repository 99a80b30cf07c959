"""POST /api/auth/login: a JWT with the user's claims, or 401 "Credenciales inválidas"."""

from datetime import timedelta

import pytest
from rest_framework_simplejwt.tokens import AccessToken

from tests.api.mesa.conftest import bearer
from tests.conftest import PASSWORD

LOGIN = "/api/auth/login"


def test_login_returns_token_and_usuario_with_claims(api, area_a_user):
    response = api.post(LOGIN, {"email": area_a_user.email, "password": PASSWORD}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["usuario"] == {
        "id": str(area_a_user.pk),
        "nombre": "Tec Test",
        "email": "tec@example.com",
        "rol": "AREA",
        "area": "TECNOLOGIA",
    }
    token = AccessToken(body["token"])
    assert {k: token[k] for k in ("id", "nombre", "email", "rol", "area")} == body["usuario"]
    assert token["exp"] - token["iat"] == int(timedelta(hours=8).total_seconds())
    assert body["refreshToken"]


def test_login_email_is_case_insensitive(api, mesa_user):
    response = api.post(LOGIN, {"email": "MESA@Example.com", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["usuario"]["id"] == str(mesa_user.pk)
    assert AccessToken(body["token"])["id"] == str(mesa_user.pk)


@pytest.mark.parametrize(
    "body",
    [
        {"email": "mesa@example.com", "password": "wrong-password"},
        {"email": "nobody@example.com", "password": PASSWORD},
    ],
)
def test_wrong_credentials_are_401(api, mesa_user, body):
    response = api.post(LOGIN, body, format="json")

    assert response.status_code == 401
    assert response.json() == {"message": "Credenciales inválidas"}


def test_inactive_user_cannot_log_in(api, mesa_user):
    mesa_user.is_active = False
    mesa_user.save()

    response = api.post(LOGIN, {"email": mesa_user.email, "password": PASSWORD}, format="json")

    assert response.status_code == 401
    assert response.json() == {"message": "Credenciales inválidas"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "email"),
        ({"email": "mesa@example.com"}, "password"),
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
    ],
)
def test_missing_or_bad_field_is_400_naming_it(api, mesa_user, body, field):
    response = api.post(LOGIN, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_token_of_user_deactivated_later_is_refused(api, mesa_user):
    token = api.post(LOGIN, {"email": mesa_user.email, "password": PASSWORD}, format="json").json()[
        "token"
    ]
    mesa_user.is_active = False
    mesa_user.save()

    response = bearer(api, token).get("/api/tickets/dashboard")

    assert response.status_code == 401
    assert response.json() == {"message": "Token inválido o expirado"}


def test_requests_with_a_token_never_hash_passwords(api, mesa_user):
    token = api.post(LOGIN, {"email": mesa_user.email, "password": PASSWORD}, format="json").json()[
        "token"
    ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "django.contrib.auth.base_user.AbstractBaseUser.check_password",
            lambda *a, **k: pytest.fail("password checked on a token request"),
        )
        response = bearer(api, token).get("/api/tickets/dashboard")

    assert response.status_code == 200


def test_login_is_throttled_per_client(api, mesa_user, monkeypatch):
    from api_mesa.throttles import LoginThrottle

    monkeypatch.setattr(LoginThrottle, "THROTTLE_RATES", {"mesa_login": "2/min"})
    body = {"email": mesa_user.email, "password": "wrong"}

    codes = [api.post(LOGIN, body, format="json").status_code for _ in range(3)]

    assert codes == [401, 401, 429]
    response = api.post(LOGIN, body, format="json")
    assert set(response.json()) == {"message"}
    assert response["Retry-After"]


def test_forged_forwarded_for_does_not_escape_the_throttle(api, mesa_user, monkeypatch):
    from api_mesa.throttles import LoginThrottle

    monkeypatch.setattr(LoginThrottle, "THROTTLE_RATES", {"mesa_login": "1/min"})
    body = {"email": mesa_user.email, "password": "wrong"}

    first = api.post(LOGIN, body, format="json", HTTP_X_FORWARDED_FOR="10.0.0.1")
    second = api.post(LOGIN, body, format="json", HTTP_X_FORWARDED_FOR="10.0.0.2")

    assert (first.status_code, second.status_code) == (401, 429)
    assert "token" not in second.json() and second["Retry-After"]
