"""Demo data on top of ``setup_helpdesk``: more areas, one user per role (known passwords), tickets.

Never for production: with ``DEBUG`` off it refuses unless ``--i-know-this-is-not-production``.
Idempotent: reference data is created when missing; tickets only when there are none.
Tickets are opened and worked through ``tickets.services`` (so their history is real),
then moved back in time so the dashboard's 30-day chart has something to show, and their
SLA recomputed from the moved history. The demo areas work office hours (Monday–Friday
08:00–18:00, Saturday 08:00–12:00, Bogotá, with yearly holidays) under SLA policies per
priority, so the SLA dot means something: nights, weekends and pauses do not count.
"""

import random
from datetime import date, time, timedelta

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import (
    Area,
    BusinessCalendar,
    Holiday,
    Membership,
    MembershipRoleType,
    Role,
    User,
    WorkingInterval,
)
from tickets import services
from tickets.models import Activity, Macro, Priority, SlaPolicy, SpacebringType, Ticket, Tipo
from tickets.setup import PRIORITIES, ensure_configuration

AREAS = [
    ("MESA", "Mesa de Ayuda"),
    ("TECNOLOGIA", "Tecnología"),
    ("MANTENIMIENTO", "Mantenimiento"),
    ("RECEPCION", "Recepción"),
    ("REDES", "Redes"),
]
USERS = [
    # email, password, role, area, name, surname, membership role type
    ("admin@helpdesk.local", "admin12345", Role.ADMIN, None, "Ana", "Admin", "admin"),
    ("mesa@helpdesk.local", "mesa12345", Role.MESA, "MESA", "Mario", "Mesa", "manager"),
    ("tecnologia@helpdesk.local", "area12345", Role.AREA, "TECNOLOGIA", "Teresa", "Téc", "manager"),
    (
        "mantenimiento@helpdesk.local",
        "area12345",
        Role.AREA,
        "MANTENIMIENTO",
        "Manuel",
        "Mant",
        "manager",
    ),
    ("usuario@helpdesk.local", "usuario12345", Role.USUARIO, None, "Úrsula", "Usuaria", "member"),
]
SUBJECTS = [
    ("No puedo acceder al correo", "TECNOLOGIA", SpacebringType.ACCESS, Tipo.INCIDENTE),
    ("La impresora del piso 2 no imprime", "TECNOLOGIA", SpacebringType.PRINTING, Tipo.INCIDENTE),
    ("Wi-Fi lento en la sala de reuniones", "REDES", SpacebringType.INTERNET, Tipo.INCIDENTE),
    (
        "Aire acondicionado no enfría",
        "MANTENIMIENTO",
        SpacebringType.TEMPERATURE_AND_VENTILATION,
        Tipo.SOLICITUD,
    ),
    (
        "Fuga de agua en el baño",
        "MANTENIMIENTO",
        SpacebringType.REPAIR_AND_MAINTENANCE,
        Tipo.INCIDENTE,
    ),
    (
        "Paquete sin entregar en recepción",
        "RECEPCION",
        SpacebringType.MAIL_AND_PACKAGES,
        Tipo.RECLAMO,
    ),
    ("Solicitud de nueva cuenta", "TECNOLOGIA", SpacebringType.ACCESS, Tipo.PETICION),
    ("Ruido en la oficina contigua", "MESA", SpacebringType.NOISE_AND_ACOUSTICS, Tipo.QUEJA),
    ("Sugerencia: más puestos de carga", "MESA", SpacebringType.OTHER, Tipo.SUGERENCIA),
    ("¿Cómo reservo una sala?", "RECEPCION", SpacebringType.BOOKINGS, Tipo.CONSULTA),
]
CALENDAR = "Oficina Bogotá (L–V 08–18, S 08–12)"
HOLIDAYS = [(1, 1, "Año Nuevo"), (5, 1, "Día del Trabajo"), (7, 20, "Independencia"),
            (8, 7, "Batalla de Boyacá"), (12, 8, "Inmaculada"), (12, 25, "Navidad")]  # fmt: skip
# priority: (first response minutes, resolution business hours)
POLICIES = {"URGENTE": (30, 4), "ALTA": (60, 8), "MEDIA": (240, 24), "BAJA": (480, 72)}
REQUESTERS = [
    ("Laura Gómez", "laura.gomez@example.com"),
    ("Carlos Pérez", "carlos.perez@example.com"),
    ("María Rodríguez", "maria.rodriguez@example.com"),
    ("Jorge Díaz", "jorge.diaz@example.com"),
    ("Sofía Martínez", "sofia.martinez@example.com"),
]


