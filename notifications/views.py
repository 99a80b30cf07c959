"""The agent's notifications page, opening one, "mark all read" and the profile page with
the notification preferences. Agents only (the portal's mixin) — except the unsubscribe link
of the digests, which works without a session (the signed token is the credential)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from accounts.models import User
from core.web import AgentRequiredMixin
from notifications import selectors, services, unsubscribe
from notifications.forms import PreferenceForm
from notifications.models import Preference

PAGE_SIZE = 25


class NotificationListView(AgentRequiredMixin, View):
    def get(self, request):
        # ``before``: older than the row the token names (a malformed one: the first page).
        page = selectors.page(request.user, after=request.GET.get("before"), size=PAGE_SIZE)
        ctx = {
            "notes": page.rows,
            "next_cursor": page.older,
            "first_page": not request.GET.get("before"),
        }
        return TemplateResponse(request, "notifications/list.html", ctx)


class MarkAllReadView(AgentRequiredMixin, View):
    def post(self, request):
        n = selectors.notifications_for(request.user).filter(read_at__isnull=True).update(
            read_at=timezone.now()
        )
        messages.success(request, _("%(n)d notification(s) marked as read.") % {"n": n})
        return redirect("notifications:list")


class OpenNotificationView(AgentRequiredMixin, View):
    """Mark one read and go to its ticket (only while the agent may still see it)."""

    def get(self, request, pk):
        note = selectors.notifications_for(request.user).filter(pk=pk).first()
        if note is None:
            raise Http404
        if note.read_at is None:
            type(note).objects.filter(pk=note.pk).update(read_at=timezone.now())
        return redirect("portal:ticket", pk=note.ticket_id)


class ProfileView(AgentRequiredMixin, View):
    def _form(self, data=None):
        pref = Preference.objects.filter(user=self.request.user).first()
        return PreferenceForm(data, instance=pref or Preference(user=self.request.user))

    def get(self, request):
        return TemplateResponse(request, "notifications/profile.html", {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if not form.is_valid():
            return TemplateResponse(
                request, "notifications/profile.html", {"form": form}, status=400
            )
        form.save()
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:profile")


@method_decorator(csrf_exempt, name="dispatch")  # RFC 8058: the mail provider POSTs, no cookie
class UnsubscribeView(View):
    """``GET`` asks for confirmation (link checkers and previews only GET); ``POST`` — the
    button, or a mail client's one-click ``List-Unsubscribe=One-Click`` — stops the digests."""

    def _user(self, token: str) -> User:
        user_id = unsubscribe.user_id_from(token)
        user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
        if user is None:
            raise Http404
        return user

    def get(self, request, token):
        user = self._user(token)
        ctx = {"email": user.email, "done": False}
        return TemplateResponse(request, "notifications/unsubscribe.html", ctx)

    def post(self, request, token):
        user = self._user(token)
        services.preference_stop_emails(user=user)
        ctx = {"email": user.email, "done": True}
        return TemplateResponse(request, "notifications/unsubscribe.html", ctx)
