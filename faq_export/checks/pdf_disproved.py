"""What the file's bytes disprove of page-validation's findings: the cases where
page-validation 0.11.0 judges more than the standard (a stream's /Length, read by scanning
the bytes as veraPDF reads them; a font's Unicode map, pdf_fonts.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from faq_export.checks.pdf_context import PdfContext
from faq_export.checks.pdf_fonts import maps_used_codes
from faq_export.lazy import LazyModule

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")


def disproved(data: bytes, failure: Any, context: PdfContext) -> bool:
    """Whether the file's bytes show that a page-validation finding does not break the clause
    it stands for: the two cases where page-validation 0.11.0 judges more than the standard
    (a stream's /Length, stream_length_is_right; a font's Unicode map, _font_maps_unicode)."""
    return stream_length_is_right(data, failure) or _font_maps_unicode(failure, context)


UNICODE_RULES = ("PDFUA1-FONT-UNICODE-MAPPING-001", "PDFUA1-FONT-UNICODE-VALUE-001")


def _font_maps_unicode(failure: Any, context: PdfContext) -> bool:
    """ISO 14289-1 7.21.7 asks that every character code *used* maps to Unicode (by the
    ToUnicode CMap or another way of ISO 32000-1 9.10.2: a predefined encoding, Differences
    of Adobe Glyph List names) and to none of U+0000, U+FEFF, U+FFFE. page-validation also
    fails a CMap that maps an unused code to a value it cannot read or to U+0000, and a Type1
    font with Differences of AGL names and no CMap; veraPDF (7.21.7-1, -2) passes them. Its
    finding on a font is dropped when every code drawn with the font maps to allowed Unicode
    (pdf_fonts.py); when that cannot be told, it stays."""
    if failure.rule_id not in UNICODE_RULES or failure.object_id is None:
        return False
    key = (failure.object_id.object_number, failure.object_id.generation)
    try:
        font = context.pdf.get_object(key)
    except (pikepdf.PdfError, ValueError):
        return False
    if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
        return False
    return maps_used_codes(context.pdf, font, context.limits)


_OBJECT = re.compile(rb"(?:^|[\r\n])(\d+) (\d+) obj\b")


def _every_stream_length_is_right(data: bytes) -> bool:
    """Whether the /Length of every stream in the file is exact (read from the bytes, as
    veraPDF reads them). page-validation 0.11.0 also reports PDFA2A-STREAM-LENGTH-001 with
    no object for large files whose every stream is right: a 3,000-question FAQ (1,078
    streams, 5 MB) that veraPDF 1.28.2 finds PDF/A-2a and PDF/UA-1 compliant. When no stream
    is wrong, that finding is dropped; when one is, or a length cannot be read, it stays."""
    objects = list(_OBJECT.finditer(data))
    direct: dict[tuple[int, int], int] = {}
    for header in objects:
        value = re.match(rb"\s*(\d+)\s*endobj", data[header.end() : header.end() + 40])
        if value:
            direct[(int(header.group(1)), int(header.group(2)))] = int(value.group(1))
    for index, header in enumerate(objects):
        limit = objects[index + 1].start() if index + 1 < len(objects) else len(data)
        start = data.find(b"stream", header.end(), limit)
        if start < 0 or data[start - 3 : start] == b"end":
            continue
        length = re.search(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?", data[header.end() : start])
        if length is None:
            return False
        if length.group(2) is not None:
            size = direct.get((int(length.group(1)), int(length.group(2))))
            if size is None:
                return False
        else:
            size = int(length.group(1))
        if not _length_fits(data, start, size):
            return False
    return True


def _length_fits(data: bytes, start: int, size: int) -> bool:
    """Whether ``size`` bytes of data, after the EOL that follows ``stream`` at ``start``,
    are followed by an EOL and ``endstream``."""
    body = start + len(b"stream")
    body += 2 if data[body : body + 2] == b"\r\n" else 1
    end = body + size
    return data[end : end + 1] in (b"\r", b"\n") and (
        data[end : end + 12].lstrip(b"\r\n").startswith(b"endstream")
    )


def stream_length_is_right(data: bytes, failure: Any) -> bool:
    """page-validation 0.11.0 reports a wrong /Length for a stream whose data ends with a CR
    byte: it takes that CR and the LF after it for the end-of-line before ``endstream``
    (veraPDF, and ISO 32000-1 7.3.8.1, count the CR as data). Such a finding is dropped when
    the file's bytes show the length is exact: ``/Length`` bytes after the EOL that follows
    ``stream``, then an EOL and ``endstream``."""
    if "STREAM-LENGTH" not in failure.rule_id:
        return False
    if failure.object_id is None:
        return _every_stream_length_is_right(data)
    number, generation = failure.object_id.object_number, failure.object_id.generation
    headers = list(re.finditer(rb"(?:^|[\r\n])%d %d obj\b" % (number, generation), data))
    if len(headers) != 1:
        return False  # not found, or ambiguous: keep the finding
    start = data.find(b"stream", headers[0].end())
    length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", data[headers[0].end() : start])
    if start < 0 or length is None:
        return False
    return _length_fits(data, start, int(length.group(1)))
