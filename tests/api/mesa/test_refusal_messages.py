"""One text for "your role may not do this" and one for "another area's ticket", on every
agent endpoint and operation of the Mesa face (each asserted exactly)."""

import pytest

from tests.api.mesa.conftest import SEED_UPDATE, op_url

ROLE = {"message": "Su rol no permite esta acción."}
OTHER_AREA = {"message": "El ticket pertenece a otra área."}

BODIES = {
    "asignar": {"agenteId": "mesa@example.com"},
    "transferir": {"area": "MANTENIMIENTO"},
    "reclasificar": {"nuevaPrioridad": "ALTA"},
    "actualizar": SEED_UPDATE,
    "pausar": {},
    "reabrir": {},
    "cancelar": {},
    "archivar": {},
}
DESK_ONLY = {"asignar", "transferir", "reclasificar", "reabrir"}


@pytest.mark.parametrize("operation", list(BODIES))
@pytest.mark.parametrize("caller", ["usuario", "area_own", "area_other"])
def test_every_refusal_reads_one_of_two_texts(client_as, paused_ticket, caller, operation):
    response = client_as(caller).post(
        op_url(paused_ticket, operation), BODIES[operation], format="json"
    )
    if caller == "area_own" and operation not in DESK_ONLY:
        assert response.status_code in (200, 409), response.json()  # allowed (state aside)
        return
    assert response.status_code == 403
    expected = OTHER_AREA if caller == "area_other" and operation not in DESK_ONLY else ROLE
    assert response.json() == expected


@pytest.mark.parametrize("path", ["/api/tickets/dashboard", "/api/tickets/{id}"])
def test_requester_reads_the_role_text_on_agent_reads(client_as, ticket, path):
    response = client_as("usuario").get(path.format(id=ticket.pk))
    assert (response.status_code, response.json()) == (403, ROLE)


def test_agent_of_another_area_reads_the_area_text_on_the_detail(client_as, ticket):
    response = client_as("area_other").get(f"/api/tickets/{ticket.pk}")
    assert (response.status_code, response.json()) == (403, OTHER_AREA)
