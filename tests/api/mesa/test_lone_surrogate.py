"""A lone surrogate (``"\\ud800"``) anywhere in a JSON body is a 400 in the Mesa shape, never a
500 from quoting it back in the error message."""

import pytest

from tickets.models import Ticket

CREAR = "/api/tickets/crear"
BODY = (
    '{"nombre": "Laura", "email": "laura@example.com", "tipo": %s, "categoria": "Correo",'
    ' "descripcion": "No puedo entrar al correo corporativo.", "prioridad": %s}'
)


@pytest.mark.parametrize(
    ("tipo", "prioridad"),
    [('"\\ud800"', '"ALTA"'), ('"INCIDENTE"', '"\\udfff"'), ('"INCIDENTE"', '"AL\\ud83dTA"')],
)
def test_a_lone_surrogate_in_a_choice_field_is_a_400(
    api, location, priorities, area_mesa, tipo, prioridad
):
    response = api.generic("POST", CREAR, BODY % (tipo, prioridad), "application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"message"}


def test_a_surrogate_pair_is_ordinary_text(api, location, priorities, area_mesa):
    body = (BODY % ('"INCIDENTE"', '"ALTA"')).replace("Laura", "Laura \\ud83d\\ude00")
    response = api.generic("POST", CREAR, body, "application/json")
    assert response.status_code == 200
    ticket = Ticket.objects.get(pk=response.json()["ticketUuid"])
    assert ticket.requester_name == "Laura \U0001f600"
