"""Who acts, besides a logged-in user: the requester who proved an e-mail (``Requester``)
and the scheduled tasks (``SYSTEM``). A service's ``actor`` is a ``User``, a ``Requester``
or ``SYSTEM``; ``account_of(actor)`` is the account its history names.

A requester proves who they are to the server, never to a view: the ticket's label and their
e-mail (the lookup page, the Mesa ``consultar`` call), a link this server signed after that
check, a reply from that e-mail, or a logged-in USUARIO account with that e-mail.
"""

import uuid
from dataclasses import dataclass, field

from accounts.models import Role, User


def is_active(user) -> bool:
    """A logged-in, active account (never a ``Requester`` nor ``SYSTEM``)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class Requester:
    """Someone who proved they hold the requester e-mail ``email``.

    ``ticket_id``: the proof was about that one ticket (label + e-mail, or a signed link to
    it); it then reads that ticket's public side and adds files while it is open. Without
    it, the proof only answers (reply, confirm, reopen) on that e-mail's tickets.
    ``user`` is the logged-in USUARIO whose account e-mail is ``email`` (history names the
    account), else ``None`` (history names the ticket's requester): an agent following a
    requester link stays a requester there. Never authenticated: every agent action
    refuses it.
    """

    email: str
    ticket_id: uuid.UUID | None = None
    user: User | None = field(default=None, compare=False)

    is_authenticated = False
    is_active = False
    is_agent = False
    role = None
    pk = None

    def __post_init__(self):
        email = (self.email or "").strip().lower()
        keep = (
            is_active(self.user)
            and self.user.role == Role.USUARIO
            and (self.user.email or "").lower() == email
        )
        object.__setattr__(self, "email", email)
        object.__setattr__(self, "user", self.user if keep else None)
        if self.ticket_id is not None and not isinstance(self.ticket_id, uuid.UUID):
            object.__setattr__(self, "ticket_id", uuid.UUID(str(self.ticket_id)))


class _System:
    """The scheduled tasks (auto-close) as an actor: no account, no role in the matrix."""

    is_authenticated = False
    is_active = False
    is_agent = False
    role = None
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()
SYSTEM_ROLE = "SISTEMA"  # how history snapshots name it

Actor = User | Requester | _System


def account_of(actor) -> User | None:
    """The account to name in history for ``actor``: the user, a requester's own account
    when logged in, else ``None`` (an anonymous requester, ``SYSTEM``)."""
    user = actor.user if isinstance(actor, Requester) else actor
    return user if user is not None and getattr(user, "is_authenticated", False) else None
