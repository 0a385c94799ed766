"""A tagged PDF's text as a screen reader gets it: each marked-content sequence's glyphs
through their font's ToUnicode map, in the structure tree's order.

What a reader gets of an element:
- its ``/ActualText``, when it has one, in place of its content;
- for a ``Figure`` (or ``Formula``), its ``/Alt``;
- nothing of an ``Artifact`` (not in the tree), a list item's ``Lbl`` (the bullet or number a
  format adds) or the ``TOC`` (the contents repeat the headings);
- for a heading (``H``, ``H1``..``H6``), its text as one piece marked as a heading.

The content streams are those the checker parses once (``PdfContext.page_facts``): the text
is decoded during that one parse. The ToUnicode maps are read with pikepdf's content-stream
parser (a CMap is PostScript: ``endbfchar`` gets its pairs as operands), once per font.
"""

from __future__ import annotations

import array
import re
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from faq_export.checks.fidelity import Piece
from faq_export.lazy import LazyModule
from faq_export.render.pdf_struct import kids

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")

HEADINGS = frozenset({"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"})
NOT_READ = frozenset({"/Lbl", "/TOC", "/Artifact"})
DESCRIBED = frozenset({"/Figure", "/Formula"})


class ToUnicode:
    """A font's codes -> text, from its ToUnicode CMap (codes of one width)."""

    def __init__(self, table: dict[bytes, str], width: int) -> None:
        self.table = table
        self.width = width
        # Codes of one or two bytes (every font WeasyPrint writes) are looked up in a list
        # indexed by the code: a page's glyphs are decoded in one C-level map.
        self.lookup: list[str] | None = None
        if width in (1, 2):
            self.lookup = [""] * (256**width)
            for code, text in table.items():
                if len(code) == width:
                    self.lookup[int.from_bytes(code, "big")] = text

    @classmethod
    def of(cls, font: Any, guard: Callable[[Any], None] | None = None) -> ToUnicode:
        """The font's map; ``guard`` is shown the map's stream first (it raises to refuse
        one that would inflate too far)."""
        stream = font.get("/ToUnicode") if isinstance(font, pikepdf.Dictionary) else None
        if not isinstance(stream, pikepdf.Stream):
            # A simple font without a map: its codes are (near enough) Latin-1.
            return cls({bytes([c]): chr(c) for c in range(32, 256)}, 1)
        if guard is not None:
            guard(stream)
        table: dict[bytes, str] = {}
        width = 1
        try:
            instructions = pikepdf.parse_content_stream(stream)
        except pikepdf.PdfError:
            return cls({}, 1)
        for instruction in instructions:
            operator = str(instruction.operator)
            operands = list(instruction.operands)
            if operator == "endcodespacerange" and operands:
                width = max(len(bytes(operands[0])), 1)
            elif operator == "endbfchar":
                for i in range(0, len(operands) - 1, 2):
                    table[bytes(operands[i])] = _utf16(operands[i + 1])
            elif operator == "endbfrange":
                for i in range(0, len(operands) - 2, 3):
                    _add_range(table, bytes(operands[i]), bytes(operands[i + 1]), operands[i + 2])
        return cls(table, width)

    def decode(self, data: bytes) -> str:
        width = self.width
        if self.lookup is not None:
            if width == 1:
                return "".join(map(self.lookup.__getitem__, data))
            codes = array.array("H", data[: len(data) - len(data) % 2])
            if sys.byteorder == "little":
                codes.byteswap()  # the codes are big-endian
            return "".join(map(self.lookup.__getitem__, codes))
        table = self.table
        return "".join(table.get(data[i : i + width], "") for i in range(0, len(data), width))


def _utf16(value: Any) -> str:
    return bytes(value).decode("utf-16-be", "replace") if isinstance(value, pikepdf.String) else ""


def _add_range(table: dict[bytes, str], low: bytes, high: bytes, target: Any) -> None:
    first, last = int.from_bytes(low, "big"), int.from_bytes(high, "big")
    width = len(low)
    if last < first or last - first > 0xFFFF:
        return
    if isinstance(target, pikepdf.Array):
        for offset, value in enumerate(target):
            table[(first + offset).to_bytes(width, "big")] = _utf16(value)
        return
    start = bytes(target)
    base = int.from_bytes(start, "big")
    # ISO 32000-1 9.10.3: a range may not carry past its destination's last value; a map
    # that does ends there (<0000> <0001> <FFFF> maps its first code only).
    for offset in range(min(last - first + 1, (1 << 8 * len(start)) - base)):
        text = (base + offset).to_bytes(len(start), "big").decode("utf-16-be", "replace")
        table[(first + offset).to_bytes(width, "big")] = text


