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


def test_ranked_search_pages_walk_every_match_once(client_for, make_ticket):
    for i in range(30):
        text = "proyector " * (1 + i % 4)
        make_ticket(subject=f"T{i}", description=f"{text} sala {i}")
    make_ticket(subject="Silla", description="Silla rota")
    client = client_for("mesa")
    url = reverse("portal:dashboard")
    response = client.get(url, {"q": "proyector"})
    seen = []
    while True:
        seen += [t.subject for t, _sla in response.context["rows"]]
        older = response.context["page"].older
        if older is None:
            break
        response = client.get(url, {"q": "proyector", "after": older})
    assert sorted(seen) == sorted(f"T{i}" for i in range(30))


def test_search_ranks_the_newest_matches_of_the_filtered_list(client_for, make_ticket, monkeypatch):
    """The other filters narrow the list before the search bounds it: a filter never
    hides matches the bound dropped for tickets the filter excludes anyway."""
    from tickets.models import Status, Ticket
    from tickets.selectors import search

    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 2)
    wanted = make_ticket(subject="Proyector viejo", description="proyector")
    for i in range(3):
        make_ticket(subject=f"Proyector {i}", description="proyector")
    Ticket.objects.exclude(pk=wanted.pk).update(status=Status.EN_PROCESO)
    rows = client_for("mesa").get(reverse("portal:dashboard"), {"q": "proyector",
                                                                "status": "NUEVO"})  # fmt: skip
    assert [t.pk for t, _sla in rows.context["rows"]] == [wanted.pk]


def test_search_sorted_by_date_lists_every_match(client_for, make_ticket, monkeypatch):
    from tickets.selectors import search

    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 2)
    for i in range(4):
        make_ticket(subject=f"Proyector {i}", description="proyector")
    response = client_for("mesa").get(reverse("portal:dashboard"),
                                      {"q": "proyector", "ordering": "-created"})  # fmt: skip
    assert len(response.context["rows"]) == 4
