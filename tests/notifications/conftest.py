import pytest

from accounts.models import Role
from tests.conftest import _user
from tests.portal.conftest import client_for  # noqa: F401 - logged-in clients per role


@pytest.fixture
def area_b_second(location, area_b):
    """A second AREA agent of area B, so "every agent of the area" means more than one."""
    return _user("mant2@example.com", Role.AREA, area_b, location, "manager")


@pytest.fixture
def area_a_second(location, area_a):
    return _user("tec2@example.com", Role.AREA, area_a, location, "manager")
