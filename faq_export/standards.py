"""The PDF standards a build can claim, written down once.

A choice is one of ``CHOICES``: PDF/UA-1 alone, PDF/UA-1 with PDF/A-2a (accessible and
archival in one file), or PDF/UA-2 (PDF 2.0). The source names it in ``metadata.pdf_standard``
and ``build --pdf-standard`` overrides it; the renderer makes the file claim exactly these
standards, and the checker judges a file by the standards it claims.

The default, PDF/UA-1 + PDF/A-2a, was chosen from measurements: veraPDF 1.28.2 (flavours ua1
and 2a) and page-validation (ua1, pdfa-2a) find no failed check in any PDF the tests build,
and the file grows by the sRGB output profile (about 3 KiB) and nothing visible changes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Standard:
    id: str  # as written in the source and on the command line: ua-1, a-2a, ua-2
    name: str  # as people and validators call it: PDF/UA-1, PDF/A-2a


STANDARDS = {
    s.id: s
    for s in (
        Standard("ua-1", "PDF/UA-1"),
        Standard("a-2a", "PDF/A-2a"),
        Standard("ua-2", "PDF/UA-2"),
    )
}
# Each supported combination, in its canonical spelling.
CHOICES = ("ua-1,a-2a", "ua-1", "ua-2")
DEFAULT = "ua-1,a-2a"


def normalise(text: str) -> str | None:
    """The canonical spelling of a combination ('a-2a, UA-1' -> 'ua-1,a-2a'), or None when
    it is not one we support."""
    parts = {part.strip().lower() for part in text.split(",") if part.strip()}
    for choice in CHOICES:
        if parts == set(choice.split(",")):
            return choice
    return None


def names(choice: str) -> list[str]:
    """'ua-1,a-2a' -> ['PDF/UA-1', 'PDF/A-2a']."""
    return [STANDARDS[part].name for part in choice.split(",")]
