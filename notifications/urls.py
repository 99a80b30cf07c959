"""Mounted at /portal/notifications/ (agents only, but for the signed unsubscribe link)."""

from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read-all/", views.MarkAllReadView.as_view(), name="read_all"),
    path("<int:pk>/", views.OpenNotificationView.as_view(), name="open"),
    path("settings/", views.ProfileView.as_view(), name="profile"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
