"""Ending what a user was issued: JWTs, portal sessions and OAuth2 tokens.

``User.credentials_version`` is the one switch. A password change, a block (``is_active``
off) and :func:`log_out_everywhere` raise it (``User.save``), and then:

- every Mesa JWT carrying an older ``cv`` claim is refused (the check compares the claim with
  the user row the authentication loads anyway: no extra query);
- every portal and admin session ends (the session hash includes the version);
- every OAuth2 access and refresh token of the user (Spacebring bearer) is revoked here.
"""

from django.db import transaction
from django.db.models import F

from accounts.models import User
from accounts.oauth_tokens import revoke_oauth_tokens


@transaction.atomic
def log_out_everywhere(user: User) -> None:
    """End every session and token of ``user`` (the caller's own included)."""
    User.objects.filter(pk=user.pk).update(credentials_version=F("credentials_version") + 1)
    user.refresh_from_db(fields=["credentials_version"])
    revoke_oauth_tokens(user)
