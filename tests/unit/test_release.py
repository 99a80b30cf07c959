"""Release files: the license, a changelog entry for the declared version, one version."""

import tomllib
from pathlib import Path

from django.conf import settings

from helpdesk.version import version

ROOT = Path(settings.BASE_DIR)


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_license_is_bsd_3_clause_and_declared_in_the_package():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("BSD 3-Clause License")
    assert "Neither the name of the copyright holder" in text
    assert _pyproject()["license"] == "BSD-3-Clause"


def test_the_changelog_has_an_entry_for_the_declared_version():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "keepachangelog.com" in changelog and "## [Unreleased]" in changelog
    assert f"## [{_pyproject()['version']}] - " in changelog


def test_the_version_shown_is_the_one_pyproject_declares():
    assert version() == _pyproject()["version"]
