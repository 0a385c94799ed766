"""The EPUB's cover image: a PNG drawn with Pillow from the model, so a reading system's
library shows the book's title and organisation on a tile, not a blank one.

The accent band at the top, the logo and the organisation under it, the title (in the accent
colour) and subtitle a third of the way down, a thin accent rule at the foot. Text is set in
the document's own typefaces (``fonts.for_document``), shaped by Raqm when Pillow has it
(Arabic joins, right-to-left lines); the same document gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from PIL import Image, ImageDraw, ImageFont, features

import faq_export.fonts as fonts
import faq_export.languages as languages
import faq_export.model as m

WIDTH, HEIGHT = 1200, 1800  # 2:3, the shape reading systems' library tiles expect
MARGIN = 110
TEXT = "#1b1b1b"
MUTED = "#3d4551"


def cover_alt(document: m.Document) -> str:
    """The cover image's alternative text: the words it shows."""
    meta, brand = document.metadata, document.brand
    parts = [meta.title, meta.subtitle or "", brand.organisation or ""]
    return " – ".join(part for part in parts if part)


def render_cover(document: m.Document) -> bytes:
    """The cover as PNG bytes."""
    meta, brand = document.metadata, document.brand
    accent = brand.colour
    rtl = languages.direction(meta.language) == "rtl"
    image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 70), fill=accent)
    choice = fonts.for_document(document)
    regular, bold = _faces(choice, meta.title + (brand.organisation or ""))
    y = 170
    if brand.logo is not None:
        y = _paste_logo(image, brand.logo, y, rtl) + 40
    if brand.organisation:
        y = _text(draw, brand.organisation, bold, 44, MUTED, y, rtl, meta.language) + 20
    y = max(y + 60, HEIGHT // 3)
    y = _text(draw, meta.title, bold, 96, accent, y, rtl, meta.language, spacing=1.15)
    if meta.subtitle:
        _text(draw, meta.subtitle, regular, 52, TEXT, y + 40, rtl, meta.language)
    draw.rectangle((MARGIN, HEIGHT - 140, WIDTH - MARGIN, HEIGHT - 132), fill=accent)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _faces(choice: fonts.FontChoice, text: str) -> tuple[fonts.FontFace, fonts.FontFace]:
    """The regular and bold faces of the document's typeface that has most of the
    characters of ``text`` (the title: Atkinson Hyperlegible for Latin, Noto for Arabic or
    Chinese), the first of them when several have all."""
    points = {ord(c) for c in text if not c.isspace()}

    def covered(typeface: fonts.Typeface) -> int:
        return len(points & fonts.cmap(typeface.regular))

    best = max(choice.text, key=covered, default=None)  # max keeps the first of equals
    faces = best.faces if best is not None else ()
    regular = next((f for f in faces if f.weight == 400 and f.style == "normal"), None)
    bold = next((f for f in faces if f.weight == 700 and f.style == "normal"), regular)
    if regular is None or bold is None:
        raise ValueError("no typeface for the cover")
    return regular, bold


def _font(face: fonts.FontFace, size: int) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    # The face itself (``path`` at ``index`` for a collection): ``file`` is only a copy of it.
    return ImageFont.truetype(str(face.path), size, index=face.index, layout_engine=engine)


def _paste_logo(image: Image.Image, logo: m.Image, y: int, rtl: bool) -> int:
    with Image.open(io.BytesIO(logo.data)) as source:
        picture = source.convert("RGBA")
    scale = min(160 / picture.height, (WIDTH - 2 * MARGIN) / picture.width)
    size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    picture = picture.resize(size, Image.Resampling.LANCZOS)
    x = WIDTH - MARGIN - size[0] if rtl else MARGIN
    image.paste(picture, (x, y), picture)
    return y + size[1]


def _text(
    draw: ImageDraw.ImageDraw,
    text: str,
    face: fonts.FontFace,
    size: int,
    colour: str,
    y: int,
    rtl: bool,
    language: str,
    spacing: float = 1.25,
) -> int:
    """``text`` wrapped to the cover's width from ``y``; the y below its last line. Type is
    made smaller for a long text, so at most five lines are drawn."""
    width = WIDTH - 2 * MARGIN
    for step in range(size, 24, -4):
        font = _font(face, step)
        lines = list(_wrapped(text, font, width, rtl))
        if len(lines) <= 5:
            break
    lines = lines[:5]
    direction = "rtl" if rtl else "ltr"
    raqm = features.check("raqm")
    for line in lines:
        options = {"direction": direction, "language": language} if raqm else {}
        length = font.getlength(line, **options)  # type: ignore[arg-type]
        x = WIDTH - MARGIN - length if rtl else MARGIN
        draw.text((x, y), line, font=font, fill=colour, **options)  # type: ignore[arg-type]
        y += round(step * spacing)
    return y


def _wrapped(text: str, font: ImageFont.FreeTypeFont, width: int, rtl: bool) -> Iterator[str]:
    """Lines of ``text`` no wider than ``width``: broken at spaces, and between characters in
    a word longer than a line (Chinese has no spaces)."""
    direction = {"direction": "rtl"} if rtl and features.check("raqm") else {}
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate, **direction) <= width:  # type: ignore[arg-type]
            line = candidate
            continue
        if line:
            yield line
        line = ""
        for char in word:
            if font.getlength(line + char, **direction) > width and line:  # type: ignore[arg-type]
                yield line
                line = ""
            line += char
    if line:
        yield line
