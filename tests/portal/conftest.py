"""Fixtures for the portal and requester page tests: logged-in clients per role."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD

ROLES = ["admin", "mesa", "area_own", "area_other", "usuario"]
AGENT_ROLES = ["admin", "mesa", "area_own"]


@pytest.fixture
def client_for(users):
    """``client_for("mesa")`` -> a test client logged in as that role ('anon' -> none)."""

    def make(role: str, **kwargs) -> Client:
        client = Client(**kwargs)
        if role != "anon":
            assert client.login(username=users[role].email, password=PASSWORD)
        return client

    return make


@pytest.fixture
def xss_ticket(make_ticket):
    return make_ticket(
        subject='<script>alert("s")</script>',
        description='"><img src=x onerror=alert(1)> <script>alert("d")</script>',
        requester_name="<b>Mallory</b>",
    )
