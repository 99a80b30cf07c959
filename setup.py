"""Package list for setuptools (the rest of the metadata is in pyproject.toml).

Every Python package of the checkout except the tests and benchmarks, plus four data-only
packages that pyproject.toml maps onto the top-level ``templates/``, ``static/`` and
``locale/`` folders and onto ``docs/contracts/`` (the Spacebring contract the served OpenAPI
takes its components from).
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(exclude=["tests", "tests.*", "bench", "bench.*", "docs", "docs.*"])
    + ["helpdesk.templates", "helpdesk.static", "helpdesk.locale", "helpdesk.contracts"],
)
