"""Django's PostgreSQL backend (psycopg 3) with a fast ``timestamptz`` loader.

Django registers its own loader for ``timestamptz`` (to give every value the connection's
time zone), a subclass of psycopg's pure-Python ``TimestamptzLoader``; psycopg then cannot
swap in its C version, and each timestamp costs a regular-expression parse in Python
(about 6 µs; a list of 100 tickets reads some 600 of them). This loader parses PostgreSQL's
ISO output with ``datetime.fromisoformat`` (C, well under 1 µs) and returns the same value
Django's would: the instant in ``connection.timezone``. Anything ``fromisoformat`` does not
read (another ``DateStyle``, years after 9999 or BC, infinity) goes to psycopg's own parser.

It also bounds every wait on the server (``timeouts.py``): connecting, each query, and the
health check of a kept connection, with the ``TIMEOUTS`` of the database's settings
(``{"connect": s, "read": s or None}``, from ``DB_CONNECT_TIMEOUT`` and
``DB_STATEMENT_TIMEOUT``).

``helpdesk/settings/base.py`` selects this backend for every PostgreSQL ``DATABASE_URL``.
"""

from datetime import datetime

from django.db.backends.postgresql import base
from psycopg.types.datetime import TimestamptzLoader

from core.db.postgresql.timeouts import Driver, connecting


class FastTimestamptzLoader(TimestamptzLoader):
    """``timestamptz`` as an aware ``datetime`` in ``timezone`` (Django's loader's result)."""

    timezone = None  # Django compares it with ``connection.timezone`` for each cursor

    def load(self, data):
        if self.timezone is not None:
            try:
                return datetime.fromisoformat(str(data, "ascii")).astimezone(self.timezone)
            except ValueError:
                pass
        value = super().load(data)
        return value.replace(tzinfo=self.timezone)


def register_fast_timestamptz(connection, timezone) -> None:
    loader = type("FastTimestamptzLoader", (FastTimestamptzLoader,), {"timezone": timezone})
    connection.adapters.register_loader("timestamptz", loader)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = Driver()

    def _timeout(self, kind: str) -> float | None:
        return (self.settings_dict.get("TIMEOUTS") or {}).get(kind) or None

    def get_new_connection(self, conn_params):
        with connecting(self._timeout("connect")):
            connection = super().get_new_connection(conn_params)
        connection.read_timeout = self._timeout("read")
        register_fast_timestamptz(connection, self.timezone)
        return connection

    def is_usable(self):
        """Django's health check of a kept connection (``SELECT 1``), given up after the
        connect timeout: a server that stopped answering is found at once."""
        reading = getattr(self.connection, "reading", None)
        if reading is None:
            return super().is_usable()
        with reading(self._timeout("connect")):
            return super().is_usable()
