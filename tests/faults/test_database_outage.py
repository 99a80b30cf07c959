"""PostgreSQL unreachable (a real server process pointed at a port nothing listens on): each
face answers 503 in its own shape with ``Retry-After``, the OAuth2 token endpoint included
(JSON, not an HTML page)."""

import requests

from tests.servers import free_port, gunicorn


def test_every_face_answers_503_with_retry_after_when_the_database_is_unreachable():
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/nowhere"
    with gunicorn({"DATABASE_URL": nowhere, "REDIS_URL": ""}) as base:
        tokens = [
            requests.post(
                base + path,
                data={"grant_type": "authorization_code", "code": "x", "client_id": "y"},
                timeout=10,
            )
            for path in ("/oauth2/token/", "/oauth2/token")  # the contract's path has no slash
        ]
        mesa = requests.post(
            base + "/api/tickets/consultar",
            json={"label": "TKT-1", "email": "laura@example.com"},
            timeout=10,
        )
        spacebring = requests.get(
            base + "/support/tickets/v1", headers={"Authorization": "Basic eDp5"}, timeout=10
        )
        page = requests.get(base + "/crear/", timeout=10)  # the form reads priorities

    for token in tokens:
        assert token.status_code == 503
        assert token.headers["Content-Type"] == "application/json"
        assert token.json()["error"] == "temporarily_unavailable"
        assert token.headers["Retry-After"] == "30"
    assert mesa.status_code == 503 and set(mesa.json()) == {"message"}
    assert mesa.headers["Retry-After"] == "30"
    assert spacebring.status_code == 503 and spacebring.json()["type"] == "unavailable"
    assert spacebring.headers["Retry-After"] == "30"
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
