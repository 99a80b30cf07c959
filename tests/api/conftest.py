"""Tests that walk both faces at once (tests/api/test_*.py) use each face's fixtures."""

from tests.api.mesa.conftest import api, client_as, paused_ticket  # noqa: F401
from tests.api.spacebring.conftest import admin_api, api_as, application, issue_client  # noqa: F401
