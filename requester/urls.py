"""Requester pages at the site root (no account needed, but "my tickets")."""

from django.urls import path

from requester import answers, attachments, mine, views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("crear/", views.CreateView.as_view(), name="create"),
    path("crear/recibido/", views.CreatedView.as_view(), name="created"),
    path("consultar/", views.LookupView.as_view(), name="lookup"),
    # Signed links (tickets/public/links.py): the ticket page and the requester's answers.
    path("consultar/t/<str:token>/", answers.TicketLinkView.as_view(), name="ticket"),
    path("consultar/t/<str:token>/responder/", answers.ReplyView.as_view(), name="reply"),
    path("consultar/t/<str:token>/confirmar/", answers.ConfirmView.as_view(), name="confirm"),
    path("consultar/t/<str:token>/sigue-fallando/", answers.ReopenView.as_view(), name="reopen"),
    path("mis-tickets/", mine.MyTicketsView.as_view(), name="mine"),
    path("consultar/ticket/", attachments.LookedUpTicketView.as_view(), name="looked-up"),
    path("consultar/adjuntar/", attachments.AttachView.as_view(), name="attach"),
    path("adjuntos/<str:token>/", attachments.RequesterDownloadView.as_view(), name="attachment"),
    path("zona-horaria/", views.set_timezone, name="timezone"),
]
