"""Files: where attachments are stored (disk or S3), what an upload may be, and the storage
of static files."""

from pathlib import Path

from core.env import env, env_int, env_list
from helpdesk.settings.base import DATA_DIR, DEBUG

# Uploaded files (attachments). Never served as media: every download goes through a view
# that checks permissions (tickets/files/responses.py), so there is no MEDIA_URL route.
MEDIA_ROOT = Path(env("MEDIA_ROOT", "") or DATA_DIR / "media")
if env("HELPDESK_ATTACHMENT_STORAGE", "filesystem") == "s3":
    # Any S3-compatible store through django-storages (pip install -e '.[s3]'); the usual
    # AWS_* variables: AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
    # AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. Objects are private (no public ACL, signed
    # URLs off): the app streams them after its own checks.
    ATTACHMENT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env("AWS_S3_REGION_NAME", "") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", "") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    ATTACHMENT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "attachments": ATTACHMENT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Per file and per message. nginx's client_max_body_size must allow
# HELPDESK_ATTACHMENT_MAX_FILES × HELPDESK_ATTACHMENT_MAX_BYTES plus the form fields.
HELPDESK_ATTACHMENT_MAX_BYTES = env_int("HELPDESK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
HELPDESK_ATTACHMENT_MAX_FILES = env_int("HELPDESK_ATTACHMENT_MAX_FILES", 5)
# Types allowed, as sniffed from the content (tickets/files/sniff.py); HTML, SVG and
# executables are refused whatever this list says.
HELPDESK_ATTACHMENT_TYPES = env_list(
    "HELPDESK_ATTACHMENT_TYPES",
    [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "application/zip",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    ],
)
# Images: width × height at most this (Pillow's decompression-bomb limit), read from the
# header without decoding.
HELPDESK_ATTACHMENT_MAX_PIXELS = env_int("HELPDESK_ATTACHMENT_MAX_PIXELS", 89_478_485)
# Zip archives, read from their directory: what they would expand to.
HELPDESK_ATTACHMENT_ZIP_MAX_UNCOMPRESSED = env_int(
    "HELPDESK_ATTACHMENT_ZIP_MAX_UNCOMPRESSED", 200 * 1024 * 1024
)
HELPDESK_ATTACHMENT_ZIP_MAX_RATIO = env_int("HELPDESK_ATTACHMENT_ZIP_MAX_RATIO", 100)
HELPDESK_ATTACHMENT_ZIP_MAX_ENTRIES = env_int("HELPDESK_ATTACHMENT_ZIP_MAX_ENTRIES", 1000)
# Requesters' download links (signed, from the lookup page) expire after this many seconds.
HELPDESK_ATTACHMENT_LINK_MAX_AGE = env_int("HELPDESK_ATTACHMENT_LINK_MAX_AGE", 3600)
# Spacebring uploads never referenced by a create or comment are removed after this
# (tickets.tasks.attachments_sweep, hourly: tasks.py).
HELPDESK_ATTACHMENT_PENDING_HOURS = env_int("HELPDESK_ATTACHMENT_PENDING_HOURS", 24)
# Request bodies over 256 KB go to a temporary file in chunks, never whole into memory;
# a file over the limit stops being written (core/uploads.py) and is answered 413.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "core.uploads.LimitedTemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FILES = 20