class MarkedText:
    """Collects the text of each MCID of one page while its instructions are read."""

    def __init__(
        self,
        fonts: Any,
        maps: dict[Any, ToUnicode],
        guard: Callable[[Any], None] | None = None,
    ) -> None:
        self.fonts = fonts
        self.maps = maps
        self.guard = guard
        self.found: dict[int, list[str]] = {}
        self.stack: list[int | None] = []
        self.font: ToUnicode | None = None

    def read(self, operands: Any, operator: str) -> None:
        if operator == "BDC":
            properties = operands[1] if len(operands) > 1 else None
            marked = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            inner = self.stack[-1] if self.stack else None
            self.stack.append(int(marked) if isinstance(marked, int) else inner)
        elif operator == "BMC":
            self.stack.append(self.stack[-1] if self.stack else None)
        elif operator == "EMC":
            if self.stack:
                self.stack.pop()
        elif operator == "Tf" and operands:
            self.font = self._font(operands[0])
        elif operator in ("Tj", "TJ", "'", '"') and operands and self.font is not None:
            mcid = self.stack[-1] if self.stack else None
            if mcid is None:
                return
            self.found.setdefault(mcid, []).append(self.font.decode(_shown(operands[-1])))

    def _font(self, name: Any) -> ToUnicode | None:
        font = self.fonts.get(name) if isinstance(self.fonts, pikepdf.Dictionary) else None
        if font is None:
            return None
        key = font.objgen if font.is_indirect else id(font)
        if key not in self.maps:
            self.maps[key] = ToUnicode.of(font, self.guard)
        return self.maps[key]

    def texts(self) -> dict[int, str]:
        return {mcid: "".join(parts) for mcid, parts in self.found.items()}


# The operators MarkedText reads: the others need not be handed to it.
OPERATORS = frozenset({"BDC", "BMC", "EMC", "Tf", "Tj", "TJ", "'", '"'})
_HEX_STRING = re.compile(rb"<([0-9A-Fa-f]*)>")


def _shown(shown: Any) -> bytes:
    """The bytes a text-showing operator shows (a TJ array's strings, joined)."""
    if not isinstance(shown, pikepdf.Array):
        return bytes(shown) if isinstance(shown, pikepdf.String) else b""
    # qpdf writes the array back in a second (C++); reading its items one by one from Python
    # took four times as long. Its strings are hex when they are binary, as a CID font's are.
    written = shown.unparse()
    if b"(" not in written:
        return bytes.fromhex(b"".join(_HEX_STRING.findall(written)).decode("ascii"))
    return b"".join(bytes(item) for item in shown if isinstance(item, pikepdf.String))


class TaggedText(Protocol):
    """What ``reading_pieces`` reads of a PDF: ``checks.pdf_context.PdfContext`` made
    with ``read_text`` (named here by what it offers, so this module needs nothing of
    pdf_context.py, which imports it)."""

    pdf: Any

    @property
    def tagged(self) -> bool: ...

    @property
    def page_numbers(self) -> dict[Any, int]: ...

    def page_text(self, index: int) -> dict[int, str]: ...


def reading_pieces(ctx: TaggedText) -> Iterator[Piece]:
    """The PDF's text in the structure tree's order, as a reader gets it: each marked-content
    sequence a piece, a heading's text one piece."""
    if not ctx.tagged:
        return
    page_index = {objgen: number - 1 for objgen, number in ctx.page_numbers.items()}
    seen: set[Any] = set()
    heading: list[str] | None = None  # the text of the heading being read
    heading_page = ""
    end_of_heading = object()

    def where(page: Any) -> str:
        index = page_index.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
        return f"page {index + 1}" if index is not None else "the PDF"

    def text_of(page: Any, mcid: int) -> str:
        index = page_index.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
        return ctx.page_text(index).get(mcid, "") if index is not None else ""

    root = ctx.pdf.Root.StructTreeRoot
    stack: list[tuple[Any, Any]] = [(kid, None) for kid in reversed(kids(root))]
    while stack:  # iteratively, in tree order: a deep tree is no recursion
        item, page = stack.pop()
        text = None
        if item is end_of_heading:
            if heading is not None and "".join(heading):
                yield Piece("".join(heading), heading_page, heading=True)
            heading = None
            continue
        if isinstance(item, int):
            text = text_of(page, item)
        elif not isinstance(item, pikepdf.Dictionary):
            continue
        elif "/S" not in item:
            if item.get("/Type") == "/MCR" and isinstance(item.get("/MCID"), int):
                page = item.get("/Pg", page)
                text = text_of(page, int(item.MCID))
        else:
            if item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
            kind = str(item.S)
            page = item.get("/Pg", page)
            actual = item.get("/ActualText")
            if kind in NOT_READ:
                continue
            if isinstance(actual, pikepdf.String):
                text = str(actual)
            elif kind in DESCRIBED:
                alt = item.get("/Alt")
                text = str(alt) if isinstance(alt, pikepdf.String) else ""
            else:
                if kind in HEADINGS and heading is None:
                    heading, heading_page = [], where(page)
                    stack.append((end_of_heading, page))
                stack.extend((kid, page) for kid in reversed(kids(item)))
                continue
        if not text:
            continue
        if heading is not None:
            heading.append(text)
        else:
            yield Piece(text, where(page))
