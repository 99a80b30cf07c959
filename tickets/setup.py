"""The minimal working configuration of a desk (``manage.py setup_helpdesk``; ``seed_demo``).

What every way in needs before the first ticket: a network, a default location (ticket
numbering), the intake area (``HELPDESK_DEFAULT_AREA``) and the four priorities the Mesa de
Ayuda contract names, with their SLA hours. Each piece is created only when missing and never
changed once there, so running it again, or on a desk an operator has configured, changes
nothing.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from accounts.models import Area, Location, Network
from tickets.models import Priority

# name, order, SLA hours
PRIORITIES = [("URGENTE", 1, 4), ("ALTA", 2, 8), ("MEDIA", 3, 24), ("BAJA", 4, 72)]
NETWORK_NAME = "Red principal"
LOCATION_NAME, LOCATION_PREFIX = "Sede principal", "TKT"
INTAKE_AREA_NAMES = {"MESA": "Mesa de Ayuda"}


@dataclass
class Configuration:
    network: Network
    location: Location
    intake_area: Area
    priorities: dict[str, Priority]
    created: list[str] = field(default_factory=list)  # what this run added, for the output


@transaction.atomic
def ensure_configuration() -> Configuration:
    """Create whatever of the minimal configuration is missing; return the desk's pieces."""
    created: list[str] = []

    location = (
        Location.objects.select_related("network").filter(is_default=True).first()
        or Location.objects.select_related("network").order_by("name").first()
    )
    if location is not None:
        network = location.network
    else:
        network = Network.objects.order_by("name").first()
        if network is None:
            network = Network.objects.create(name=NETWORK_NAME)
            created.append(f"network {network.name!r} ({network.pk})")
        location = Location.objects.create(
            network=network, name=LOCATION_NAME, label_prefix=LOCATION_PREFIX, is_default=True
        )
        created.append(f"default location {location.name!r} (labels {location.label_prefix}-…)")

    code = settings.HELPDESK_DEFAULT_AREA.strip().upper()
    area = Area.objects.filter(Q(code__iexact=code) | Q(name__iexact=code)).first()
    if area is None:
        area = Area.objects.create(code=code, name=INTAKE_AREA_NAMES.get(code, code.title()))
        created.append(f"intake area {area.code} ({area.name})")

    priorities = {}
    for name, order, hours in PRIORITIES:
        priority = Priority.objects.filter(name__iexact=name).first()
        if priority is None:
            priority = Priority.objects.create(name=name, order=order, sla_hours=hours)
            created.append(f"priority {name} (SLA {hours} h)")
        priorities[name] = priority

    return Configuration(network, location, area, priorities, created)
