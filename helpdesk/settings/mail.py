"""E-mail: the outgoing backend and the mail app (mail/): outbox, threading, agents' alerts,
incoming mail by IMAP (read by beat: tasks.py) and by ``POST /inbound/email``."""

from core.env import env, env_bool, env_int, env_list
from helpdesk.settings.base import DEBUG

# --- Outgoing -------------------------------------------------------------------
# DEBUG prints e-mail to the console; production sends it by SMTP (EMAIL_HOST, by default
# localhost:25), so mail is never lost by default: an SMTP server that is not there leaves
# it in the outbox, retried. A backend that delivers nothing with DEBUG off is said out loud
# (mail/delivery.py mail_not_delivered).
EMAIL_BACKEND = env("EMAIL_BACKEND", "") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "helpdesk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connection may wait on the server (only senders outside requests wait).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# --- Mail app: outbox, threading ------------------------------------------------
# Replies go to HELPDESK_REPLY_ADDRESS+<token> (default: DEFAULT_FROM_EMAIL); Message-IDs
# use HELPDESK_MAIL_DOMAIN (default: the From address's domain).
HELPDESK_REPLY_ADDRESS = env("HELPDESK_REPLY_ADDRESS", "")
HELPDESK_MAIL_DOMAIN = env("HELPDESK_MAIL_DOMAIN", "")
HELPDESK_MAIL_MAX_ATTEMPTS = env_int("HELPDESK_MAIL_MAX_ATTEMPTS", 12)
HELPDESK_MAIL_RETRY_BACKOFF_MAX = env_int("HELPDESK_MAIL_RETRY_BACKOFF_MAX", 600)
HELPDESK_MAIL_STALE_SECONDS = env_int("HELPDESK_MAIL_STALE_SECONDS", 900)
# A claimed e-mail not yet at SMTP DATA after this long lost its sender: it is sent again.
HELPDESK_MAIL_CLAIM_SECONDS = env_int("HELPDESK_MAIL_CLAIM_SECONDS", 120)
HELPDESK_MAIL_SWEEP_SECONDS = env_int("HELPDESK_MAIL_SWEEP_SECONDS", 60)
# Without a broker: "thread" = the web process's background sender; "manual" = tests.
HELPDESK_MAIL_LOCAL_SENDER = env("HELPDESK_MAIL_LOCAL_SENDER", "thread")
# False queues no notification at all (the demo seed turns it off for its data).
HELPDESK_NOTIFICATIONS_ENABLED = True
# The mail app's own e-mail to agents (assignee, else the area's agents) on requester replies
# and SLA alerts, one message per event. Off by default: the notifications app e-mails agents
# the same events as digests, by their preferences; turn this on when it is not installed.
HELPDESK_MAIL_AGENT_ALERTS = env_bool("HELPDESK_MAIL_AGENT_ALERTS", False)
# An agent's e-mail reply to a ticket that starts with this marker is an internal note.
HELPDESK_MAIL_NOTE_MARKER = env("HELPDESK_MAIL_NOTE_MARKER", "#note")

# --- Incoming -------------------------------------------------------------------
# IMAP mailbox read by beat every HELPDESK_IMAP_POLL_SECONDS (unset host: no polling).
HELPDESK_IMAP_HOST = env("HELPDESK_IMAP_HOST", "")
HELPDESK_IMAP_PORT = env_int("HELPDESK_IMAP_PORT", 0)  # 0: 993 with SSL, 143 without
HELPDESK_IMAP_USER = env("HELPDESK_IMAP_USER", "")
HELPDESK_IMAP_PASSWORD = env("HELPDESK_IMAP_PASSWORD", "")
HELPDESK_IMAP_SSL = env_bool("HELPDESK_IMAP_SSL", True)
HELPDESK_IMAP_STARTTLS = env_bool("HELPDESK_IMAP_STARTTLS", False)
HELPDESK_IMAP_FOLDER = env("HELPDESK_IMAP_FOLDER", "INBOX")
HELPDESK_IMAP_ARCHIVE_FOLDER = env("HELPDESK_IMAP_ARCHIVE_FOLDER", "")
HELPDESK_IMAP_BATCH = env_int("HELPDESK_IMAP_BATCH", 50)
HELPDESK_IMAP_POLL_SECONDS = env_int("HELPDESK_IMAP_POLL_SECONDS", 60)
HELPDESK_IMAP_TIMEOUT = env_int("HELPDESK_IMAP_TIMEOUT", 30)
# POST /inbound/email (raw MIME pushed by a provider): shared secret; unset = endpoint off.
HELPDESK_INBOUND_SECRET = env("HELPDESK_INBOUND_SECRET", "")
HELPDESK_INBOUND_MAX_BYTES = env_int("HELPDESK_INBOUND_MAX_BYTES", 10 * 1024 * 1024)
# Issue 27: nothing that arrives vanishes (mail.inbound.keep). Runs a failing message is tried
# before it is held; the largest message kept whole in the database; the IMAP folder that
# keeps larger ones (and any message the database could not take).
HELPDESK_INBOUND_MAX_ATTEMPTS = env_int("HELPDESK_INBOUND_MAX_ATTEMPTS", 3)
HELPDESK_INBOUND_KEEP_MAX_BYTES = env_int("HELPDESK_INBOUND_KEEP_MAX_BYTES", 50 * 1024 * 1024)
HELPDESK_IMAP_HELD_FOLDER = env("HELPDESK_IMAP_HELD_FOLDER", "Helpdesk-Held")
# Authentication-Results of the desk's own receiving server (its authserv-id; unset: not
# checked) and what to do with a sender it could not authenticate: "hold" or "refuse".
HELPDESK_INBOUND_TRUSTED_AUTHSERV = env("HELPDESK_INBOUND_TRUSTED_AUTHSERV", "")
HELPDESK_INBOUND_UNAUTHENTICATED = env("HELPDESK_INBOUND_UNAUTHENTICATED", "hold")
# Languages of the quote headers trimmed from replies (mail-parser-reply's codes).
HELPDESK_INBOUND_QUOTE_LANGUAGES = env_list(
    "HELPDESK_INBOUND_QUOTE_LANGUAGES", ["es", "en", "de", "sv", "fr", "it", "nl"]
)
# New tickets by e-mail per sender: (count, seconds).
HELPDESK_INBOUND_RATE = (
    env_int("HELPDESK_INBOUND_RATE", 10),
    env_int("HELPDESK_INBOUND_RATE_SECONDS", 3600),
)
