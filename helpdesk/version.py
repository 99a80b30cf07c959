"""The desk's version: ``version`` in ``pyproject.toml`` is the one place it is written.

Read from the installed distribution's metadata (``pip install``); in a checkout that was
never installed, from ``pyproject.toml`` itself. Shown in the admin footer and by /readyz.
"""

import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "helpdesk"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@cache
def get_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return version_from_pyproject(PYPROJECT)


def version_from_pyproject(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
