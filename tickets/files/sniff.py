"""What a file really is, from its first bytes (never from its name or the client's type).

A small magic-bytes sniffer, pure Python (no libmagic): it knows the types attachments may
be (raster images, PDF, office documents, plain text, zip) and the hostile ones it must
refuse whatever the extension says (executables and scripts, HTML, SVG and other XML,
macro-enabled office files, archives that would expand out of all proportion).

``sniff(fileobj)`` returns the MIME type or raises ``Refused`` with a reason code.
Archives are read through their central directory only (``zipfile`` seeks to the end),
never extracted.
"""

import struct
import zipfile

from django.conf import settings

HEAD = 8192


class Refused(Exception):
    """``reason``: executable, markup, archive, unknown."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
    b"dex\n",
    b"\x00asm",
)
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_MARKUP = (
    "<!doctype",
    "<html",
    "<head",
    "<body",
    "<script",
    "<svg",
    "<?xml",
    "<iframe",
    "<object",
    "<embed",
    "<meta",
    "<xsl",
    "<!entity",
)
# Names inside an archive that make it a carrier of something executable.
_DANGEROUS_SUFFIXES = (
    ".exe", ".dll", ".com", ".scr", ".bat", ".cmd", ".msi", ".ps1", ".vbs", ".js", ".jse",
    ".wsf", ".hta", ".jar", ".sh", ".apk", ".app", ".lnk", ".html", ".htm", ".svg",
)  # fmt: skip
_NESTED_ARCHIVES = (".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".cab")
_OOXML = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)
_ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Root-entry CLSID (first field, little-endian) of legacy office files; MSI installers and
# anything else in an OLE container are refused.
_OLE_CLSIDS = {
    0x00020906: "application/msword",
    0x00020900: "application/msword",
    0x00020820: "application/vnd.ms-excel",
    0x00020810: "application/vnd.ms-excel",
    0x64818D10: "application/vnd.ms-powerpoint",
}


def _head(fileobj) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(HEAD)
    fileobj.seek(0)
    return head


def sniff(fileobj) -> str:
    head = _head(fileobj)
    if not head:
        raise Refused("unknown")
    if head.startswith(_EXECUTABLE_MAGIC):
        raise Refused("executable")
    for magic, mime in _IMAGES:
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(fileobj)
    if head.startswith(_OLE):
        return _ole(fileobj, head)
    return _text(head)


def _text(head: bytes) -> str:
    if b"\x00" in head:
        raise Refused("unknown")
    text = None
    for cut in range(4):  # the head may end inside a multi-byte character
        try:
            text = head[: len(head) - cut].decode("utf-8")
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise Refused("unknown")
    lowered = text.lower()
    if any(tag in lowered for tag in _MARKUP):
        raise Refused("markup")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > len(text) // 100:
        raise Refused("unknown")
    return "text/plain"


def _zip(fileobj) -> str:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
            names = [e.filename for e in entries]
            _check_archive(entries)
            if "[Content_Types].xml" in names:
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    raise Refused("executable")  # macro-enabled office document
                for prefix, mime in _OOXML:
                    if any(n.startswith(prefix) for n in names):
                        return mime
            if names and names[0] == "mimetype" and entries[0].file_size < 100:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in _ODF:
                    return declared
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise Refused("unknown") from None
    finally:
        fileobj.seek(0)
    return "application/zip"


def _check_archive(entries) -> None:
    """A zip bomb, a nest of archives or a carrier of programs is refused."""
    if len(entries) > settings.HELPDESK_ATTACHMENT_ZIP_MAX_ENTRIES:
        raise Refused("archive")
    total = 0
    for entry in entries:
        name = entry.filename.lower()
        if name.endswith(_DANGEROUS_SUFFIXES):
            raise Refused("executable")
        if name.endswith(_NESTED_ARCHIVES):
            raise Refused("archive")
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and ratio > settings.HELPDESK_ATTACHMENT_ZIP_MAX_RATIO:
            raise Refused("archive")
    if total > settings.HELPDESK_ATTACHMENT_ZIP_MAX_UNCOMPRESSED:
        raise Refused("archive")


def _ole(fileobj, head: bytes) -> str:
    """Legacy office files: the CLSID of the root directory entry says which program."""
    try:
        sector_shift = struct.unpack_from("<H", head, 0x1E)[0]
        first_dir = struct.unpack_from("<I", head, 0x30)[0]
        if not 7 <= sector_shift <= 16:
            raise Refused("unknown")
        fileobj.seek(((first_dir + 1) << sector_shift) + 0x50)
        clsid = struct.unpack("<I", fileobj.read(4))[0]
    except (struct.error, OverflowError, OSError, ValueError):
        raise Refused("unknown") from None
    finally:
        fileobj.seek(0)
    mime = _OLE_CLSIDS.get(clsid)
    if mime is None:
        # 000C108x: Windows Installer packages, patches and transforms.
        raise Refused("executable" if clsid & 0xFFFFFFF0 == 0x000C1080 else "unknown")
    return mime
