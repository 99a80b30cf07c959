"""The Mesa ``consultar`` limit (30/min per address) holds under 100 parallel requests: the
counter is one atomic increment, not a read-then-write of a list every request races on."""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from core.cache import redis_cache_config

N = 100
LIMIT = 30  # REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["mesa_consultar"]


def _redis_cache():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL: the shared counter of several app servers")
    return redis_cache_config(
        url,
        prefix=f"throttle-test-{uuid.uuid4().hex}",
        connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
        timeout=settings.REDIS_SOCKET_TIMEOUT,
    )


@pytest.mark.parametrize("where", ["configured", "redis"])
@pytest.mark.django_db(transaction=True)
def test_consultar_limit_holds_under_one_hundred_parallel_requests(where):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["mesa_consultar"] == "30/min"
    caches = {"default": _redis_cache()} if where == "redis" else settings.CACHES
    barrier = Barrier(N)

    def lookup(_: int) -> int:
        client = APIClient()
        barrier.wait(timeout=30)
        # An empty body: the throttle counts it before the body is read (400 or 429).
        response = client.post("/api/tickets/consultar", {}, format="json", REMOTE_ADDR="192.0.2.8")
        return response.status_code

    with override_settings(CACHES=caches), ThreadPoolExecutor(max_workers=N) as pool:
        codes = list(pool.map(lookup, range(N)))

    assert codes.count(429) == N - LIMIT, sorted(set(codes))
    assert codes.count(400) == LIMIT
