"""Mounted at /portal/mail/ (agents only): received e-mail to review."""

from django.urls import path

from mail import views

app_name = "inbox"

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="review"),
    path("<int:pk>/", views.MessageView.as_view(), name="message"),
    path("<int:pk>/raw/", views.RawView.as_view(), name="raw"),
    path("<int:pk>/attach/", views.AttachView.as_view(), name="attach"),
    path("<int:pk>/open/", views.OpenTicketView.as_view(), name="open"),
    path("<int:pk>/discard/", views.DiscardView.as_view(), name="discard"),
]
