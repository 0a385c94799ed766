"""A workaround for a quadratic step in pydyf 0.13 (WeasyPrint's PDF writer), applied when the
PDF renderer is imported; the PDF's bytes are unchanged.

``pydyf.PDF.page_references`` builds a new tuple of every page's reference each time it is
read, and WeasyPrint's tagging (``weasyprint/pdf/tags.py``) reads it once per tagged piece of
content: with thousands of pieces on hundreds of pages, writing a tagged PDF took time in
pages × pieces (11.7 s of the 17 s of ``write_pdf`` at 390 pages). Here the tuple is kept
until a page is added. At 109 pages ``write_pdf`` and our tags pass take 3.11 s instead of
3.56 s, with the same bytes (``tests/test_reproducible.py``). Upstream, the property could
cache the same way, or ``tags.py`` read it once.

Writing a stream also called ``_to_bytes`` once for each of its operators, most of them
bytes already; they are joined directly now (``_stream_data``).
"""

from __future__ import annotations

from typing import Any

import pydyf  # type: ignore[import-untyped]

_CACHE = "_faq_export_page_references"
ORIGINAL = pydyf.PDF.page_references  # for the test that the bytes are the same
ORIGINAL_STREAM_DATA = pydyf.Stream.data


def _page_references(self: Any) -> tuple[bytes, ...]:
    kids = self.pages["Kids"]
    cached = self.__dict__.get(_CACHE)
    if cached is None or cached[0] != len(kids):  # pydyf only ever appends pages
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        self.__dict__[_CACHE] = cached
    references: tuple[bytes, ...] = cached[1]
    return references


def _stream_data(self: Any) -> bytes:
    # A content stream's operators are mostly bytes already: joined without a call of
    # pydyf's _to_bytes for each (1.75 million of them at 1,000 questions), then written
    # by pydyf's own code.
    items = self.stream
    to_bytes = pydyf._to_bytes
    self.stream = [b"\n".join([i if type(i) is bytes else to_bytes(i) for i in items])]
    try:
        data: bytes = ORIGINAL_STREAM_DATA.fget(self)
    finally:
        self.stream = items
    return data


def apply() -> None:
    pydyf.PDF.page_references = property(_page_references)
    pydyf.Stream.data = property(_stream_data)
