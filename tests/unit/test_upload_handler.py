"""The upload handler keeps memory and disk bounded: a file over the limit stops being
written (its real size is kept, so the service answers 413)."""

from django.test import RequestFactory

from core.uploads import LimitedTemporaryFileUploadHandler


def test_file_over_the_limit_stops_being_written_but_keeps_its_size(settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1000
    handler = LimitedTemporaryFileUploadHandler(RequestFactory().post("/"))
    handler.new_file("adjuntos", "big.txt", "text/plain", 5000, None, None)
    for start in range(0, 5000, 500):
        assert handler.receive_data_chunk(b"a" * 500, start) is None
    uploaded = handler.file_complete(5000)
    assert uploaded.over_limit is True
    assert uploaded.size == 5000
    uploaded.seek(0, 2)
    assert uploaded.tell() <= 1000  # never more than the limit on disk
    uploaded.close()


def test_file_under_the_limit_is_written_whole(settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1000
    handler = LimitedTemporaryFileUploadHandler(RequestFactory().post("/"))
    handler.new_file("adjuntos", "ok.txt", "text/plain", 600, None, None)
    handler.receive_data_chunk(b"b" * 600, 0)
    uploaded = handler.file_complete(600)
    assert (uploaded.over_limit, uploaded.size, uploaded.read()) == (False, 600, b"b" * 600)
    uploaded.close()


def test_settings_send_uploads_to_temporary_files(settings):
    from django.conf import settings as live

    assert live.FILE_UPLOAD_MAX_MEMORY_SIZE <= 256 * 1024
    assert live.FILE_UPLOAD_HANDLERS[-1] == "core.uploads.LimitedTemporaryFileUploadHandler"
