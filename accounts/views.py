"""Account pages: log out everywhere, and the password reset request."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.credentials import log_out_everywhere
from core import ratelimit


@require_POST
@login_required
def logout_everywhere(request):
    log_out_everywhere(request.user)
    logout(request)
    messages.success(request, _("You were logged out on every device."))
    return redirect("login")


class LoginView(auth_views.LoginView):
    """Django's login page; without a ``next``, agents land on the portal and a requester
    (USUARIO) on "my tickets" directly. The portal's "the portal is for agents" message is then
    only for a requester who opens the portal."""

    def get_default_redirect_url(self):
        user = self.request.user
        if user.is_authenticated and not user.is_agent:
            return resolve_url("public:mine")
        return super().get_default_redirect_url()


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, hardened:

    - every link in the mail is built from ``HELPDESK_SITE_URL``, never from the request's
      ``Host`` (a loose ``ALLOWED_HOSTS`` cannot point the link at another site);
    - requests are limited per client address (429 page) and per e-mail address (beyond
      the limit no mail is sent, and the answer is the same "check your inbox" page);
    - the answer never tells whether an account has that address.
    """

    def post(self, request, *args, **kwargs):
        if not ratelimit.allow(request, "password-reset"):
            return ratelimit.too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        site = urlsplit(settings.HELPDESK_SITE_URL)
        if ratelimit.allow_subject("password-reset-address", form.cleaned_data["email"]):
            form.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                token_generator=self.token_generator,
                from_email=self.from_email,
                email_template_name=self.email_template_name,
                subject_template_name=self.subject_template_name,
                html_email_template_name=self.html_email_template_name,
                extra_email_context={"site_url": settings.HELPDESK_SITE_URL.rstrip("/")},
                request=self.request,
            )
        return HttpResponseRedirect(self.get_success_url())
