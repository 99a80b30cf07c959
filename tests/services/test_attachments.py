"""attachment_* services: stored with their activity in one transaction, removed when it
rolls back, uploads claimed by key only by their uploader, leftovers swept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import files
from tickets import events, services
from tickets.access import Requester
from tickets.errors import NotAllowed, ValidationFailed
from tickets.models import Activity, Attachment


def test_file_of_a_comment_that_rolls_back_is_removed_from_storage(ticket, mesa_user, stored_files):
    def explode(event):
        if event.kind == events.COMMENT:
            raise RuntimeError("receiver failed after the file was stored")

    events.subscribe(explode, phase=events.IN_TRANSACTION)
    try:
        with pytest.raises(RuntimeError):
            services.ticket_comment(
                actor=mesa_user, ticket=ticket, text="Texto", uploads=[files.png(), files.pdf()]
            )
    finally:
        events.unsubscribe(explode, phase=events.IN_TRANSACTION)
    assert stored_files() == []
    assert not Attachment.objects.exists()


def test_second_file_refused_means_the_first_is_not_stored(ticket, mesa_user, stored_files):
    with pytest.raises(ValidationFailed):
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="Texto", uploads=[files.png(), files.html()]
        )
    assert stored_files() == []


def test_ticket_created_with_files(make_ticket, stored_files):
    ticket = make_ticket(uploads=[files.png(), files.text()])
    created = ticket.activities.get()
    assert sorted(a.name for a in created.attachments.all()) == ["captura.png", "notas.txt"]
    assert all(a.public for a in created.attachments.all())
    assert len(stored_files()) == 2


def test_update_with_files_and_no_response_writes_a_public_comment(ticket, mesa_user):
    written = services.ticket_update(actor=mesa_user, ticket=ticket, uploads=[files.pdf()])
    (comment,) = written
    assert (comment.type, comment.public, comment.data) == ("comment", True, {"text": ""})
    assert comment.attachments.get().name == "informe.pdf"


def test_note_with_only_files_is_accepted_but_empty_note_is_not(ticket, area_a_user):
    note = services.ticket_comment(
        actor=area_a_user, ticket=ticket, text="", public=False, uploads=[files.text()]
    )
    assert note.attachments.count() == 1
    with pytest.raises(ValidationFailed):
        services.ticket_comment(actor=area_a_user, ticket=ticket, text="", public=False)


def test_attachment_add_joins_the_authors_own_activity_for_incoming_mail(
    ticket, mesa_user, django_capture_on_commit_callbacks
):
    # Each public service is its own transaction (durable): one after the other.
    activity = services.ticket_comment(actor=mesa_user, ticket=ticket, text="Por correo")
    row = services.attachment_add(
        actor=mesa_user, ticket=ticket, activity=activity, upload=files.pdf()
    )
    assert (row.activity_id, row.public, row.uploaded_by_id) == (activity.pk, True, mesa_user.pk)


def test_attachment_add_refuses_someone_elses_activity(ticket, mesa_user, admin_user):
    activity = services.ticket_comment(actor=mesa_user, ticket=ticket, text="La mía")
    with pytest.raises(ValidationFailed):
        services.attachment_add(
            actor=admin_user, ticket=ticket, activity=activity, upload=files.pdf()
        )


def test_uploads_are_claimed_by_key_by_their_uploader_only(ticket, mesa_user, admin_user, network):
    mine = services.attachment_upload(actor=mesa_user, upload=files.png(), network=network)
    theirs = services.attachment_upload(actor=admin_user, upload=files.png(), network=network)
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="Texto", attachment_keys=[mine.key, theirs.key]
        )
    assert "attachments[1].key" in exc.value.errors
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Texto", attachment_keys=[mine.key]
    )
    mine.refresh_from_db()
    assert (mine.activity_id, mine.ticket_id, mine.public) == (activity.pk, ticket.pk, True)
    with pytest.raises(ValidationFailed):  # used once: not again
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="Texto", attachment_keys=[mine.key]
        )


def test_upload_of_another_network_cannot_be_claimed(ticket, mesa_user, other_network):
    foreign = services.attachment_upload(actor=mesa_user, upload=files.png(), network=other_network)
    with pytest.raises(ValidationFailed):
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="Texto", attachment_keys=[foreign.key]
        )


def test_anonymous_cannot_upload_ahead(network):
    with pytest.raises(ValidationFailed):
        services.attachment_upload(actor=None, upload=files.png(), network=network)


def test_requester_pass_adds_files_to_own_open_ticket_only(ticket, mesa_user):
    grant = Requester("LAURA@example.com", ticket_id=ticket.pk)
    activity = services.ticket_comment(actor=grant, ticket=ticket, text="", uploads=[files.png()])
    assert activity.public and activity.actor_id is None
    assert activity.attachments.get().uploaded_by_id is None
    with pytest.raises(NotAllowed):
        services.ticket_comment(
            actor=Requester("otra@example.com", ticket_id=ticket.pk), ticket=ticket, text="Texto"
        )
    with pytest.raises(NotAllowed):
        services.ticket_comment(actor=grant, ticket=ticket, text="nota", public=False)
    services.ticket_cancel(actor=mesa_user, ticket=ticket)
    with pytest.raises(NotAllowed):
        services.ticket_comment(actor=grant, ticket=ticket, text="", uploads=[files.png()])


def test_sweep_removes_old_unreferenced_uploads_and_orphan_files(
    ticket, mesa_user, network, stored_files
):
    from tickets.files.storage import attachment_storage, path_for

    old = services.attachment_upload(actor=mesa_user, upload=files.png(), network=network)
    Attachment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    fresh = services.attachment_upload(actor=mesa_user, upload=files.png(), network=network)
    used = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Texto", uploads=[files.pdf()]
    )
    orphan = attachment_storage().save(path_for("0" * 32), files.text())

    later = timezone.now() + timedelta(hours=2)
    assert services.attachments_sweep(now=later) == {"pending": 1, "orphans": 1}
    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert Attachment.objects.filter(pk=fresh.pk).exists()
    remaining = stored_files()
    assert orphan not in remaining and old.path not in remaining
    assert used.attachments.get().path in remaining and fresh.path in remaining


def test_history_stays_append_only_with_files(ticket, mesa_user):
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Texto", uploads=[files.png()]
    )
    with pytest.raises(RuntimeError):
        Activity.objects.get(pk=activity.pk).delete()


def test_sweep_runs_hourly_as_a_celery_task(settings, db):
    from tickets import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["attachments-sweep"]
    assert (entry["task"], entry["schedule"]) == ("tickets.tasks.attachments_sweep", 3600.0)
    assert tasks.attachments_sweep.name == entry["task"]
    assert tasks.attachments_sweep.apply().get() == {"pending": 0, "orphans": 0}
