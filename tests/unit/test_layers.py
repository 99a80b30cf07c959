"""The layers are checked by import-linter (`.importlinter`, run by `make lint` and so by
`make test`). These tests keep the contracts themselves honest: every module of `tickets` is
either its public surface or guarded, and the contracts name every app."""

import configparser
import pkgutil
from pathlib import Path

from django.conf import settings

import tickets

CONFIG = Path(settings.BASE_DIR) / ".importlinter"

# What other apps may import from `tickets` (issue 29).
PUBLIC = {"models", "workflow", "access", "services", "selectors", "events", "errors"}

SHELL = "helpdesk"
WAYS_IN = ["api_spacebring", "api_mesa", "portal", "requester"]
FEATURES = ["mail", "webhooks", "notifications", "surveys", "reports"]
APPS = [SHELL, *WAYS_IN, *FEATURES, "tickets", "accounts", "idempotency"]


def _config() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONFIG, encoding="utf-8")
    return parser


def _lines(section: str, key: str) -> list[str]:
    return [line.strip() for line in _config()[section][key].splitlines() if line.strip()]


def _tickets_modules() -> set[str]:
    return {info.name for info in pkgutil.iter_modules(tickets.__path__)}


def test_every_tickets_module_is_public_or_guarded():
    guarded = {
        name.removeprefix("tickets.")
        for name in _lines("importlinter:contract:tickets-private", "protected_modules")
    }
    unguarded = _tickets_modules() - PUBLIC - guarded
    assert not unguarded, (
        f"tickets.{sorted(unguarded)} is neither public nor listed in the tickets-private "
        "contract of .importlinter: list it there, or reach it through the public surface"
    )
    assert guarded <= _tickets_modules(), "a guarded module no longer exists: drop its line"
    assert not guarded & PUBLIC



def test_only_tickets_itself_imports_its_private_modules():
    assert _lines("importlinter:contract:tickets-private", "allowed_importers") == ["tickets"]
    assert _config()["importlinter:contract:tickets-private"]["type"] == "protected"


def test_the_layers_point_down():
    assert _lines("importlinter:contract:layers", "layers") == [
        SHELL,
        " | ".join(WAYS_IN),  # `|`: independent, the ways in never import each other
        " : ".join(FEATURES),
        "tickets",
        "accounts : idempotency",
        "core",
    ]
    assert sorted(_lines("importlinter", "root_packages")) == sorted([*APPS, "core"])


def test_core_imports_no_app():
    contract = "importlinter:contract:core"
    assert _config()[contract]["type"] == "forbidden"
    assert _lines(contract, "source_modules") == ["core"]
    assert sorted(_lines(contract, "forbidden_modules")) == sorted(APPS)


def test_private_modules_stay_inside_their_package():
    assert _config()["importlinter:contract:private-modules"]["type"] == "private_modules"
