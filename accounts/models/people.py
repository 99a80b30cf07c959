"""Who works the desk: roles, areas, networks, locations, users and their memberships."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.oauth_tokens import revoke_oauth_tokens


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("Administrator")
    MESA = "MESA", _("Service desk")
    AREA = "AREA", _("Area agent")
    USUARIO = "USUARIO", _("Requester")


AGENT_ROLES = frozenset({Role.ADMIN, Role.MESA, Role.AREA})


class Area(models.Model):
    """A service area (IT, maintenance, front desk…) that works tickets."""

    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=150)
    active = models.BooleanField(_("active"), default=True)
    calendar = models.ForeignKey(
        "accounts.BusinessCalendar",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="areas",
        verbose_name=_("business calendar"),
        help_text=_("When this area's SLA clock runs; empty: the default calendar."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)


class Network(models.Model):
    """A tenant: Spacebring's ``spacebring-network-id``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A site of a network, with its own label prefix and ticket number sequence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(_("name"), max_length=150)
    label_prefix = models.CharField(
        _("label prefix"),
        max_length=10,
        unique=True,
        help_text=_("Ticket labels of this location start with it, e.g. TKT → TKT-2026-00042."),
    )
    last_number = models.PositiveIntegerField(
        _("last ticket number"),
        default=0,
        help_text=_("Numbers are handed out under a row lock, so they have no gaps."),
    )
    is_default = models.BooleanField(
        _("default location"),
        default=False,
        help_text=_("Receives tickets opened without a location (public form, Mesa API)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="location_single_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.label_prefix = self.label_prefix.strip().upper()
        super().save(*args, **kwargs)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("role", Role.USUARIO)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["role"] = Role.ADMIN
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: agent (ADMIN, MESA, AREA) or requester (USUARIO). Logs in with e-mail."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("first name"), max_length=150, blank=True)
    surname = models.CharField(_("surname"), max_length=150, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    photo_url = models.URLField(_("photo URL"), max_length=500, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.USUARIO)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agents",
        verbose_name=_("area"),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Blocked users cannot log in or call the APIs.")
    )
    is_staff = models.BooleanField(_("staff"), default=False, editable=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Raised by a password change, a block and "log out everywhere": every JWT (claim
    # ``cv``), portal session and OAuth token issued before stops working.
    credentials_version = models.PositiveIntegerField(
        _("credentials version"), default=0, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=~Q(role=Role.AREA) | Q(area__isnull=False),
                name="user_area_required_for_area_role",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.role == Role.AREA and self.area_id is None:
            raise ValidationError({"area": _("An area agent needs an area.")})

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._loaded_active = user.__dict__.get("is_active")
        return user

    def save(self, *args, **kwargs):
        # Admin access follows the role: agents reach the admin (what they see there is
        # decided by tickets.access), ADMIN is a superuser.
        self.is_staff = self.role in AGENT_ROLES
        self.is_superuser = self.role == Role.ADMIN
        # A new password (set_password, not a hasher upgrade) or a block revokes what was
        # issued before.
        revoke = not self._state.adding and (
            self._password is not None
            or (getattr(self, "_loaded_active", False) and not self.is_active)
        )
        if revoke:
            self.credentials_version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "credentials_version"}
        super().save(*args, **kwargs)
        self._loaded_active = self.is_active
        if revoke:
            revoke_oauth_tokens(self)

    def _get_session_auth_hash(self, secret=None):
        # Sessions end with the credentials version, as tokens do (unchanged while it is 0,
        # so sessions opened before it existed stay valid).
        if not self.credentials_version:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.credentials_version}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def full_name(self) -> str:
        return f"{self.name} {self.surname}".strip()

    @property
    def blocked(self) -> bool:
        return not self.is_active

    @property
    def is_agent(self) -> bool:
        return self.is_active and self.role in AGENT_ROLES

    def snapshot(self) -> dict:
        """The actor as recorded in history: what it was at the time of the action."""
        return {
            "id": str(self.id),
            # Never the e-mail: history is shown to requesters, who must not read it.
            "nombre": self.full_name,
            "email": self.email,
            "rol": self.role,
            "area": self.area.code if self.area_id else None,
        }


class MembershipRoleType(models.TextChoices):
    ADMIN = "admin", _("admin")
    MANAGER = "manager", _("manager")
    MEMBER = "member", _("member")


class Membership(models.Model):
    """A user in a location (what Spacebring payloads show instead of users)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="memberships")
    role_type = models.CharField(
        _("role type"),
        max_length=20,
        choices=MembershipRoleType.choices,
        default=MembershipRoleType.MEMBER,
    )
    type = models.CharField(_("type"), max_length=30, default="member")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["location", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "location"], name="membership_user_location"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.location}"
