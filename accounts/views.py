"""``POST /accounts/logout-everywhere/``: end every session and token of the user."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.credentials import log_out_everywhere


@require_POST
@login_required
def logout_everywhere(request):
    log_out_everywhere(request.user)
    logout(request)
    messages.success(request, _("You were logged out on every device."))
    return redirect("login")
