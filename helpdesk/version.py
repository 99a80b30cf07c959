"""The helpdesk's version: declared once, in ``pyproject.toml``."""

import re
from functools import cache
from importlib import metadata
from pathlib import Path


@cache
def version() -> str:
    """The installed distribution's version, or (in a checkout that was never installed)
    the one ``pyproject.toml`` declares."""
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.exists():  # a checkout: its own pyproject.toml is the truth
        match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(), re.MULTILINE)
        if match:
            return match.group(1)
    try:
        return metadata.version("helpdesk")
    except metadata.PackageNotFoundError:
        return "unknown"
