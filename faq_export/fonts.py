"""The typefaces the documents are set in, named by file (never "whatever the machine has").

Atkinson Hyperlegible (SIL Open Font License 1.1, from a pinned package) was designed by the
Braille Institute for readers with low vision; the text is set in it. DejaVu Sans and DejaVu
Sans Mono (Debian's fonts-dejavu-core, free licence) set code, and the characters Atkinson
lacks (IPA, arrows, Greek, Cyrillic, …) in the printed edition. A character neither covers
is an error at its source line (``uncovered``): the PDF never shows a missing-glyph box, and
never a font that happens to be on the machine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

FAMILY: str = atkinson.FAMILY


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str  # normal | italic
    path: Path

    @property
    def url(self) -> str:
        return self.path.as_uri()


def font_folder() -> Path:
    return Path(atkinson.ROOT) / "files"


def font_faces() -> tuple[FontFace, ...]:
    folder = font_folder()
    return (
        FontFace(FAMILY, 400, "normal", folder / "AtkinsonHyperlegible-Regular.ttf"),
        FontFace(FAMILY, 400, "italic", folder / "AtkinsonHyperlegible-Italic.ttf"),
        FontFace(FAMILY, 700, "normal", folder / "AtkinsonHyperlegible-Bold.ttf"),
        FontFace(FAMILY, 700, "italic", folder / "AtkinsonHyperlegible-BoldItalic.ttf"),
    )


DEJAVU_FOLDER = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"


def fallback_folder() -> Path:
    return DEJAVU_FOLDER


def fallback_faces() -> tuple[FontFace, ...]:
    """The faces the print template declares after Atkinson Hyperlegible (empty when the
    machine lacks fonts-dejavu-core: `make` installs it)."""
    faces = (
        FontFace(FALLBACK_FAMILY, 400, "normal", DEJAVU_FOLDER / "DejaVuSans.ttf"),
        FontFace(FALLBACK_FAMILY, 400, "italic", DEJAVU_FOLDER / "DejaVuSans-Oblique.ttf"),
        FontFace(FALLBACK_FAMILY, 700, "normal", DEJAVU_FOLDER / "DejaVuSans-Bold.ttf"),
        FontFace(FALLBACK_FAMILY, 700, "italic", DEJAVU_FOLDER / "DejaVuSans-BoldOblique.ttf"),
        FontFace(MONO_FAMILY, 400, "normal", DEJAVU_FOLDER / "DejaVuSansMono.ttf"),
        FontFace(MONO_FAMILY, 700, "normal", DEJAVU_FOLDER / "DejaVuSansMono-Bold.ttf"),
    )
    return tuple(face for face in faces if face.path.is_file())


@functools.cache
def covered() -> frozenset[int]:
    """Every code point a printed glyph exists for, in the regular faces of the typefaces
    the print template uses."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    points: set[int] = set()
    for face in (*font_faces(), *fallback_faces()):
        if face.weight == 400 and face.style == "normal":
            with TTFont(face.path, lazy=True) as font:
                points.update(font.getBestCmap())
    return frozenset(points)


def uncovered(text: str) -> str | None:
    """The first character of ``text`` that no typeface can print (spaces and line breaks
    aside), or None."""
    points = covered()
    for character in text:
        if ord(character) not in points and not character.isspace():
            return character
    return None
