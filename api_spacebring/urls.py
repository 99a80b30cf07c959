"""Mounted at ``support/`` by ``helpdesk/urls.py``; the API lives at ``support/tickets/v1``
(no trailing slashes, as Spacebring's paths). The last route answers any other URL under
``/support/`` with 404 in this face's error shape instead of an HTML page."""

from django.urls import path, re_path

from api_spacebring import attachments, views

BASE = "tickets/v1"

urlpatterns = [
    path(BASE, views.TicketsView.as_view(), name="spacebring-tickets"),
    # Before ``<id>``: "attachments" is not a ticket id.
    path(
        f"{BASE}/attachments",
        attachments.AttachmentsView.as_view(),
        name="spacebring-attachments",
    ),
    path(
        f"{BASE}/attachments/<str:key>",
        attachments.AttachmentDownloadView.as_view(),
        name="spacebring-attachment",
    ),
    path(f"{BASE}/<str:id>", views.TicketDetailView.as_view(), name="spacebring-ticket"),
    path(
        f"{BASE}/<str:id>/status",
        views.TicketStatusView.as_view(),
        name="spacebring-ticket-status",
    ),
    path(
        f"{BASE}/<str:id>/assignee",
        views.TicketAssigneeView.as_view(),
        name="spacebring-ticket-assignee",
    ),
    path(
        f"{BASE}/<str:id>/comments",
        views.TicketCommentsView.as_view(),
        name="spacebring-ticket-comments",
    ),
    re_path(r"^.*$", views.UnknownRouteView.as_view(), name="spacebring-unknown"),
]
