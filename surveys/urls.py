from django.urls import path

from surveys.views import RateView

app_name = "surveys"

urlpatterns = [
    path("valorar/<str:token>/", RateView.as_view(), name="rate"),
]
