"""Four ways in, one domain: Django admin, the two API faces, the portal and the public pages."""

from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider import views as oauth2_views

from accounts import oauth_views
from accounts.views import LoginView, PasswordResetView, logout_everywhere
from core.csp import csp_report
from core.ratelimit import limit_failed_logins

handler400 = "helpdesk.errors.bad_request"
handler500 = "helpdesk.errors.server_error"


# OAuth2: only what the authorization-code flow needs. Applications are registered by an
# ADMIN in the Django admin, not through django-oauth-toolkit's self-service pages.
# Served at the contract's paths (``/oauth2/token``) and, as before, with a trailing slash:
# no redirect, since a client re-sends a redirected POST as a GET.
_OAUTH2_VIEWS = [
    ("authorize", oauth2_views.AuthorizationView, "authorize"),
    ("token", oauth_views.TokenView, "token"),  # a refused Basic client gets a Basic challenge
    ("revoke_token", oauth_views.RevokeTokenView, "revoke-token"),
]
oauth2_urls = [
    route
    for prefix, view, name in _OAUTH2_VIEWS
    for route in (
        path(f"{prefix}/", view.as_view(), name=name),  # reverse() keeps the slashed form
        path(prefix, view.as_view()),
    )
]


def favicon(request):
    """Browsers ask for /favicon.ico on every page that names none (the admin's)."""
    return redirect(static("img/logo.svg"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/login/", limit_failed_logins(admin.site.login)),
    path("admin/", admin.site.urls),
    path("oauth2/", include((oauth2_urls, "oauth2_provider"), namespace="oauth2_provider")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="swagger-ui",
    ),
    path("csp-report/", csp_report, name="csp-report"),
    path("support/", include("api_spacebring.urls")),
    path("api/", include("api_mesa.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", limit_failed_logins(LoginView.as_view()), name="login"),
    path("accounts/logout-everywhere/", logout_everywhere, name="logout-everywhere"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("portal/notifications/", include("notifications.urls")),
    path("portal/reports/", include("reports.urls")),
    path("portal/mail/", include("mail.portal_urls")),
    path("portal/", include("portal.urls")),
    path("", include("mail.urls")),
    path("", include("surveys.urls")),
    path("", include("requester.urls")),
]
