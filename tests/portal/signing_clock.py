"""Signed links carry their signing time (in seconds): two links made a second apart
differ. Tests that compare links byte for byte freeze the signing clock with this fixture
(``from tests.portal.signing_clock import frozen_signing_clock  # noqa: F401``)."""

import time
from unittest import mock

import pytest


@pytest.fixture(autouse=True)
def frozen_signing_clock():
    with mock.patch("django.core.signing.time.time", return_value=time.time()):
        yield
