"""One refresh token sent by eight parallel requests is exchanged once: the blacklist entry
is inserted in the transaction that issues the new pair (PostgreSQL)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from accounts.jwt import tokens_for

N = 8

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_parallel_uses_of_one_refresh_token_get_one_new_pair(mesa_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    token = tokens_for(mesa_user)["refreshToken"]
    barrier = Barrier(N)

    def use(i: int) -> int:
        try:
            client = APIClient()
            barrier.wait(timeout=30)
            body = {"refreshToken": token}
            return client.post(
                "/api/auth/refresh", body, format="json", REMOTE_ADDR=f"192.0.2.{i + 1}"
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=N) as pool:
        codes = sorted(pool.map(use, range(N)))

    assert codes == [200] + [401] * (N - 1)
