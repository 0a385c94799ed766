"""Whether a font maps the character codes a PDF draws with it to Unicode, as ISO 14289-1
7.21.7 asks (veraPDF's 7.21.7-1 and -2): every *used* code maps to Unicode, through the
font's ToUnicode CMap or one of the other ways of ISO 32000-1 9.10.2 (a simple font with a
predefined encoding or Differences naming glyphs of the Adobe Glyph List; a composite font
of the Adobe-GB1, -CNS1, -Japan1 or -Korea1 collections), and none of the values a used code
maps to is U+0000, U+FEFF or U+FFFE. Codes a file never draws are not judged.

page-validation 0.11.0 judges more than the clause: a ToUnicode CMap that maps an unused code
to a value it cannot read ("malformed"), an unused code to U+0000, or a Type1 font with
Differences of glyph names and no ToUnicode. ``maps_used_codes`` answers from the file's
bytes; pdf.py drops those findings only when it answers True.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from faq_export.checks.pdf_bounds import guard_stream
from faq_export.lazy import LazyModule
from faq_export.limits import Limits

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")

SIMPLE = ("/Type1", "/MMType1", "/TrueType", "/Type3")
# ISO 32000-1 9.10.2: composite fonts whose character collection has a Unicode mapping.
COLLECTIONS = ("Adobe-GB1", "Adobe-CNS1", "Adobe-Japan1", "Adobe-Korea1")
FORBIDDEN = {"\u0000", "\ufeff", "\ufffe"}
SHOW = {"Tj", "TJ", "'", '"'}
MAX_FORMS = 1_000  # form XObjects followed per file: past it, "cannot tell"


class Unknown(Exception):
    """The file does not let us tell (a stream that cannot be parsed, a font used where we do
    not look): the validator's finding stands."""


def maps_used_codes(pdf: pikepdf.Pdf, font: Any, limits: Limits) -> bool:
    """Whether every code ``pdf`` draws with ``font`` maps to an allowed Unicode value (True),
    or not, or we cannot tell (False)."""
    try:
        codes = used_codes(pdf, limits).get(font.objgen, set())
        unicode = _Mapping(font, limits)
        return all(unicode.allowed(code) for code in codes)
    except Unknown:
        return False


def used_codes(pdf: pikepdf.Pdf, limits: Limits) -> dict[tuple[int, int], set[bytes]]:
    """Font object -> the codes its text-showing operators draw: in the pages, the form
    XObjects they draw and the annotations' appearances. A font in a Type3 glyph or a
    pattern (where we do not look) makes it Unknown."""
    found: dict[tuple[int, int], set[bytes]] = {}
    seen: set[tuple[int, int]] = set()
    streams: list[tuple[Any, Any]] = []
    for page in pdf.pages:
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        streams.append((page, resources))
        for annot in page.obj.get("/Annots", []):
            appearance = annot.get("/AP") if isinstance(annot, pikepdf.Dictionary) else None
            if isinstance(appearance, pikepdf.Dictionary):
                for state in appearance.values():
                    forms = state.values() if isinstance(state, pikepdf.Dictionary) else [state]
                    streams += [
                        (form, form.get("/Resources", resources))
                        for form in forms
                        if isinstance(form, pikepdf.Stream)
                    ]
    while streams:
        content, resources = streams.pop()
        if isinstance(content, pikepdf.Stream):
            if content.is_indirect:
                if content.objgen in seen:
                    continue
                seen.add(content.objgen)
            guard_stream(content, limits, "a form's content")
        if len(seen) > MAX_FORMS:
            raise Unknown
        fonts = resources.get("/Font", pikepdf.Dictionary())
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        for font in fonts.values() if isinstance(fonts, pikepdf.Dictionary) else []:
            if isinstance(font, pikepdf.Dictionary) and "/Resources" in font:
                raise Unknown  # a Type3 font: its glyphs may draw with other fonts
        patterns = resources.get("/Pattern")
        if isinstance(patterns, pikepdf.Dictionary) and any(
            isinstance(pattern, pikepdf.Stream) for pattern in patterns.values()
        ):
            raise Unknown  # a tiling pattern's content: not read here
        try:
            instructions = pikepdf.parse_content_stream(content, "Tf Tj TJ ' \" Do")
        except pikepdf.PdfError:
            raise Unknown from None
        current: Any = None
        for operands, operator in ((i.operands, str(i.operator)) for i in instructions):
            if operator == "Tf" and operands and isinstance(fonts, pikepdf.Dictionary):
                current = fonts.get(str(operands[0]))
            elif operator in SHOW and operands:
                if not isinstance(current, pikepdf.Dictionary) or not current.is_indirect:
                    continue  # a direct font object: page-validation names none
                codes = found.setdefault(current.objgen, set())
                for data in _strings(operands[-1]):
                    codes.update(_codes(current, data))
            elif operator == "Do" and operands and isinstance(xobjects, pikepdf.Dictionary):
                form = xobjects.get(str(operands[0]))
                if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                    streams.append((form, form.get("/Resources", resources)))
    return found


