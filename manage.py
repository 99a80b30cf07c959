#!/usr/bin/env python
"""Django's command-line utility for administrative tasks (``helpdesk-manage`` once installed)."""

from helpdesk.manage import main

if __name__ == "__main__":
    main()
