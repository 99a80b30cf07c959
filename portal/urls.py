"""Agent portal: /portal/ (session login, agents only)."""

from django.urls import path

from portal.views.attachments import AttachmentView
from portal.views.bulk import BulkView
from portal.views.create import TicketCreateView
from portal.views.dashboard import DashboardView
from portal.views.export import ExportView
from portal.views.macros import MacroDeleteView, MacroEditView, MacroListView
from portal.views.mentions import MentionableView
from portal.views.presence import presence_view
from portal.views.saved_views import (
    SavedViewCreateView,
    SavedViewDeleteView,
    SavedViewListView,
    SavedViewUpdateView,
)
from portal.views.tags import TagSuggestView, TicketTagView
from portal.views.ticket import TicketActionView, TicketDetailView

app_name = "portal"

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("export.csv", ExportView.as_view(), name="export"),
    path("bulk/", BulkView.as_view(), name="bulk"),
    path("tags/", TagSuggestView.as_view(), name="tag_suggest"),
    path("views/", SavedViewListView.as_view(), name="views"),
    path("views/new/", SavedViewCreateView.as_view(), name="view_create"),
    path("views/<int:pk>/", SavedViewUpdateView.as_view(), name="view_update"),
    path("views/<int:pk>/delete/", SavedViewDeleteView.as_view(), name="view_delete"),
    path("tickets/new/", TicketCreateView.as_view(), name="create"),
    path("tickets/<uuid:pk>/", TicketDetailView.as_view(), name="ticket"),
    path("tickets/<uuid:pk>/presence/", presence_view, name="presence"),
    path("tickets/<uuid:pk>/mentionable/", MentionableView.as_view(), name="mentionable"),
    path("tickets/<uuid:pk>/tags/add/", TicketTagView.as_view(), name="tag_add"),
    path("tickets/<uuid:pk>/tags/remove/", TicketTagView.as_view(remove=True), name="tag_remove"),
    path("macros/", MacroListView.as_view(), name="macros"),
    path("macros/new/", MacroEditView.as_view(), name="macro-new"),
    path("macros/<int:pk>/", MacroEditView.as_view(), name="macro"),
    path("macros/<int:pk>/delete/", MacroDeleteView.as_view(), name="macro-delete"),
    path("attachments/<str:key>/", AttachmentView.as_view(), name="attachment"),
    path("tickets/<uuid:pk>/<slug:action>/", TicketActionView.as_view(), name="action"),
]