class Command(BaseCommand):
    help = "Create demo areas, priorities, users (one per role) and tickets with history."

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, default=36, help="tickets to create")
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="seed even with DEBUG off (the demo accounts have published passwords)",
        )

    def handle(self, *args, tickets: int, not_production: bool = False, **options):
        if not settings.DEBUG and not not_production:
            raise CommandError(
                "seed_demo creates accounts with published passwords and refuses to run with "
                "DEBUG off; on a desk that is not production, run it with DEBUG=1 or pass "
                "--i-know-this-is-not-production. For a real desk use setup_helpdesk."
            )
        # Demo requesters have example.com addresses: queue and send them nothing.
        dummy_mail = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            HELPDESK_NOTIFICATIONS_ENABLED=False,
        )
        with dummy_mail:  # each service is its own (durable) transaction
            self._seed(tickets)
        self.stdout.write(self.style.SUCCESS("Demo accounts (e-mail / password / role):"))
        for email, password, role, area, *_rest in USERS:
            self.stdout.write(f"  {email:<30} {password:<14} {role}{' ' + area if area else ''}")

    def _seed(self, tickets: int) -> None:
        location = ensure_configuration().location
        areas = {
            code: Area.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in AREAS
        }
        users = {}
        for email, password, role, area, name, surname, role_type in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, password, role=role, area=areas.get(area), name=name, surname=surname
                )
            Membership.objects.get_or_create(
                user=user, location=location, defaults={"role_type": MembershipRoleType(role_type)}
            )
            users[role if role != Role.AREA else area] = user
        self._sla(areas)

        self._macros(users[Role.MESA])
        if Ticket.objects.exists():
            self.stdout.write("Tickets already present: no demo tickets added.")
        else:
            self._tickets(tickets, users, areas)
            # The demo history was moved back in time behind the services' backs: installed
            # apps that keep figures by day (the reports) recount them from the tickets.
            if "rebuild_report_rollups" in get_commands():
                call_command("rebuild_report_rollups", stdout=self.stdout)
            self.stdout.write(f"Created {tickets} demo tickets.")

    def _sla(self, areas: dict) -> None:
        calendar, created = BusinessCalendar.objects.get_or_create(
            name=CALENDAR, defaults={"time_zone": "America/Bogota"}
        )
        if created:
            WorkingInterval.objects.bulk_create(
                [WorkingInterval(calendar=calendar, weekday=d, start=time(8), end=time(18))
                 for d in range(5)]
                + [WorkingInterval(calendar=calendar, weekday=5, start=time(8), end=time(12))]
            )  # fmt: skip
            Holiday.objects.bulk_create(
                Holiday(calendar=calendar, date=date(2026, m, d), name=name, yearly=True)
                for m, d, name in HOLIDAYS
            )
        for area in areas.values():
            if area.calendar_id is None:
                area.calendar = calendar
                area.save(update_fields=["calendar"])
        for priority in Priority.objects.filter(name__in=POLICIES):
            first, hours = POLICIES[priority.name]
            SlaPolicy.objects.get_or_create(
                priority=priority,
                area=None,
                defaults={"first_response_minutes": first, "resolution_hours": hours},
            )

    def _macros(self, mesa: User) -> None:
        """Two shared canned responses (``tickets.services.macro_create``), once."""
        if Macro.objects.exists():
            return
        services.macro_create(
            actor=mesa,
            name="Solucionado",
            body="Hola {requester_name}: dejamos resuelto su caso {label}. "
            "Si algo sigue fallando, responda a este mensaje.\n{agent_name} · {area}",
            set_status="RESUELTO",
            note="Cerrado con la macro «Solucionado».",
        )
        services.macro_create(
            actor=mesa,
            name="Pedimos más datos",
            body="Hola {requester_name}: para avanzar con {label} necesitamos una foto o "
            "captura del problema y desde cuándo ocurre.",
            set_status="PAUSADO",
            set_pause_kind="requester",  # their answer takes it back to work
        )

    def _tickets(self, count: int, users: dict, areas: dict) -> None:
        rng = random.Random(42)
        mesa, requester = users[Role.MESA], users[Role.USUARIO]
        now = timezone.now()
        for i in range(count):
            subject, area_code, sb_type, tipo = SUBJECTS[i % len(SUBJECTS)]
            name, email = REQUESTERS[i % len(REQUESTERS)]
            mine = i % 7 == 0  # the USUARIO's own tickets: "my tickets" lists them by e-mail
            if mine:
                name, email = requester.full_name, requester.email
            ticket = services.ticket_create(
                actor=requester if mine else None,
                requester=requester if mine else None,
                requester_name=name,
                requester_email=email,
                subject=subject,
                description=f"{subject}. Detalle del caso número {i + 1} para la demostración.",
                priority=rng.choice(PRIORITIES)[0],
                tipo=tipo,
                type=sb_type,
                categoria="General",
                ip="127.0.0.1",
            )
            stage = rng.randint(0, 5)
            self._work(ticket, stage, mesa, users, areas[area_code])
            days, hours = rng.randint(0, 29), rng.randint(0, 12)
            if stage < 4:  # still open: opened lately, so the SLA dot has all its colours
                days, hours = 0, (days % 3) * 12 + hours
            self._backdate(ticket, now - timedelta(days=days, hours=hours))

    def _work(self, ticket: Ticket, stage: int, mesa: User, users: dict, area: Area) -> None:
        if stage == 0:
            return
        agent = users.get(area.code, mesa)
        if area.code != ticket.area.code:
            services.ticket_transfer(actor=mesa, ticket=ticket, area=area, reason="Enrutado")
        services.ticket_assign(actor=mesa, ticket=ticket, assignee=agent, reason="Asignación")
        if stage >= 2:
            services.ticket_update(
                actor=agent, ticket=ticket, status="EN_PROCESO", response="Estamos revisando."
            )
        if stage == 3:
            services.ticket_pause(actor=agent, ticket=ticket, reason="Esperando repuesto")
        if stage >= 4:
            services.ticket_comment(
                actor=agent, ticket=ticket, text="Nota interna: revisado en sitio.", public=False
            )
            services.ticket_update(
                actor=agent, ticket=ticket, status="RESUELTO", response="Quedó solucionado."
            )
        if stage == 5:
            services.ticket_change_status(actor=mesa, ticket=ticket, status="CERRADO")

    def _backdate(self, ticket: Ticket, created) -> None:
        delta = timezone.now() - created
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=F("created_at") - delta,
            updated_at=F("updated_at") - delta,
            status_updated_at=F("status_updated_at") - delta,
            resolved_at=F("resolved_at") - delta,
            first_responded_at=F("first_responded_at") - delta,
        )
        Activity.objects.filter(ticket=ticket).update(created_at=F("created_at") - delta)
        services.ticket_sla_recompute(ticket=ticket)  # due dates of the moved history
