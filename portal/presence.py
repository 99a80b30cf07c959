"""Who else has a ticket open, and who is typing a reply.

The ticket page carries a signed token (ticket, agent, display name) made when the page was
rendered — that render already passed ``ticket_for`` — and polls
``POST /portal/tickets/<id>/presence/`` with it every ``HELPDESK_PRESENCE_POLL_SECONDS``.
The poll loads neither the session nor the user: it checks the signature and makes ONE
round trip to the store, which records the caller and returns everyone else seen within
``HELPDESK_PRESENCE_TTL_SECONDS``.

Store: a Redis hash per ticket when ``REDIS_URL`` is set (so several app servers share it;
``HSET`` + ``EXPIRE`` + ``HGETALL`` in one pipeline), else the process's memory (one app
server, as ``make run``). A store that fails answers "nobody else" and logs: presence is a
hint, never a reason for an error.
"""

import json
import logging
import threading
import time

from django.conf import settings
from django.core import signing

logger = logging.getLogger(__name__)

SALT = "portal.presence"
TOKEN_MAX_AGE = 12 * 3600
STATES = ("viewing", "typing")


def make_token(ticket, user) -> str:
    name = user.full_name or user.email
    return signing.dumps({"t": str(ticket.pk), "u": str(user.pk), "n": name}, salt=SALT)


def read_token(token: str, ticket_id) -> dict | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("t") != str(ticket_id):
        return None
    return data


def _ttl() -> int:
    return settings.HELPDESK_PRESENCE_TTL_SECONDS


def _others(entries: dict, me: str, now: float) -> list[dict]:
    out = []
    for user_id, raw in entries.items():
        user_id = user_id.decode() if isinstance(user_id, bytes) else user_id
        try:
            entry = json.loads(raw)
        except (TypeError, ValueError):
            continue
        if user_id != me and now - entry.get("ts", 0) <= _ttl():
            out.append({"name": entry.get("n", ""), "state": entry.get("s", "viewing")})
    return sorted(out, key=lambda e: e["name"])


class MemoryStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, str]] = {}

    def touch(self, ticket_id: str, user_id: str, name: str, state: str) -> list[dict]:
        now = time.time()
        with self._lock:
            entries = self._data.setdefault(ticket_id, {})
            entries[user_id] = json.dumps({"n": name, "s": state, "ts": now})
            for key in [k for k, v in entries.items() if now - json.loads(v)["ts"] > _ttl()]:
                del entries[key]
            return _others(dict(entries), user_id, now)


class RedisStore:
    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, retry_on_timeout=False
        )

    def touch(self, ticket_id: str, user_id: str, name: str, state: str) -> list[dict]:
        now = time.time()
        key = f"{settings.CACHES['default'].get('KEY_PREFIX', 'helpdesk')}:presence:{ticket_id}"
        pipe = self.client.pipeline(transaction=False)
        pipe.hset(key, user_id, json.dumps({"n": name, "s": state, "ts": now}))
        pipe.expire(key, _ttl() * 2)
        pipe.hgetall(key)
        _, _, entries = pipe.execute()  # the one round trip
        return _others(entries, user_id, now)


_store = None
_store_lock = threading.Lock()


def store():
    global _store
    with _store_lock:
        url = getattr(settings, "REDIS_URL", "")
        wanted = RedisStore if url else MemoryStore
        if not isinstance(_store, wanted) or (url and _store.url != url):
            _store = RedisStore(url) if url else MemoryStore()
            _store.url = url
        return _store


def touch(ticket_id, token_data: dict, state: str) -> list[dict]:
    try:
        return store().touch(str(ticket_id), token_data["u"], token_data["n"], state)
    except Exception as exc:  # noqa: BLE001 - presence is a hint: degrade, never fail
        logger.warning("presence store unavailable: %s", exc.__class__.__name__)
        return []
