"""Reading stored files, for the ways in: the download response of an attachment a selector
returned (``selectors.attachment_for`` checks who may read it first), and requesters' signed
download links. Storage, sniffing and names live in ``tickets.files``, private to this app;
writes go through ``tickets.services.attachments``."""

from tickets.files.links import email_hash, read_link, requester_link
from tickets.files.responses import attachment_response

__all__ = ["attachment_response", "email_hash", "read_link", "requester_link"]
