"""Cost per request of HTTP Basic with an API client on the Spacebring face.

Runs against a throw-away SQLite database: N list calls through the Django test client
(full request: auth, scopes, throttle, one small page) and N calls of the authentication
class alone. Prints ms/request and writes the "Spacebring Basic auth" section of
bench/RESULTS.md. Not a test; run: ``.venv/bin/python bench/bench_auth.py [N]``.
"""

import base64
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.test")

import django  # noqa: E402

from bench.results import write_section  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from rest_framework.test import APIRequestFactory  # noqa: E402

SECTION = "Spacebring Basic auth"


def setup():
    from accounts import api_clients
    from accounts.models import Area, Location, Membership, Network, Role, User
    from tickets import services
    from tickets.models import Priority

    call_command("migrate", verbosity=0)
    Area.objects.create(code="MESA", name="Mesa")
    Priority.objects.create(name="MEDIA", order=3, sla_hours=24)
    network = Network.objects.create(name="Bench")
    location = Location.objects.create(network=network, name="HQ", label_prefix="BEN")
    user = User.objects.create_user("bench@example.com", "x", role=Role.ADMIN)
    membership = Membership.objects.create(user=user, location=location)
    for _ in range(5):
        services.ticket_create(
            actor=user, description="Bench", requester=user, location=location, priority="MEDIA"
        )
    client, secret = api_clients.issue(
        name="bench", network=network, membership=membership, scopes="support"
    )
    return "Basic " + base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()


def timed(n: int, call) -> float:
    call()  # warm up (and record last_used_at once)
    start = time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - start) * 1000 / n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    header = setup()
    from api_spacebring.authentication import ApiClientBasicAuthentication
    from api_spacebring.views import TicketsView

    with override_settings(SPACEBRING_API_RATE="1000000/min"):
        browser = Client()
        full = timed(n, lambda: browser.get("/support/tickets/v1", HTTP_AUTHORIZATION=header))
        factory = APIRequestFactory()
        auth = ApiClientBasicAuthentication()
        view = TicketsView()

        def authenticate_only():
            request = view.initialize_request(factory.get("/", HTTP_AUTHORIZATION=header))
            assert auth.authenticate(request) is not None

        alone = timed(n, authenticate_only)
    text = (
        f"SQLite, {n} calls each, Python {sys.version.split()[0]}, "
        f"Django {django.get_version()}.\n\n"
        "| measure | ms/request |\n|---|---|\n"
        f"| `GET /support/tickets/v1` (5 tickets), full request | {full:.3f} |\n"
        f"| `ApiClientBasicAuthentication.authenticate` alone | {alone:.3f} |\n\n"
        "Auth is one indexed SELECT (client + membership + user + network) and one SHA-256; "
        "no password hasher, and `last_used_at` is written at most once a minute."
    )
    print(text)
    write_section(SECTION, text)
    assert settings.DATABASES["default"]["NAME"] == str(DB)


if __name__ == "__main__":
    main()
