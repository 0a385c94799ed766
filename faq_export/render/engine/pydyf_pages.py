"""A workaround for a quadratic step in pydyf 0.13 (WeasyPrint's PDF writer), put in place per
build by ``engine.patched()`` (``PATCHES``, for pydyf 0.13.0); the PDF's bytes are unchanged.

``pydyf.PDF.page_references`` builds a new tuple of every page's reference each time it is
read, and WeasyPrint's tagging (``weasyprint/pdf/tags.py``) reads it once per tagged piece of
content: with thousands of pieces on hundreds of pages, writing a tagged PDF took time in
pages × pieces (11.7 s of the 17 s of ``write_pdf`` at 390 pages). Here the tuple is kept
until a page is added. At 109 pages ``write_pdf`` and our tags pass take 3.11 s instead of
3.56 s, with the same bytes (``tests/test_reproducible.py``). Upstream, the property could
cache the same way, or ``tags.py`` read it once.
"""

from __future__ import annotations

from typing import Any

import pydyf  # type: ignore[import-untyped]

from faq_export.render.engine.patch import Patch

_CACHE = "_faq_export_page_references"


def _page_references(self: Any) -> tuple[bytes, ...]:
    kids = self.pages["Kids"]
    cached = self.__dict__.get(_CACHE)
    if cached is None or cached[0] != len(kids):  # pydyf only ever appends pages
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        self.__dict__[_CACHE] = cached
    references: tuple[bytes, ...] = cached[1]
    return references


def _replacements() -> list[tuple[Any, str, Any]]:
    return [(pydyf.PDF, "page_references", property(_page_references))]


PATCHES = [Patch("pydyf-page-references", "speed", {"pydyf": "0.13.0"}, _replacements)]
