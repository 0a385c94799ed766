"""The typeface the documents are set in, from a pinned package (not the machine's fonts).

Atkinson Hyperlegible (SIL Open Font License 1.1) was designed by the Braille Institute for
readers with low vision.
"""

from __future__ import annotations

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
