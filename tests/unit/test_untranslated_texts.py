"""Texts that stayed in one language: the Spanish pager, the attachment limits in English,
"Must be an object." in Spanish, and simplejwt's token blacklist in the Spanish admin."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from portal.views.dashboard import PAGE_SIZE
from tests.conftest import PASSWORD
from tickets.errors import ValidationFailed
from tickets.services.saved_views import clean_view_params

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LITERAL = re.compile(r'{%\s*(?:translate|trans)\s+"((?:[^"\\]|\\.)*)"')


def test_every_literal_template_text_has_a_spanish_translation():
    catalog = trans_real.translation("es")._catalog
    missing = sorted(
        (path.relative_to(TEMPLATES).as_posix(), text)
        for path in TEMPLATES.rglob("*.html")
        for text in LITERAL.findall(path.read_text())
        if text not in catalog
    )
    assert missing == []


@pytest.mark.django_db
def test_the_spanish_dashboard_pager_reads_spanish(client, mesa_user, make_ticket):
    for _ in range(PAGE_SIZE + 1):
        make_ticket()
    client.force_login(mesa_user)
    html = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'rel="next">Siguiente</a>' in html
    assert ">Next<" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Up to 5 files of 10.0\xa0MB each"),
        ("es", "Hasta 5 archivos de 10,0\xa0MB cada uno"),
    ],
)
def test_the_attachment_limits_read_in_the_page_language(client, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/crear/").content.decode()
    assert expected in html


def test_must_be_an_object_reads_spanish():
    with translation.override("es"), pytest.raises(ValidationFailed) as caught:
        clean_view_params(["not", "an", "object"])
    assert "Debe ser un objeto." in str(caught.value.errors)


@pytest.mark.django_db
def test_the_spanish_admin_names_the_token_blacklist_in_spanish(client, admin_user):
    assert client.login(username=admin_user.email, password=PASSWORD)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    for name in ("Sesiones de la API Mesa (JWT)", "JWT emitidos", "JWT revocados"):
        assert name in html, name
    for english in ("Token Blacklist", "Outstanding Tokens", "Blacklisted Tokens"):
        assert english not in html, english
