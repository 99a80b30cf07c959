"""Imports point down: the domain app never imports the apps that react to it."""

import ast
from pathlib import Path

from django.conf import settings

TICKETS = Path(settings.BASE_DIR) / "tickets"


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_tickets_never_imports_the_mail_app():
    offenders = [
        str(path.relative_to(TICKETS))
        for path in TICKETS.rglob("*.py")
        if any(m == "mail" or m.startswith("mail.") for m in _imported_modules(path))
    ]
    assert offenders == []
