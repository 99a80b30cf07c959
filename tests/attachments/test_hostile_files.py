"""Hostile files are refused (or their names neutralised) by the one check every way in
uses (``services.attachments.check_upload``), whatever name or type the client claims."""

import pytest

from tests import files
from tickets import services
from tickets.errors import FileTooLarge, UnsupportedFileType, ValidationFailed
from tickets.models import Attachment


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (files.exe_as_pdf, UnsupportedFileType),
        (files.elf, UnsupportedFileType),
        (files.svg_with_script, UnsupportedFileType),
        (lambda: files.upload("dibujo.svg", b"<?xml version='1.0'?><svg onload='x()'/>"),
         UnsupportedFileType),
        (files.html, UnsupportedFileType),
        (lambda: files.upload("x.pdf", b"#!/bin/sh\nrm -rf /\n"), UnsupportedFileType),
        (files.zip_bomb, UnsupportedFileType),
        (files.huge_png, FileTooLarge),
    ],
    ids=["exe-named-pdf", "elf-named-jpg", "svg-with-script-named-png", "svg-xml", "html",
         "shell-script-named-pdf", "zip-bomb", "png-40000x40000"],
)  # fmt: skip
def test_hostile_file_is_refused_and_nothing_is_stored(
    ticket, mesa_user, stored_files, make, error
):
    with pytest.raises(error) as exc:
        services.ticket_comment(actor=mesa_user, ticket=ticket, text="Adjunto", uploads=[make()])
    assert "attachments" in exc.value.errors
    assert stored_files() == []
    assert not Attachment.objects.exists()
    assert ticket.activities.count() == 1  # only ticketCreated: the comment rolled back


def test_huge_png_is_refused_without_decoding_it(ticket, mesa_user):
    import tracemalloc

    tracemalloc.start()
    with pytest.raises(FileTooLarge):
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="Texto", uploads=[files.huge_png()]
        )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # decoding would need 4.8 GB


def test_a_zip_carrying_a_program_is_refused(ticket, mesa_user):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("factura.exe", b"MZ...")
    with pytest.raises(UnsupportedFileType):
        services.ticket_comment(
            actor=mesa_user,
            ticket=ticket,
            text="Texto",
            uploads=[files.upload("f.zip", buffer.getvalue())],
        )


def test_macro_enabled_office_file_is_refused(ticket, mesa_user):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(UnsupportedFileType):
        services.ticket_comment(
            actor=mesa_user,
            ticket=ticket,
            text="Texto",
            uploads=[files.upload("c.docx", buffer.getvalue())],
        )


def test_file_name_with_path_and_control_characters_is_neutralised(ticket, mesa_user):
    hostile = files.upload("../../etc/\x00pa\nss\u202ewd.txt\r", b"hola")
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Texto", uploads=[hostile]
    )
    row = activity.attachments.get()
    assert row.name == "passwd.txt"
    assert ".." not in row.path and row.path.startswith("attachments/")
    assert row.path.endswith(row.key)  # stored under a random key, never under the name


def test_name_made_only_of_dots_becomes_file(ticket, mesa_user):
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Texto", uploads=[files.upload("....", b"hola")]
    )
    assert activity.attachments.get().name == "file"


def test_file_over_the_size_limit_is_413(ticket, mesa_user, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(FileTooLarge) as exc:
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="Texto", uploads=[files.text(body="a" * 101)]
        )
    assert exc.value.status_code == 413


def test_unknown_binary_is_415_and_empty_file_is_400(ticket, mesa_user):
    with pytest.raises(UnsupportedFileType):
        services.ticket_comment(
            actor=mesa_user,
            ticket=ticket,
            text="Texto",
            uploads=[files.upload("a.bin", b"\x00\x01\x02")],
        )
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="Texto", uploads=[files.upload("a.txt", b"")]
        )
    assert exc.value.status_code == 400


@pytest.mark.parametrize(
    ("make", "mime"),
    [
        (files.png, "image/png"),
        (files.pdf, "application/pdf"),
        (files.text, "text/plain"),
        (files.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (files.plain_zip, "application/zip"),
    ],
)
def test_allowed_types_are_stored_with_the_sniffed_type_and_hash(ticket, mesa_user, make, mime):
    import hashlib

    upload = make()
    content = upload.read()
    upload.seek(0)
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Texto", uploads=[upload]
    )
    row = activity.attachments.get()
    assert (row.mime, row.size) == (mime, len(content))
    assert row.sha256 == hashlib.sha256(content).hexdigest()


def test_declared_type_is_ignored(ticket, mesa_user):
    upload = files.upload("foto.png", files.pdf().read(), "image/png")
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="Texto", uploads=[upload]
    )
    assert activity.attachments.get().mime == "application/pdf"
