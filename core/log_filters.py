"""Logging filters (``LOGGING`` in settings).

``ForbiddenAtInfo``: Django logs every 403 (``PermissionDenied``) on ``django.request`` at
WARNING with the whole traceback. A refusal is the permission rules working, not a fault:
it becomes one INFO line (method, path, status) without the traceback.
"""

import logging


class ForbiddenAtInfo(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
