"""CPU per request of the four hot API reads and the floor, in-process (Django test client)
against a database loaded by ``bench/scale.py``: the before/after measure of issue 10's
"cheaper requests" that machine load disturbs least (process CPU time, not wall time).

Run: ``nice .venv/bin/python bench/hot_reads.py [names…]`` with ``BENCH_DATABASE_URL``
(default ``postgres://postgres@127.0.0.1:5432/hd_i10_bench_1000000``); prints ms wall and
ms CPU per request (mean of ``BENCH_N``, default 30).
"""

import base64
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hd_i10_bench_1000000"
)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "0123456789abcdef" * 3)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from accounts import api_clients  # noqa: E402
from accounts.models import ApiClient, Membership, User  # noqa: E402
from tickets.models import Ticket  # noqa: E402

settings.ALLOWED_HOSTS.append("testserver")


def clients():
    admin = User.objects.get(email="admin@helpdesk.local")
    membership = Membership.objects.filter(user=admin).select_related("location").first()
    ApiClient.objects.filter(name="bench-hot-reads").delete()
    client, secret = api_clients.issue(
        name="bench-hot-reads", network=membership.location.network, membership=membership,
        scopes="support",
    )  # fmt: skip
    basic = "Basic " + base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    network = str(membership.location.network_id)
    spacebring = Client(HTTP_AUTHORIZATION=basic, HTTP_SPACEBRING_NETWORK_ID=network)
    anon = Client()
    login = {"email": "mesa@helpdesk.local", "password": "mesa12345"}
    token = anon.post("/api/auth/login", json.dumps(login), content_type="application/json")
    mesa = Client(HTTP_AUTHORIZATION="Bearer " + token.json()["token"])
    return spacebring, mesa, anon


def main():
    spacebring, mesa, anon = clients()
    tid = Ticket.objects.get(label="BEN-0000001").pk
    targets = {
        "spacebring_list": (spacebring, "/support/tickets/v1?limit=100"),
        "spacebring_detail": (spacebring, f"/support/tickets/v1/{tid}"),
        "mesa_list": (mesa, "/api/tickets/dashboard?limit=100"),
        "mesa_detail": (mesa, f"/api/tickets/{tid}"),
        "floor": (anon, f"/bench/floor/{tid}"),
    }
    n = int(os.environ.get("BENCH_N", "30"))
    for name in sys.argv[1:] or list(targets):
        client, path = targets[name]
        assert client.get(path).status_code == 200, name
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            client.get(path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{name}: {wall / n * 1000:.1f} ms wall, {cpu / n * 1000:.1f} ms CPU")


if __name__ == "__main__":
    main()
