""" "My tickets": a logged-in USUARIO's tickets (by account e-mail), newest first, keyset-
paginated, each with its status and the desk's latest public answer, each opening the same
requester page as the e-mail links. Four queries per page whatever its size (session,
user, tickets, answers)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.views import View

from core import keyset
from tickets import selectors
from tickets.models import Activity
from tickets.selectors import links
from tickets.selectors.history import requester_safe_name

PAGE_SIZE = 20


class MyTicketsView(LoginRequiredMixin, View):
    def get(self, request):
        if request.user.is_agent:
            return redirect("portal:dashboard")
        page = keyset.page(  # a malformed cursor reads as the first page
            selectors.requester_ticket_list(user=request.user).order_by("-created_at", "-id"),
            size=PAGE_SIZE,
            after=request.GET.get("despues"),
        )
        rows = page.rows
        answers = Activity.objects.in_bulk([t.latest_answer_id for t in rows if t.latest_answer_id])
        items = []
        for ticket in rows:
            answer = answers.get(ticket.latest_answer_id)
            items.append(
                {
                    "ticket": ticket,
                    "url": links.requester_ticket_path(ticket),
                    "answer": answer.data.get("text", "") if answer else "",
                    "answer_by": requester_safe_name(answer.actor_snapshot) if answer else "",
                    "answer_at": answer.created_at if answer else None,
                }
            )
        return render(
            request,
            "public/my_tickets.html",
            {
                "items": items,
                "next_cursor": page.older,
                "first_page": "despues" not in request.GET,
            },
        )
