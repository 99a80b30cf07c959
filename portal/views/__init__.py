"""Agent portal views (all require an active agent: ADMIN, MESA or AREA)."""
