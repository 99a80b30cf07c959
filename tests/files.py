"""Sample files for attachment tests: real ones (PNG, PDF, docx, zip, text) and hostile
ones (an executable named .pdf, SVG with script, HTML, a zip bomb, a PNG that claims
40,000 × 40,000 pixels, names with ``../`` and control characters)."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def png(name: str = "captura.png", width: int = 4, height: int = 3):
    return upload(name, png_bytes(width, height), "image/png")


def pdf(name: str = "informe.pdf"):
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return upload(name, body, "application/pdf")


def text(name: str = "notas.txt", body: str = "Línea uno\nLínea dos\n"):
    return upload(name, body.encode(), "text/plain")


def docx(name: str = "carta.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return upload(name, buffer.getvalue())


def plain_zip(name: str = "logs.zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("log.txt", "error 42\n" * 50)
    return upload(name, buffer.getvalue(), "application/zip")


def exe_as_pdf(name: str = "factura.pdf"):
    return upload(
        name, b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run", "application/pdf"
    )


def elf(name: str = "foto.jpg"):
    return upload(name, b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "image/jpeg")


def svg_with_script(name: str = "logo.png"):
    body = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return upload(name, body, "image/png")


def html(name: str = "leeme.txt"):
    return upload(name, b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")


def zip_bomb(name: str = "fotos.zip", megabytes: int = 50):
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    with archive, archive.open("zeros.bin", "w") as entry:
        chunk = b"\x00" * (1024 * 1024)
        for _ in range(megabytes):
            entry.write(chunk)
    return upload(name, buffer.getvalue(), "application/zip")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(name: str = "mapa.png", width: int = 40_000, height: int = 40_000):
    """A valid PNG header claiming ``width`` × ``height``: a few bytes that would need
    gigabytes to decode."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    body = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat)
    return upload(name, body + _chunk(b"IEND", b""), "image/png")
