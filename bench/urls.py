"""The app's URLs plus the throughput floor: a bare Django view that selects one ticket by
primary key and answers JSON. Only ``bench/settings.py`` routes here."""

from django.http import Http404, JsonResponse
from django.urls import path

from helpdesk.urls import handler400, handler500  # noqa: F401
from helpdesk.urls import urlpatterns as app_urlpatterns
from tickets.models import Ticket


def floor(request, pk):
    row = Ticket.objects.filter(pk=pk).values("id", "label", "status", "subject").first()
    if row is None:
        raise Http404
    row["id"] = str(row["id"])
    return JsonResponse(row)


urlpatterns = [path("bench/floor/<uuid:pk>", floor), *app_urlpatterns]
