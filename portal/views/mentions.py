"""``GET /portal/tickets/<id>/mentionable/?q=…``: agents who may see the ticket, for the
internal-note box's @mention suggestions (JSON, at most 10)."""

from django.db.models import Q
from django.http import JsonResponse
from django.views import View

from core.web import AgentRequiredMixin, DomainErrorsMixin
from tickets.access import Action, agents_who_can_see, ticket_for

LIMIT = 10


class MentionableView(AgentRequiredMixin, DomainErrorsMixin, View):
    def get(self, request, pk):
        ticket = ticket_for(request.user, id=pk, action=Action.NOTE)
        q = request.GET.get("q", "").strip()[:50]
        agents = agents_who_can_see(ticket).exclude(pk=request.user.pk)
        if q:
            agents = agents.filter(
                Q(name__icontains=q) | Q(surname__icontains=q) | Q(email__istartswith=q)
            )
        rows = agents.order_by("name", "surname", "email").values("name", "surname", "email")
        found = [
            {"name": f"{r['name']} {r['surname']}".strip() or r["email"], "email": r["email"]}
            for r in rows[:LIMIT]
        ]
        return JsonResponse({"agents": found})
