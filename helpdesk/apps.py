"""App configurations that give Django's admin, django-oauth-toolkit and simplejwt's token
blacklist the product's words.

``django.contrib.admin`` runs with :class:`helpdesk.admin_site.HelpdeskAdminSite`;
django-oauth-toolkit ships no Spanish catalog and no model names, so its section of the admin
gets them here (names set on the models' ``_meta`` at start-up, which migrations never see;
field labels through ``locale/``, see :data:`THIRD_PARTY_MESSAGES`). simplejwt keeps its
catalogs beside the package, not the app, so Django never loads them: the token blacklist
(Mesa API refresh tokens) gets its names the same way.

The admin's config is the project's first app, so its ``ready()`` is where a production
process refuses to start unsafely (``helpdesk/startup.py``), before any other app starts.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from oauth2_provider.apps import DOTConfig

from helpdesk.startup import refuse_unsafe_start


class HelpdeskAdminConfig(AdminConfig):
    default_site = "helpdesk.admin_site.HelpdeskAdminSite"

    def ready(self):
        # The project's first app: every process (gunicorn, Celery, each command) stops here,
        # before any other app starts, when DEBUG is off and the key or hosts are unsafe
        # (helpdesk/startup.py). The test settings switch it off.
        if settings.HELPDESK_REFUSE_UNSAFE_START:
            try:
                secret_key = settings.SECRET_KEY
            except ImproperlyConfigured:  # Django's own refusal of an empty key: say ours
                secret_key = ""
            refuse_unsafe_start(
                debug=settings.DEBUG,
                secret_key=secret_key,
                fallbacks=settings.SECRET_KEY_FALLBACKS,
                allowed_hosts=settings.ALLOWED_HOSTS,
            )
        super().ready()
        # simplejwt's token blacklist must stay in INSTALLED_APPS under its own path (its
        # models check for it), so its names are given here.
        blacklist = apps.get_app_config("token_blacklist")
        blacklist.verbose_name = _("Mesa API sessions (JWT)")
        for model in blacklist.get_models():
            names = JWT_MODEL_NAMES.get(model._meta.model_name)
            if names:
                model._meta.verbose_name, model._meta.verbose_name_plural = names


# Model name, plural, for each django-oauth-toolkit model shown in the admin.
OAUTH_MODEL_NAMES = {
    "application": (_("OAuth application"), _("OAuth applications")),
    "accesstoken": (_("access token"), _("access tokens")),
    "refreshtoken": (_("refresh token"), _("refresh tokens")),
    "grant": (_("authorization grant"), _("authorization grants")),
    "idtoken": (_("ID token"), _("ID tokens")),
    "devicegrant": (_("device grant"), _("device grants")),
}

# Model name, plural, for simplejwt's token-blacklist models.
JWT_MODEL_NAMES = {
    "outstandingtoken": (_("issued JWT"), _("issued JWTs")),
    "blacklistedtoken": (_("revoked JWT"), _("revoked JWTs")),
}

# django-oauth-toolkit's and simplejwt's own labels (their code calls gettext on them): listed
# here so that `make messages` keeps their entries in locale/, whose catalogs translate them.
THIRD_PARTY_MESSAGES = [
    gettext_noop("client ID"),
    gettext_noop("client secret"),
    gettext_noop("client type"),
    gettext_noop("authorization grant type"),
    gettext_noop("redirect URIs"),
    gettext_noop("post logout redirect URIs"),
    gettext_noop("hash client secret"),
    gettext_noop("skip authorization"),
    gettext_noop("allowed origins"),
    gettext_noop("algorithm"),
    gettext_noop("registration source"),
    gettext_noop("application"),
    gettext_noop("token"),
    gettext_noop("expires"),
    gettext_noop("scope"),
    gettext_noop("revoked"),
    gettext_noop("updated"),
    gettext_noop("redirect URI"),
    gettext_noop("Client secret for authentication"),
    gettext_noop("Confidential"),
    gettext_noop("Public"),
    gettext_noop("Authorization code"),
    gettext_noop("Client credentials"),
    gettext_noop("No OIDC support"),
    gettext_noop("jti"),
    gettext_noop("created at"),
    gettext_noop("expires at"),
    gettext_noop("blacklisted at"),
    gettext_noop("Token for %(user)s (%(jti)s)"),
    gettext_noop("Blacklisted token for %(user)s"),
]


class OAuth2ProviderConfig(DOTConfig):
    verbose_name = _("OAuth2 (Spacebring API)")

    def ready(self):
        super().ready()
        for model in self.get_models():
            names = OAUTH_MODEL_NAMES.get(model._meta.model_name)
            if names:
                model._meta.verbose_name, model._meta.verbose_name_plural = names
