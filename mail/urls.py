from django.urls import path

from mail.inbound.views import inbound_email

app_name = "mail"

urlpatterns = [
    path("inbound/email", inbound_email, name="inbound-email"),
]
