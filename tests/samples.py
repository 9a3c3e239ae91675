"""Real files for upload tests, made on the spot: PDFs that pypdf wrote, images
that Pillow wrote, and the EICAR antivirus test file.

EICAR is joined from two halves so that no file of the test suite is itself
detected by a scanner on a developer's machine.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf(pages: int = 1) -> bytes:
    """A valid PDF of blank A4 pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    return _written(writer)


def encrypted_pdf() -> bytes:
    """A PDF that opens with an empty user password but is encrypted all the same."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    return _written(writer)


def pdf_without_pages() -> bytes:
    return _written(PdfWriter())


def pdf_with_attachment(name: str, content: bytes, *, compressed: bool = True) -> bytes:
    """A valid one-page PDF carrying `content` as an embedded file.

    Compressed (FlateDecode), the content's bytes do not occur in the PDF as it
    is sent: only a scanner that decodes PDF streams can see them.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf()))
    writer.add_attachment(name, content)
    if compressed:
        for index, obj in enumerate(writer._objects):
            if isinstance(obj, StreamObject) and obj.get("/Type") == "/EmbeddedFile":
                encoded = obj.flate_encode()
                encoded[NameObject("/Type")] = NameObject("/EmbeddedFile")
                encoded.indirect_reference = obj.indirect_reference
                writer._objects[index] = encoded
    return _written(writer)


def image(
    image_format: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save
) -> bytes:
    """A small image: a red left half and a blue right half, so turns are visible."""
    picture = Image.new("RGB", size, "blue")
    picture.paste("red", (0, 0, size[0] // 2, size[1]))
    picture = picture if mode == "RGB" else picture.convert(mode)
    out = io.BytesIO()
    picture.save(out, image_format, **save)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height` pixels, followed by no pixel data:
    what a decompression bomb looks like before anything is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def png(**kwargs) -> bytes:
    return image("PNG", **kwargs)


def jpeg(**kwargs) -> bytes:
    return image("JPEG", **kwargs)


def jpeg_with_gps_and_rotation() -> bytes:
    """A phone photo: EXIF with a GPS position, the camera's make, and an
    orientation tag saying the picture is to be turned 90° (value 6)."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (47.0, 29.0, 52.0), 3: "E", 4: (19.0, 2.0, 24.0)}  # GPSInfo
    return jpeg(size=(40, 30), exif=exif.tobytes())
