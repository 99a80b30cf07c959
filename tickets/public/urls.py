"""Requester pages at the site root (no account needed)."""

from django.urls import path

from tickets.public import views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("crear/", views.CreateView.as_view(), name="create"),
    path("crear/recibido/", views.CreatedView.as_view(), name="created"),
    path("consultar/", views.LookupView.as_view(), name="lookup"),
    path("zona-horaria/", views.set_timezone, name="timezone"),
]
