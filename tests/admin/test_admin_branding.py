"""The Django admin carries the product's name and version; OAuth models read in Spanish."""

from django.urls import reverse

from helpdesk.version import version
from tests.conftest import PASSWORD


def _admin_page(client, user, url):
    assert client.login(username=user.email, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_admin_shows_the_product_name_and_version(client, admin_user):
    html = _admin_page(client, admin_user, reverse("admin:index"))
    assert "Administración de la mesa de ayuda" in html
    assert "<title>Configuración | Mesa de ayuda</title>" in html
    assert "Django" not in html.split("<body", 1)[1].split('id="footer"')[0]
    footer = html.split('id="footer"', 1)[1]
    assert version() in footer and "Mesa de ayuda" in footer


def test_admin_login_page_carries_the_product_name(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert "Administración de la mesa de ayuda" in html
    assert "Administración de Django" not in html and "Sitio de administración" not in html


def test_oauth_models_have_spanish_names_in_the_admin(client, admin_user):
    html = _admin_page(client, admin_user, reverse("admin:index"))
    for name in ("OAuth2 (API Spacebring)", "Aplicaciones OAuth", "Tokens de acceso",
                 "Tokens de renovación"):  # fmt: skip
        assert name in html, name
    assert "Django OAuth Toolkit" not in html and "Access tokens" not in html


def test_oauth_application_form_labels_are_spanish(client, admin_user):
    html = _admin_page(client, admin_user, reverse("admin:oauth2_provider_application_add"))
    for label in ("Id de cliente", "Tipo de cliente", "URI de redirección", "Confidencial"):
        assert label in html, label
    assert "Client type" not in html


def test_english_admin_reads_english(client, admin_user):
    client.cookies["django_language"] = "en"
    html = _admin_page(client, admin_user, reverse("admin:index"))
    assert "Helpdesk administration" in html and "OAuth applications" in html


def test_the_admins_change_password_link_opens_the_portal_page(client, admin_user):
    html = _admin_page(client, admin_user, reverse("admin:password_change"))
    assert 'class="topbar"' in html and "Cambiar su contraseña" in html