def _strings(operand: Any) -> Iterator[bytes]:
    if isinstance(operand, pikepdf.String):
        yield bytes(operand)
    elif isinstance(operand, pikepdf.Array):
        for item in operand:
            if isinstance(item, pikepdf.String):
                yield bytes(item)


def _codes(font: Any, data: bytes) -> Iterator[bytes]:
    """The character codes of ``data`` shown with ``font``: one byte each in a simple font,
    two with the Identity CMaps; the widths of an embedded CMap's code space ranges."""
    if font.get("/Subtype") != "/Type0":
        yield from (data[i : i + 1] for i in range(len(data)))
        return
    encoding = font.get("/Encoding")
    if isinstance(encoding, pikepdf.Name) and str(encoding) in ("/Identity-H", "/Identity-V"):
        yield from (data[i : i + 2] for i in range(0, len(data) - 1, 2))
        return
    if not isinstance(encoding, pikepdf.Stream):
        raise Unknown  # a predefined CMap of variable width: not read here
    ranges = _code_space(encoding)
    i = 0
    while i < len(data):
        for width in sorted({len(low) for low, _ in ranges}):
            code = data[i : i + width]
            if any(len(low) == width and low <= code <= high for low, high in ranges):
                yield code
                i += width
                break
        else:
            raise Unknown


def _code_space(cmap: Any) -> list[tuple[bytes, bytes]]:
    ranges = []
    try:
        for instruction in pikepdf.parse_content_stream(cmap):
            if str(instruction.operator) == "endcodespacerange":
                operands = list(instruction.operands)
                ranges += [
                    (bytes(operands[i]), bytes(operands[i + 1]))
                    for i in range(0, len(operands) - 1, 2)
                ]
    except pikepdf.PdfError:
        raise Unknown from None
    if not ranges:
        raise Unknown
    return ranges


class _Mapping:
    """What each code of one font maps to, read as ISO 32000-1 9.10.2 says."""

    def __init__(self, font: Any, limits: Limits) -> None:
        self.font = font
        self.to_unicode = _to_unicode(font.get("/ToUnicode"), limits)
        self.simple = str(font.get("/Subtype")) in SIMPLE
        self.names = _encoding_names(font) if self.simple else {}

    def allowed(self, code: bytes) -> bool:
        """The code maps to Unicode, and to none of U+0000, U+FEFF and U+FFFE."""
        value = self.to_unicode.get(code)
        if value is not None:
            try:
                text = value.decode("utf-16-be")  # strict: a lone surrogate is no Unicode
            except UnicodeDecodeError:
                return False
            return bool(text) and not (set(text) & FORBIDDEN)
        if self.simple:
            return len(code) == 1 and _glyph_has_unicode(self.names.get(code[0]))
        return _in_collection(self.font)


def _to_unicode(stream: Any, limits: Limits) -> dict[bytes, bytes]:
    """Code -> the UTF-16BE bytes the ToUnicode CMap maps it to (as written; judged later)."""
    if not isinstance(stream, pikepdf.Stream):
        return {}
    guard_stream(stream, limits, "a font's ToUnicode map")
    table: dict[bytes, bytes] = {}
    try:
        instructions = list(pikepdf.parse_content_stream(stream))
    except pikepdf.PdfError:
        return {}  # unreadable: no code maps through it
    for instruction in instructions:
        operator, operands = str(instruction.operator), list(instruction.operands)
        if operator == "endbfchar":
            for i in range(0, len(operands) - 1, 2):
                if isinstance(operands[i + 1], pikepdf.String):
                    table[bytes(operands[i])] = bytes(operands[i + 1])
        elif operator == "endbfrange":
            for i in range(0, len(operands) - 2, 3):
                _range(table, bytes(operands[i]), bytes(operands[i + 1]), operands[i + 2])
    return table


