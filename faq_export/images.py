"""Reading images named in Markdown: only files inside the content folder, only PNG and JPEG.

This is the one place the pipeline reads a file the source names. Images are read once,
at load time, into the model; renderers get the bytes and never touch the file system.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path
from urllib.parse import unquote, urlsplit

import faq_export.model as m

MAX_IMAGE_BYTES = 20 * 1024 * 1024


class ImageProblem(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_image(content_dir: Path, src: str, alt: str, max_pixels: int = 40_000_000) -> m.Image:
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        raise ImageProblem(
            f"the image '{src}' is not a file in the content folder",
            "nothing is downloaded while building: save the image next to faq.yaml and "
            "write its file name, e.g. ![Savings chart](savings.png)",
        )
    root = content_dir.resolve()
    path = (root / unquote(parts.path)).resolve()
    if not path.is_relative_to(root):
        raise ImageProblem(
            f"the image '{src}' is outside the content folder",
            f"copy the image into {root}, the folder of the FAQ source, and write its name there",
        )
    if not path.exists():
        raise ImageProblem(
            f"the image file '{src}' does not exist",
            f"check the spelling: it was looked for in {path.parent}"
            + (" (the folder of the FAQ source)" if path.parent == root else ""),
        )
    if not path.is_file():
        raise ImageProblem(
            f"the image '{src}' is not a regular file (a folder, pipe or device)",
            "name a PNG or JPEG file",
        )
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise ImageProblem(
            f"the image '{src}' is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB",
            "save a smaller version of it (a width of 2000 pixels is plenty for print)",
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise ImageProblem(
            f"the image '{src}' cannot be read (permission denied)", "check who may read it"
        ) from None
    media_type, size = _sniff(data)
    if media_type is None or size is None:
        raise ImageProblem(
            f"the image '{src}' is not a PNG or JPEG file",
            "save it as PNG (for charts and drawings) or JPEG (for photographs)",
        )
    if 0 in size:
        raise ImageProblem(
            f"the image '{src}' says it is {size[0]} × {size[1]} pixels: it is broken",
            "open it in an image editor and save it again as PNG or JPEG",
        )
    if size[0] * size[1] > max_pixels:
        raise ImageProblem(
            f"the image '{src}' says it is {size[0]} × {size[1]} pixels, more than "
            f"{max_pixels:,} in all",
            "save it at a print size (2000 pixels wide is plenty), or raise the limit with "
            "--limit image_pixels=N",
        )
    _decode(src, data)
    name = path.relative_to(root).as_posix()
    return m.Image(name, media_type, data, alt, size[0], size[1])


def _decode(src: str, data: bytes) -> None:
    """Decode the whole image once, now: a truncated or corrupt file is an error at its
    source line, not a picture missing from one format and present in another."""
    from PIL import Image, ImageFile

    # WeasyPrint sets LOAD_TRUNCATED_IMAGES for all of Pillow: here a cut file must fail.
    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        # Pillow names its buffer ("<_io.BytesIO object at 0x…>"): nothing a reader can use.
        reason = re.sub(r"\s*<[^<>]* object at 0x[0-9a-f]+>", "", str(exc))[:80]
        raise ImageProblem(
            f"the image '{src}' cannot be decoded: {reason}",
            "open it in an image editor and save it again as PNG or JPEG",
        ) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def _sniff(data: bytes) -> tuple[str | None, tuple[int, int] | None]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return "image/png", (width, height)
    if data[:2] == b"\xff\xd8":
        return "image/jpeg", _jpeg_size(data)
    return None, None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        # Start-of-frame markers carry the size; C4, C8 and CC are other tables.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None
