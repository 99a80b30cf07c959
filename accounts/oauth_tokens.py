"""Revoking a user's OAuth2 tokens (Spacebring bearer): what ``User.save`` does when the
credentials version rises (a password change, a block) and :func:`accounts.credentials.
log_out_everywhere` does on request. It imports no model of ours, so the models can call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User


def revoke_oauth_tokens(user: User) -> None:
    # django-oauth-toolkit's models name the user model, which is being defined when this
    # module is imported by accounts.models: they are loaded when first needed.
    from oauth2_provider.models import AccessToken, RefreshToken

    for refresh in RefreshToken.objects.filter(user=user, revoked__isnull=True):
        refresh.revoke()  # also deletes its access token
    AccessToken.objects.filter(user=user).delete()
