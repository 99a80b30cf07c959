"""The header's bell: the unread count, one indexed query, only when a page shows it and
only once per request however often the template reads it."""

from functools import cached_property

from notifications.selectors import unread_count


class Bell:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self.user)


def bell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_agent:
        return {}
    return {"bell": Bell(user)}
