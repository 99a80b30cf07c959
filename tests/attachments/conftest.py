import pytest

from tests import files
from tickets import services


@pytest.fixture
def with_files(ticket, mesa_user):
    """Area A's ticket with a public response carrying a PNG and an internal note carrying
    a PDF: (ticket, public attachment, internal attachment)."""
    response = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Vea la captura", uploads=[files.png("captura.png")]
    )
    note = services.ticket_comment(
        actor=mesa_user,
        ticket=ticket,
        text="Factura del proveedor",
        public=False,
        uploads=[files.pdf("factura-interna.pdf")],
    )
    return ticket, response.attachments.get(), note.attachments.get()
