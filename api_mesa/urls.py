"""Routes of the Mesa de Ayuda API, included at ``/api/`` (after ``/api/schema/`` and
``/api/docs/``, which therefore keep working). The catch-all must stay last."""

from django.urls import path, re_path

from api_mesa.views import agent, attachments, auth, operations, public
from api_mesa.views.fallback import NotFoundView

app_name = "mesa"

_OPERATIONS = {
    "asignar": operations.AsignarView,
    "transferir": operations.TransferirView,
    "reclasificar": operations.ReclasificarView,
    "actualizar": operations.ActualizarView,
    "pausar": operations.PausarView,
    "reabrir": operations.ReabrirView,
    "cancelar": operations.CancelarView,
    "archivar": operations.ArchivarView,
}

urlpatterns = [
    path("auth/login", auth.LoginView.as_view(), name="login"),
    path("auth/refresh", auth.RefreshView.as_view(), name="refresh"),
    path("auth/logout-all", auth.LogoutAllView.as_view(), name="logout-all"),
    path("tickets/crear", public.CrearView.as_view(), name="crear"),
    path("tickets/consultar", public.ConsultarView.as_view(), name="consultar"),
    path("tickets/dashboard", agent.DashboardView.as_view(), name="dashboard"),
    path("tickets/adjuntos/<str:key>", attachments.AdjuntoView.as_view(), name="attachment"),
    path("tickets/<str:ticket_id>", agent.TicketDetailView.as_view(), name="detail"),
    *[
        path(f"tickets/<str:ticket_id>/{name}", view.as_view(), name=name)
        for name, view in _OPERATIONS.items()
    ],
    re_path(r"^.*$", NotFoundView.as_view(), name="not-found"),
]
