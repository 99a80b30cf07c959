"""The settings package: one module per concern, each setting defined once, each environment
variable read once (through ``core.env``), the beat schedule built in one place, and every
variable in the table of docs/operations.md."""

import ast
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

import helpdesk.settings as composed
from helpdesk.settings import concerns, settings_of

PACKAGE = Path(composed.__file__).resolve().parent
PRODUCTION = sorted(p for p in PACKAGE.glob("*.py") if p.name != "test.py")
OPERATIONS = Path(settings.BASE_DIR) / "docs" / "operations.md"
ENV_HELPERS = {"env", "env_bool", "env_int", "env_float", "env_list"}

BEAT_ENTRIES = {
    "tickets-sla-alerts": ("tickets.sla_alerts", 60.0),
    "tickets-autoclose-solved": ("tickets.tasks.autoclose_solved_tickets", 3600.0),
    "attachments-sweep": ("tickets.tasks.attachments_sweep", 3600.0),
    "webhooks-retry-due": ("webhooks.retry_due", 60.0),
    "mail-sweep-outbox": ("mail.sweep_outbox", 60.0),
    "mail-poll-imap": ("mail.poll_imap", 60.0),
    "idempotency-purge": ("idempotency.purge_expired_keys", 3600.0),
    "credentials-purge": ("accounts.purge_expired_credentials", 86400.0),
    "notification-digests": ("notifications.tasks.send_pending_digests", 60.0),
}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _env_reads(path: Path) -> list[str]:
    """Names of the variables a module reads: the first argument of each ``core.env`` call."""
    return [
        node.args[0].value
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ENV_HELPERS
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def _all_env_reads() -> list[str]:
    return [name for path in PRODUCTION for name in _env_reads(path)]


def test_the_settings_are_a_package_of_one_module_per_concern_each_short():
    assert {p.name for p in PACKAGE.glob("*.py")} == {
        "__init__.py",
        "base.py",
        "security.py",
        "api.py",
        "mail.py",
        "files.py",
        "desk.py",
        "tasks.py",
        "test.py",
    }
    long = {p.name: n for p in PACKAGE.glob("*.py") if (n := len(p.read_text().splitlines())) > 200}
    assert long == {}


def test_each_environment_variable_is_read_once_through_core_env():
    reads = _all_env_reads()
    assert len(reads) > 80  # the walk found the reads
    assert [name for name, n in Counter(reads).items() if n > 1] == []
    for path in PACKAGE.glob("*.py"):
        text = path.read_text()
        assert "os.environ" not in text and "getenv" not in text, path.name
    # Only the helpers read; nobody calls them with a computed name.
    for path in PRODUCTION:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ENV_HELPERS:
                assert node.args and isinstance(node.args[0], ast.Constant), path.name


def _assigned(path: Path) -> list[str]:
    """Upper-case names a module assigns (imports excluded)."""
    names = []
    for node in ast.walk(_tree(path)):
        targets = node.targets if isinstance(node, ast.Assign) else []
        targets += [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()]
    return names


def test_each_setting_is_defined_in_one_module_and_composed():
    defined = Counter(name for path in PRODUCTION for name in set(_assigned(path)))
    assert [name for name, n in defined.items() if n > 1] == []
    assert set(defined) == {n for m in concerns for n in settings_of(m)}
    for module in concerns:
        for name, value in settings_of(module).items():
            assert getattr(composed, name) is value, name


def test_the_beat_schedule_is_built_in_one_place_with_every_entry():
    schedule = composed.CELERY_BEAT_SCHEDULE
    assert {key: (e["task"], e["schedule"]) for key, e in schedule.items()} == BEAT_ENTRIES
    # Built in tasks.py and patched nowhere else.
    mentions = {p.name for p in PACKAGE.glob("*.py") if "CELERY_BEAT_SCHEDULE" in p.read_text()} - {
        "test.py"
    }
    assert mentions == {"tasks.py"}
    assert "CELERY_BEAT_SCHEDULE[" not in (PACKAGE / "tasks.py").read_text()
    assert schedule == settings.CELERY_BEAT_SCHEDULE  # the test settings keep it


def test_the_production_settings_never_ask_whether_the_test_settings_are_loaded():
    for path in PRODUCTION:
        text = path.read_text()
        assert "settings.test" not in text and "settings_test" not in text, path.name
    assert composed.HELPDESK_REFUSE_UNSAFE_START is True
    assert settings.HELPDESK_REFUSE_UNSAFE_START is False  # said by the test settings


def _documented() -> set[str]:
    """Variable names in the first column of docs/operations.md's configuration table."""
    text = OPERATIONS.read_text()
    table = text.split("## Configuration (environment)", 1)[1].split("\n\n", 2)[1]
    rows = [line.split("|")[1] for line in table.splitlines()[2:]]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)}


@pytest.mark.parametrize("name", sorted(set(_all_env_reads())))
def test_every_variable_is_in_the_operations_table(name):
    assert name in _documented()


def test_the_operations_table_names_only_variables_that_are_read():
    assert _documented() - set(_all_env_reads()) == set()


def test_only_the_settings_read_the_environment():
    """The apps read settings, never the environment (the entry points only name the
    settings module)."""
    root = Path(settings.BASE_DIR)
    apps = [
        path
        for app in settings.INSTALLED_APPS
        if (root / app.split(".")[0]).is_dir()
        for path in (root / app.split(".")[0]).rglob("*.py")
        if PACKAGE not in path.parents and path.name != "env.py"
    ]
    assert len(apps) > 100
    readers = []
    for path in apps:
        text = path.read_text()
        text = text.replace('os.environ.setdefault("DJANGO_SETTINGS_MODULE"', "")
        if "os.environ" in text or "getenv" in text or "core.env" in text:
            readers.append(str(path.relative_to(root)))
    assert readers == []
