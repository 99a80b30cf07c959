"""The Django admin under the product's name, with the desk's version in its footer."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from helpdesk.version import version


class HelpdeskAdminSite(admin.AdminSite):
    site_header = _("Helpdesk administration")
    site_title = _("Helpdesk")
    index_title = _("Configuration")

    def each_context(self, request):
        return {**super().each_context(request), "helpdesk_version": version()}
