"""Agent portal: /portal/ (session login, agents only)."""

from django.urls import path

from tickets.portal.views.attachments import AttachmentView
from tickets.portal.views.create import TicketCreateView
from tickets.portal.views.dashboard import DashboardView
from tickets.portal.views.export import ExportView
from tickets.portal.views.macros import MacroDeleteView, MacroEditView, MacroListView
from tickets.portal.views.mentions import MentionableView
from tickets.portal.views.presence import presence_view
from tickets.portal.views.ticket import TicketActionView, TicketDetailView

app_name = "portal"

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("export.csv", ExportView.as_view(), name="export"),
    path("tickets/new/", TicketCreateView.as_view(), name="create"),
    path("tickets/<uuid:pk>/", TicketDetailView.as_view(), name="ticket"),
    path("tickets/<uuid:pk>/presence/", presence_view, name="presence"),
    path("tickets/<uuid:pk>/mentionable/", MentionableView.as_view(), name="mentionable"),
    path("macros/", MacroListView.as_view(), name="macros"),
    path("macros/new/", MacroEditView.as_view(), name="macro-new"),
    path("macros/<int:pk>/", MacroEditView.as_view(), name="macro"),
    path("macros/<int:pk>/delete/", MacroDeleteView.as_view(), name="macro-delete"),
    path("attachments/<str:key>/", AttachmentView.as_view(), name="attachment"),
    path("tickets/<uuid:pk>/<slug:action>/", TicketActionView.as_view(), name="action"),
]
