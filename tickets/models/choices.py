"""The domain's fixed vocabularies: types, history kinds, SLA alerts, pause kinds (the
statuses are the workflow's: ``tickets.workflow.Status``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tipo(models.TextChoices):
    """Mesa de Ayuda request kind."""

    PETICION = "PETICION", _("Request")
    QUEJA = "QUEJA", _("Complaint")
    RECLAMO = "RECLAMO", _("Claim")
    SUGERENCIA = "SUGERENCIA", _("Suggestion")
    INCIDENTE = "INCIDENTE", _("Incident")
    SOLICITUD = "SOLICITUD", _("Service request")
    CONSULTA = "CONSULTA", _("Question")


class SpacebringType(models.TextChoices):
    ACCESS = "access", _("Access")
    ACCOUNT_AND_BILLING = "accountAndBilling", _("Account and billing")
    BOOKINGS = "bookings", _("Bookings")
    CLEANING = "cleaning", _("Cleaning")
    DISCRIMINATION_AND_HARASSMENT = (
        "discriminationAndHarassment",
        _("Discrimination and harassment"),
    )
    INTERNET = "internet", _("Internet")
    MAIL_AND_PACKAGES = "mailAndPackages", _("Mail and packages")
    NOISE_AND_ACOUSTICS = "noiseAndAcoustics", _("Noise and acoustics")
    OFFENSIVE_CONTENT = "offensiveOrObjectionableContent", _("Offensive or objectionable content")
    OTHER = "other", _("Other")
    PRINTING = "printing", _("Printing")
    REPAIR_AND_MAINTENANCE = "repairAndMaintenance", _("Repair and maintenance")
    TEMPERATURE_AND_VENTILATION = "temperatureAndVentilation", _("Temperature and ventilation")
    WEBSITE_AND_APP = "websiteAndApp", _("Website and app")


class ActivityType(models.TextChoices):
    TICKET_CREATED = "ticketCreated", _("Ticket created")
    STATUS_UPDATED = "statusUpdated", _("Status updated")
    ASSIGNEE_UPDATED = "assigneeUpdated", _("Assignee updated")
    COMMENT = "comment", _("Comment")
    AREA_TRANSFERRED = "areaTransferred", _("Area transferred")
    RECLASSIFIED = "reclassified", _("Reclassified")
    SLA_ALERT = "slaAlert", _("SLA alert")
    TAGS_UPDATED = "tagsUpdated", _("Tags changed")  # internal, agents only
    RATING = "rating", _("Satisfaction rating")


class SlaAlertKind(models.TextChoices):
    WARNING = "warning", _("SLA breaching soon")
    BREACH = "breach", _("SLA breached")
    FIRST_RESPONSE_BREACH = "firstResponseBreach", _("First response overdue")


class PauseKind(models.TextChoices):
    """What a paused ticket waits for. The requester's answer, by any way in, resumes a
    ticket that waits for them (``services.requester``); a third party's does not come
    through the helpdesk, so that pause lasts until an agent resumes it."""

    REQUESTER = "requester", _("Waiting for the requester")
    THIRD_PARTY = "third_party", _("Waiting for a third party")
