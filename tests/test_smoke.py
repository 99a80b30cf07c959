from tickets.models import Activity, Status


def test_created_ticket_gets_first_number_label_and_history(ticket, location):
    assert ticket.number == 1
    assert ticket.label.startswith("TKT-") and ticket.label.endswith("-00001")
    assert ticket.status == Status.NUEVO
    assert list(Activity.objects.filter(ticket=ticket).values_list("type", flat=True)) == [
        "ticketCreated"
    ]
