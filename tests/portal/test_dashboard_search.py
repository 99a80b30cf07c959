"""The dashboard's search box: best matches first, only what the role may see."""

from django.db import connection
from django.urls import reverse


def test_portal_search_lists_best_matches_first(client_for, make_ticket):
    make_ticket(subject="Proyector", description="El proyector no enciende.")
    make_ticket(subject="Otra cosa", description="menciona el proyector de pasada")
    rows = client_for("mesa").get(reverse("portal:dashboard"), {"q": "proyector"}).context["rows"]
    subjects = [t.subject for t, _sla in rows]
    assert sorted(subjects) == ["Otra cosa", "Proyector"]
    if connection.vendor == "postgresql":
        assert subjects == ["Proyector", "Otra cosa"]


def test_search_never_shows_another_areas_ticket(client_for, make_ticket, area_b):
    make_ticket(subject="Proyector", area=area_b)
    rows = client_for("area_own").get(reverse("portal:dashboard"), {"q": "proyector"})
    assert rows.context["rows"] == []
