"""Forgot / reset / change password: linked from the login page, in the portal's look and
language (not "Django site admin"), and working end to end."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new password 31"  # noqa: S105
PAGES = ["password_reset", "password_reset_done", "password_reset_complete"]


def assert_portal_page(response, *texts):
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="topbar"' in html and "css/app.css" in html  # templates/base.html
    assert "Django" not in html and "admin/css" not in html
    for text in texts:
        assert text in html, text
    return html


def test_login_page_links_to_forgot_password(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html
    assert "¿Olvidó su contraseña?" in html


@pytest.mark.parametrize("name", PAGES)
def test_reset_pages_use_the_portal_template_in_spanish(client, name):
    title = {
        "password_reset": "¿Olvidó su contraseña?",
        "password_reset_done": "Revise su correo",
        "password_reset_complete": "Contraseña guardada",
    }[name]
    assert_portal_page(client.get(reverse(name)), title, 'lang="es"')


def test_reset_pages_follow_the_chosen_language(client):
    client.cookies["django_language"] = "en"
    assert_portal_page(client.get(reverse("password_reset")), "Forgot your password?")


def test_an_agent_resets_the_password_by_e_mail_and_logs_in_with_it(client, mesa_user):
    response = client.post(reverse("password_reset"), {"email": mesa_user.email})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == [mesa_user.email]
    assert message.subject == "Elija una nueva contraseña para la mesa de ayuda"
    assert mesa_user.email in message.body and "Django" not in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)

    confirm = client.get(link, follow=True)
    html = assert_portal_page(confirm, "Elija una nueva contraseña")
    assert 'name="new_password1"' in html
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    assert client.login(username=mesa_user.email, password=NEW_PASSWORD)


def test_a_used_or_wrong_reset_link_says_so_in_the_portal(client):
    url = reverse("password_reset_confirm", args=["MQ", "set-password"])
    assert_portal_page(client.get(url), "Este enlace ya no sirve", reverse("password_reset"))


def test_an_agent_changes_the_password_in_the_portal_look(client, area_a_user):
    assert client.login(username=area_a_user.email, password=PASSWORD)
    assert_portal_page(client.get(reverse("password_change")), "Cambiar su contraseña")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    assert_portal_page(client.get(response.url), "Su contraseña fue cambiada.")
    area_a_user.refresh_from_db()
    assert area_a_user.check_password(NEW_PASSWORD)


def test_a_wrong_old_password_is_shown_as_a_form_error(client, area_a_user):
    assert client.login(username=area_a_user.email, password=PASSWORD)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert_portal_page(response, 'class="alert alert--error"', "field--error")
