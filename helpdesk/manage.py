"""``helpdesk-manage``: Django's ``manage.py`` for an installed helpdesk (console script)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")
    from django.core.management import execute_from_command_line

    from helpdesk.startup import UnsafeSettings

    try:
        execute_from_command_line(sys.argv)
    except UnsafeSettings as exc:  # one line saying what to set, not a traceback
        sys.exit(f"ImproperlyConfigured: {exc}")


if __name__ == "__main__":
    main()
