"""Requester pages at the site root (no account needed)."""

from django.urls import path

from tickets.public import attachments, views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("crear/", views.CreateView.as_view(), name="create"),
    path("crear/recibido/", views.CreatedView.as_view(), name="created"),
    path("consultar/", views.LookupView.as_view(), name="lookup"),
    path("consultar/ticket/", attachments.LookedUpTicketView.as_view(), name="looked-up"),
    path("consultar/adjuntar/", attachments.AttachView.as_view(), name="attach"),
    path("adjuntos/<str:token>/", attachments.RequesterDownloadView.as_view(), name="attachment"),
    path("zona-horaria/", views.set_timezone, name="timezone"),
]
