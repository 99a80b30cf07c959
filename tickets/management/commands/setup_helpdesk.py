"""First run: the minimal working configuration, and optionally the first ADMIN account.

    manage.py setup_helpdesk [--admin-email admin@example.org [--password-file FILE]]

Idempotent: only what is missing is created (``tickets/setup.py``), an existing account is
left as it is. The password is read from the terminal (twice) or from the first line of
``--password-file``; there is no default password and it is never taken from the command line.
"""

import getpass
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import Membership, MembershipRoleType, Role, User
from tickets.models import Priority
from tickets.setup import Configuration, ensure_configuration


class Command(BaseCommand):
    help = (
        "Create the minimal configuration a desk needs (network, default location, intake "
        "area, priorities) and, with --admin-email, the first ADMIN. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin-email", help="create an ADMIN with this e-mail if missing")
        parser.add_argument(
            "--password-file",
            type=Path,
            help="read the ADMIN's password from the first line of this file (else: terminal)",
        )

    def handle(self, *args, admin_email=None, password_file=None, **options):
        if password_file and admin_email is None:
            raise CommandError("--password-file needs --admin-email.")
        email = User.objects.normalize_email(admin_email or "").strip().lower()
        if admin_email is not None:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{admin_email!r} is not an e-mail address.") from None
        existing = User.objects.filter(email__iexact=email).first() if email else None
        password = None
        if email and existing is None:
            password = self._password(email, password_file)  # before writing anything

        with transaction.atomic():
            config = ensure_configuration()
            if email and existing is None:
                self._create_admin(email, password, config)
        for line in config.created:
            self.stdout.write(f"Created {line}.")
        if existing is not None:
            self.stdout.write(f"User {existing.email} already exists: left as it is.")
        if not config.created and not (email and existing is None):
            self.stdout.write("Nothing to do: the desk is already configured.")
        for warning in self._warnings(config):
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Ready: tickets open in {config.location.name} ({config.location.pk}), "
                f"network {config.network.pk}, intake area {config.intake_area.code}."
            )
        )

    def _warnings(self, config: Configuration) -> list[str]:
        """What the operator changed that stops tickets from opening (left as it is)."""
        warnings = []
        if not config.intake_area.active:
            warnings.append(
                f"The intake area {config.intake_area.code} is inactive: tickets opened "
                "without an area (public form, crear, Spacebring) will be refused."
            )
        default = settings.HELPDESK_DEFAULT_PRIORITY
        if not Priority.objects.filter(name__iexact=default).exists():
            warnings.append(
                f"HELPDESK_DEFAULT_PRIORITY is {default!r}, which is not a priority: "
                "Spacebring creates will be refused."
            )
        return warnings

    def _create_admin(self, email: str, password: str, config: Configuration) -> None:
        user = User.objects.create_user(email, password, role=Role.ADMIN)
        Membership.objects.create(
            user=user, location=config.location, role_type=MembershipRoleType.ADMIN
        )
        config.created.append(f"ADMIN {email} (member of {config.location.name})")

    def _password(self, email: str, password_file: Path | None) -> str:
        if password_file is not None:
            try:
                lines = password_file.read_text().splitlines()
            except OSError as exc:
                raise CommandError(f"Cannot read {password_file}: {exc.strerror}.") from None
            password = lines[0] if lines else ""
        elif sys.stdin.isatty():
            password = getpass.getpass(f"Password for {email}: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        else:
            raise CommandError("No terminal to read the password from: give --password-file FILE.")
        if not password:
            raise CommandError("The password is empty.")
        try:
            validate_password(password, User(email=email, role=Role.ADMIN))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        return password
