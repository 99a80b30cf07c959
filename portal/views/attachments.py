"""An attachment download for agents: their session, ``ticket_for(VIEW)`` on its
ticket (another area's ticket is a 403), internal files for agents only."""

from django.views import View

from core.web import AgentRequiredMixin, DomainErrorsMixin
from tickets import selectors
from tickets.selectors.files import attachment_response


class AttachmentView(AgentRequiredMixin, DomainErrorsMixin, View):
    def get(self, request, key):
        row = selectors.attachment_for(request.user, key)
        return attachment_response(row, inline=request.GET.get("inline") == "1")
