"""Ticket text holding markup renders as text on every page that shows it."""

import csv
import io

from django.urls import reverse

from tickets import services

RAW = ['<script>alert("s")</script>', "<img src=x onerror=alert(1)>", "<b>Mallory</b>"]


def assert_escaped(html: str):
    for raw in RAW:
        assert raw not in html
    assert "&lt;script&gt;" in html


def test_dashboard_escapes_ticket_text(client_for, xss_ticket):
    assert_escaped(client_for("mesa").get(reverse("portal:dashboard")).content.decode())


def test_detail_escapes_ticket_text_and_comments(client_for, xss_ticket, users):
    services.ticket_comment(actor=users["mesa"], ticket=xss_ticket, text=RAW[1], public=False)
    html = client_for("mesa").get(reverse("portal:ticket", args=[xss_ticket.pk])).content.decode()
    assert_escaped(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_csv_export_holds_the_text_verbatim_as_data(client_for, xss_ticket):
    response = client_for("mesa").get(reverse("portal:export"))
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(body)))[1]
    assert row[1] == RAW[0]  # plain data in a CSV, never served as HTML


def test_lookup_and_confirmation_escape_ticket_text(client, priorities, location, area_mesa):
    response = client.post(
        reverse("public:create"),
        {
            "nombre": "<b>Mallory</b>",
            "email": "m@example.com",
            "tipo": "QUEJA",
            "categoria": "<b>x</b>",
            "urgencia": "low",
            "asunto": RAW[0],
            "descripcion": '"><img src=x onerror=alert(1)> <script>alert("d")</script>',
        },
    )
    confirmation = client.get(response.url).content.decode()
    assert_escaped(confirmation)
    label = client.session["public_created_ticket"]["label"]
    lookup = client.post(reverse("public:lookup"), {"label": label, "email": "m@example.com"})
    assert lookup.status_code == 200
    assert_escaped(lookup.content.decode())
