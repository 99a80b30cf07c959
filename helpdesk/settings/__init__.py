"""The production settings (``DJANGO_SETTINGS_MODULE=helpdesk.settings``), one module per
concern, composed here:

- ``base``: apps, middleware, templates, database, cache, auth, i18n, static files, logging;
- ``security``: secret key, hosts, cookies, HTTPS;
- ``api``: REST framework, OpenAPI, OAuth2, JWT, the APIs' throttles;
- ``mail``: outgoing e-mail and the mail app (outbox, IMAP, inbound);
- ``files``: attachments, uploads, storages;
- ``desk``: the desk's own behaviour (intake defaults, SLA alerts, webhooks, …);
- ``tasks``: Celery and the one beat schedule.

Each setting is defined in exactly one of them and each environment variable is read once
(``tests/unit/test_settings_layout.py``). The tests run on ``test.py`` beside them. With
DEBUG off a process refuses to start without its own key and hosts: ``helpdesk/apps.py``.
"""

from helpdesk.settings import api, base, desk, files, mail, security, tasks

concerns = (base, security, api, mail, files, desk, tasks)


def settings_of(module) -> dict:
    """The settings a module defines (Django reads upper-case names only)."""
    return {name: value for name, value in vars(module).items() if name.isupper()}


for _module in concerns:
    globals().update(settings_of(_module))
# What ``from helpdesk.settings import *`` (the test settings) takes: the settings alone.
__all__ = [name for _module in concerns for name in settings_of(_module)]