def _range(table: dict[bytes, bytes], low: bytes, high: bytes, target: Any) -> None:
    first, last = int.from_bytes(low, "big"), int.from_bytes(high, "big")
    if len(low) != len(high) or last < first or last - first > 0xFFFF:
        return
    if isinstance(target, pikepdf.Array):
        for offset, value in enumerate(target):
            if offset <= last - first and isinstance(value, pikepdf.String):
                table[(first + offset).to_bytes(len(low), "big")] = bytes(value)
        return
    if not isinstance(target, pikepdf.String) or not bytes(target):
        return
    start = bytes(target)
    # ISO 32000-1 9.10.3: the last byte is incremented; past 255 the range says nothing.
    for offset in range(min(last - first, 255 - start[-1]) + 1):
        mapped = start[:-1] + bytes([start[-1] + offset])
        table[(first + offset).to_bytes(len(low), "big")] = mapped


# The predefined encodings of ISO 32000-1 annex D, as Python's codecs know them (WinAnsi is
# Windows-1252, MacRoman is Mac OS Roman); MacExpert has no codec: its codes are not judged
# mapped here, and the validator's finding stands.
CODECS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}


def _encoding_names(font: Any) -> dict[int, str]:
    """Code -> the glyph name (or, for a predefined encoding, ``uniXXXX``) the font's
    /Encoding gives it; codes it does not name are left out (the font's built-in encoding,
    which only its program knows, is not taken as a mapping, as veraPDF does not)."""
    encoding = font.get("/Encoding")
    base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
    names: dict[int, str] = {}
    codec = CODECS.get(str(base)) if isinstance(base, pikepdf.Name) else None
    if codec is not None:
        for code in range(32, 256):
            try:
                character = bytes([code]).decode(codec)
            except UnicodeDecodeError:
                continue
            if character.isprintable() or character == "\xa0" or character == "\xad":
                names[code] = f"uni{ord(character):04X}"
    if isinstance(encoding, pikepdf.Dictionary):
        differences = encoding.get("/Differences")
        code = 0
        for item in differences if isinstance(differences, pikepdf.Array) else []:
            if isinstance(item, int):
                code = item
            elif isinstance(item, pikepdf.Name):
                names[code] = str(item)[1:]
                code += 1
    return names


def _glyph_has_unicode(name: str | None) -> bool:
    """A glyph name of the Adobe Glyph List, or a ``uniXXXX``/``uXXXX`` name (ISO 32000-1
    9.10.2; the AGL specification): not ``g17`` or ``Euro.serif``, whose Unicode only the font
    program could tell."""
    if not name:
        return False
    from fontTools.agl import AGL2UV  # type: ignore[import-untyped]

    if name in AGL2UV:
        return True
    if re.fullmatch(r"uni([0-9A-F]{4})+", name):
        values = [int(name[i : i + 4], 16) for i in range(3, len(name), 4)]
    elif re.fullmatch(r"u[0-9A-F]{4,6}", name):
        values = [int(name[1:], 16)]
    else:
        return False
    return all(
        0 < v <= 0x10FFFF and not 0xD800 <= v <= 0xDFFF and v not in (0xFEFF, 0xFFFE)
        for v in values
    )


def _in_collection(font: Any) -> bool:
    """A composite font whose CIDFont is of a collection with a Unicode mapping."""
    descendants = font.get("/DescendantFonts")
    if not isinstance(descendants, pikepdf.Array) or len(descendants) != 1:
        return False
    info = descendants[0].get("/CIDSystemInfo")
    if not isinstance(info, pikepdf.Dictionary):
        return False
    return f"{info.get('/Registry', '')}-{info.get('/Ordering', '')}" in COLLECTIONS
