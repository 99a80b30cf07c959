"""Upload handling that keeps a worker's memory flat whatever the file.

Django's own handlers, with ``FILE_UPLOAD_MAX_MEMORY_SIZE`` small (settings): a request
body over it goes to a temporary file in chunks. ``LimitedTemporaryFileUploadHandler``
also stops writing a file once it passes ``HELPDESK_ATTACHMENT_MAX_BYTES`` (it keeps
counting, so the service answers 413 with the real size) instead of filling the disk.
"""

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.seen = 0
        self.over_limit = False

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        if self.seen > settings.HELPDESK_ATTACHMENT_MAX_BYTES:
            self.over_limit = True
            return None
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        uploaded = super().file_complete(self.seen)
        uploaded.over_limit = self.over_limit
        return uploaded
