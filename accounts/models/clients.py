"""API clients (Spacebring OAuth2/Basic, Mesa JWT) and the authorization codes already used."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models.people import Membership, Network


class ApiClientScope(models.TextChoices):
    SUPPORT = "support", _("Read and write support tickets")
    SUPPORT_READONLY = "support.readonly", _("Read support tickets")


class ApiClient(models.Model):
    """Credentials for HTTP Basic on the Spacebring face (see ``accounts.api_clients``).

    The secret is never stored: only the SHA-256 digest of a random token, shown once
    when the client is issued. The client acts as the user of ``membership``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=150)
    client_id = models.CharField(_("client id"), max_length=64, unique=True, editable=False)
    secret_digest = models.CharField(_("secret digest"), max_length=64, editable=False)
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="api_clients", verbose_name=_("network")
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("acts as membership"),
        help_text=_("The client acts as this membership's user, in this network."),
    )
    scopes = models.CharField(
        _("scopes"),
        max_length=100,
        default=ApiClientScope.SUPPORT_READONLY,
        help_text=_("Space-separated: support, support.readonly."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    @property
    def usable(self) -> bool:
        return self.is_active and self.revoked_at is None

    def clean(self):
        super().clean()
        unknown = self.scope_set - set(ApiClientScope.values)
        if unknown or not self.scope_set:
            choices = ", ".join(ApiClientScope.values)
            raise ValidationError({"scopes": _("Use one or more of: %(s)s.") % {"s": choices}})
        if (
            self.membership_id
            and self.network_id
            and self.membership.location.network_id != self.network_id
        ):
            raise ValidationError(
                {"membership": _("The membership must be in a location of the network.")}
            )


class UsedAuthorizationCode(models.Model):
    """An OAuth2 authorization code already exchanged, and the token family it produced:
    a second exchange of the same code revokes that family (RFC 6749 §4.1.2)."""

    code_digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the code
    application_id = models.BigIntegerField()
    access_token_id = models.BigIntegerField(null=True)
    token_family = models.UUIDField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.code_digest[:12]


# Business calendars (the SLA clock's working hours): their own module, same app.
