"""The desk's own behaviour: intake defaults, links, SLA alerts, auto-close, surveys,
notifications, presence and webhooks."""

from datetime import timedelta

from core.env import env, env_bool, env_int

# Area that receives tickets when the requester names none (Mesa's intake area).
HELPDESK_DEFAULT_AREA = env("HELPDESK_DEFAULT_AREA", "MESA")
# Priority of tickets opened without one (the Spacebring face has no priority).
HELPDESK_DEFAULT_PRIORITY = env("HELPDESK_DEFAULT_PRIORITY", "MEDIA")
HELPDESK_SITE_URL = env("HELPDESK_SITE_URL", "http://127.0.0.1:8000")
# SLA alerts: warn this long before a ticket's SLA falls due (minutes in the environment).
HELPDESK_SLA_WARNING = timedelta(minutes=env_int("HELPDESK_SLA_WARNING_MINUTES", 60))
# Requester pages: signed links in e-mails open the ticket for this many days.
HELPDESK_REQUESTER_LINK_DAYS = env_int("HELPDESK_REQUESTER_LINK_DAYS", 30)
# Solved tickets the requester neither confirms nor reopens close after this many days
# (tickets.tasks.autoclose_solved_tickets, hourly on beat: tasks.py).
HELPDESK_AUTOCLOSE_DAYS = env_int("HELPDESK_AUTOCLOSE_DAYS", 7)
# Satisfaction surveys (surveys/): a solved ticket's rating link works this many days.
HELPDESK_CSAT_LINK_DAYS = env_int("HELPDESK_CSAT_LINK_DAYS", 30)
# Agents' notification e-mail: what arrives within this many seconds goes in one digest.
HELPDESK_NOTIFICATION_DIGEST_SECONDS = env_int("HELPDESK_NOTIFICATION_DIGEST_SECONDS", 120)
# Ticket page presence ("who else has it open"): poll interval and how long an entry lives.
HELPDESK_PRESENCE_POLL_SECONDS = env_int("HELPDESK_PRESENCE_POLL_SECONDS", 12)
HELPDESK_PRESENCE_TTL_SECONDS = env_int("HELPDESK_PRESENCE_TTL_SECONDS", 30)

# Webhooks (webhooks/, docs/webhooks.md). Endpoints that resolve to private, loopback or
# link-local addresses are refused unless this is on (tests' local receivers).
HELPDESK_WEBHOOKS_ALLOW_PRIVATE = env_bool("HELPDESK_WEBHOOKS_ALLOW_PRIVATE", False)
# Seconds one attempt may take in all (connect, send, answer), however slowly a receiver
# trickles its answer.
HELPDESK_WEBHOOK_TIMEOUT = env_int("HELPDESK_WEBHOOK_TIMEOUT", 5)
# Retries: base * 2^(attempt-1) seconds, capped, up to MAX_ATTEMPTS (~26 h with the defaults).
HELPDESK_WEBHOOK_RETRY_BASE = env_int("HELPDESK_WEBHOOK_RETRY_BASE", 30)
HELPDESK_WEBHOOK_RETRY_MAX = env_int("HELPDESK_WEBHOOK_RETRY_MAX", 6 * 3600)
HELPDESK_WEBHOOK_MAX_ATTEMPTS = env_int("HELPDESK_WEBHOOK_MAX_ATTEMPTS", 14)
# An endpoint whose every attempt has failed for this many seconds is disabled (and the
# admins e-mailed); its events are then kept as "held" until an admin replays them.
HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS = env_int("HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS", 3600)
HELPDESK_WEBHOOK_QUEUE = env("HELPDESK_WEBHOOK_QUEUE", "celery")  # Celery queue of deliveries
