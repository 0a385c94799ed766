"""Walking a PDF that may be hostile within the limits (issue 25): the structure tree, the
outline and name trees iteratively, to a depth limit, in memory linear in their size; and
each stream the checker decodes measured, in pieces, before qpdf decodes it in full.

A structure tree 10,000 deep once took 424 MB to check (each element's path a string as long
as its depth); a 3 MB page whose content inflates to 3 GB took 5.9 GB.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from faq_export.checks.findings import CheckInputError
from faq_export.lazy import LazyModule
from faq_export.limits import Limits
from faq_export.render.pdf_struct import is_element, kids

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")

SHOWN_STEPS = 4  # a deep path shows its first and last steps


class StructPath:
    """Where an element is in the structure tree (``/Document[1]/Div[2]/P[3]``), kept as a
    link to its parent's path and its own step: the paths of a tree n deep take memory in
    n, not in n². A path deeper than 2 × SHOWN_STEPS shows its first and last steps."""

    __slots__ = ("depth", "head", "parent", "step")

    def __init__(self, parent: StructPath | None, step: str) -> None:
        self.parent = parent
        self.step = step
        self.depth: int = parent.depth + 1 if parent else 1
        above = parent.head if parent else ""
        self.head: str = above + "/" + step if self.depth <= SHOWN_STEPS else above

    def __str__(self) -> str:
        steps: list[str] = []
        path: StructPath | None = self
        while path is not None and (len(steps) < SHOWN_STEPS or self.depth <= 2 * SHOWN_STEPS):
            steps.append(path.step)
            path = path.parent
        tail = "/" + "/".join(reversed(steps))
        if self.depth <= 2 * SHOWN_STEPS:
            return tail
        return f"{self.head}/…{self.depth - 2 * SHOWN_STEPS} more…{tail}"

    def __repr__(self) -> str:
        return f"StructPath({str(self)!r})"


def too_deep(what: str, limit: int) -> CheckInputError:
    return CheckInputError(
        f"the {what} is nested more than {limit:,} deep, deeper than any real document "
        f"(to check it anyway: --limit pdf_depth=N)"
    )


def walk_elements(root: Any, limit: int) -> tuple[list[tuple[Any, StructPath]], list[int]]:
    """Every structure element below ``root`` with its path, in tree order (each before its
    kids), and the index of each one's parent in that list (-1: a kid of ``root``).
    Iterative; an element met again (a cycle, or listed twice) is not walked again; deeper
    than ``limit``: CheckInputError."""
    found: list[tuple[Any, StructPath]] = []
    parents: list[int] = []
    seen: set[Any] = set()
    stack: list[tuple[Any, StructPath | None, int]] = [(root, None, -1)]
    while stack:
        parent, parent_path, parent_index = stack.pop()
        if parent_path is not None:
            if parent_path.depth > limit:
                raise too_deep("structure tree", limit)
            parents.append(parent_index)
            found.append((parent, parent_path))
            parent_index = len(found) - 1
        later: list[tuple[Any, StructPath | None, int]] = []
        for index, kid in enumerate(kids(parent)):
            if not is_element(kid):
                continue
            if kid.is_indirect:  # a direct object has no identity of its own: (0, 0)
                if kid.objgen in seen:
                    continue
                seen.add(kid.objgen)
            step = f"{str(kid.S).lstrip('/')}[{index + 1}]"
            later.append((kid, StructPath(parent_path, step), parent_index))
        stack.extend(reversed(later))
    return found, parents


def outline_items(pdf: pikepdf.Pdf, limit: int) -> list[tuple[str, Any]]:
    """(title, item) of every outline entry, in outline order (each before its children).
    Iterative: a chain of /Next links of any length; nested (/First) deeper than ``limit``:
    CheckInputError."""
    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return []
    found: list[tuple[str, Any]] = []
    seen: set[Any] = set()
    stack: list[tuple[Any, int]] = [(outlines.get("/First"), 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        if depth > limit:
            raise too_deep("outline (bookmarks)", limit)
        seen.add(item.objgen)
        found.append((str(item.get("/Title", "")), item))
        stack += [(item.get("/Next"), depth), (item.get("/First"), depth + 1)]
    return found


def name_tree_items(root: Any, limit: int) -> Iterator[tuple[str, Any]]:
    """The (name, value) pairs of a name tree (``/Names`` → ``/Dests``), walked iteratively;
    /Kids nested deeper than ``limit``: CheckInputError."""
    seen: set[Any] = set()
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if depth > limit:
            raise too_deep("name tree", limit)
        names = node.get("/Names")
        if isinstance(names, pikepdf.Array):
            for index in range(0, len(names) - 1, 2):
                yield str(names[index]), names[index + 1]
        children = node.get("/Kids")
        if isinstance(children, pikepdf.Array):
            stack.extend((child, depth + 1) for child in reversed(list(children)))


# --- streams -------------------------------------------------------------------------------

CHUNK = 1 << 20
BIG_STREAM = 1_000_000  # the ratio applies from this decoded size, as for zip entries
# How many times each filter can at most multiply its input: a filter chain whose product
# keeps a stream under the limit needs no measuring (most pages' content).
GROWTH = {
    "/FlateDecode": 1032,  # deflate's ceiling
    "/Fl": 1032,
    "/LZWDecode": 3641,  # 9-bit codes of up to 4,096 bytes
    "/LZW": 3641,
    "/RunLengthDecode": 64,
    "/RL": 64,
    "/ASCII85Decode": 4,  # 'z': four zero bytes
    "/A85": 4,
    "/ASCIIHexDecode": 1,
    "/AHx": 1,
}
MEASURED = {"/FlateDecode", "/Fl", "/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx"}
COUNTED = {"/LZWDecode", "/LZW", "/RunLengthDecode", "/RL"}  # measured when they come last


class StreamTooLarge(CheckInputError):
    pass


def guard_stream(stream: Any, limits: Limits, what: str) -> None:
    """Refuse ``stream`` (a page's content, a font's ToUnicode map, the XMP packet) before it
    is decoded in full if it decodes to more than ``pdf_stream_bytes`` or, over 1 MB, more
    than ``pdf_stream_ratio`` times its stored size. Flate, ASCII85 and ASCIIHex are decoded
    here in pieces, counting, with nothing kept past the limit; a chain with another filter
    (LZW, RunLength) is judged by how much it could grow."""
    if not isinstance(stream, pikepdf.Stream):
        return
    filters = stream.get("/Filter")
    names = (
        [str(f) for f in filters]
        if isinstance(filters, pikepdf.Array)
        else [str(filters)]
        if filters is not None
        else []
    )
    if not names:
        return  # stored as it is: no bigger than the file, which check_bytes bounds
    raw = stream.read_raw_bytes()
    stored = max(len(raw), 1)
    bound = stored
    for name in names:
        bound *= GROWTH.get(name, 1)
    if bound <= min(limits.pdf_stream_bytes, max(BIG_STREAM, stored * limits.pdf_stream_ratio)):
        return
    if not _measurable(names):
        size = bound  # cannot be measured in pieces here: judged by what it could become
    else:
        early = _early_change(stream)
        size = _decoded_size(raw, names, limits.pdf_stream_bytes, early)
    if size > limits.pdf_stream_bytes:
        raise StreamTooLarge(
            f"{what} (object {stream.objgen[0]}) {_decodes(size, names)} more than "
            f"{limits.pdf_stream_bytes:,} bytes (a decompression bomb?; to check it anyway: "
            "--limit pdf_stream_bytes=N)"
        )
    ratio = size / stored
    if size > BIG_STREAM and ratio > limits.pdf_stream_ratio:
        raise StreamTooLarge(
            f"{what} (object {stream.objgen[0]}) inflates {ratio:,.0f} times, more than "
            f"{limits.pdf_stream_ratio} (a decompression bomb?; to check it anyway: "
            "--limit pdf_stream_ratio=N)"
        )


def _measurable(names: list[str]) -> bool:
    return all(name in MEASURED for name in names[:-1]) and names[-1] in MEASURED | COUNTED


def _early_change(stream: Any) -> int:
    parameters = stream.get("/DecodeParms")
    if isinstance(parameters, pikepdf.Array):
        parameters = parameters[len(parameters) - 1] if len(parameters) else None
    if isinstance(parameters, pikepdf.Dictionary):
        value = parameters.get("/EarlyChange")
        if isinstance(value, int):
            return int(value)
    return 1


def _decodes(size: int, names: list[str]) -> str:
    return "decodes to" if _measurable(names) else f"could decode ({', '.join(names)}) to"


def _decoded_size(raw: bytes, names: list[str], cap: int, early_change: int = 1) -> int:
    """The size ``raw`` decodes to through the filters ``names``, or a size over ``cap`` as
    soon as it is known to be over; data that cannot be decoded counts as far as it goes
    (the checker reports such a page as unreadable)."""
    data = raw
    for position, name in enumerate(names):
        last = position == len(names) - 1
        if name in ("/ASCIIHexDecode", "/AHx"):
            text = bytes(data).split(b">", 1)[0]
            text = b"".join(text.split())
            try:
                data = binascii.unhexlify(text + b"0" * (len(text) % 2))
            except binascii.Error:
                return len(text) // 2
        elif name in ("/LZWDecode", "/LZW"):
            return _lzw_size(bytes(data), cap, early_change)
        elif name in ("/RunLengthDecode", "/RL"):
            return _run_length_size(bytes(data), cap)
        elif name in ("/ASCII85Decode", "/A85"):
            text = bytes(data).split(b"~>", 1)[0].removeprefix(b"<~")
            if text.count(b"z") * 4 > cap:
                return cap + 1
            try:
                data = base64.a85decode(b"".join(text.split()))
            except ValueError:
                return len(text)
        else:  # Flate
            size, kept = _inflate(data, cap, keep=not last)
            if last or size > cap:
                return size
            data = kept
        if len(data) > cap:
            return len(data)
    return len(data)


def _inflate(data: bytes, cap: int, keep: bool) -> tuple[int, bytes]:
    """How many bytes zlib ``data`` inflates to (stopping once past ``cap``), and, with
    ``keep``, the bytes themselves."""
    inflater = zlib.decompressobj()
    size = 0
    kept: list[bytes] = []
    pending = data
    try:
        while size <= cap and not inflater.eof:
            # An empty input still gives what zlib holds back (a long match cut short).
            piece = inflater.decompress(pending, CHUNK)
            if not piece:
                break
            size += len(piece)
            if keep:
                kept.append(piece)
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # corrupt: as far as it went
    return size, b"".join(kept)


def _lzw_size(data: bytes, cap: int, early_change: int) -> int:
    """The size LZW ``data`` decodes to, counted from its codes without making the bytes:
    each code stands for a table entry one byte longer than the entry before it."""
    lengths = [1] * 258 + [0] * (4096 - 258)
    next_code, width, previous = 258, 9, 0
    size = 0
    bits, held = 0, 0
    for byte in data:
        bits = (bits << 8) | byte
        held += 8
        while held >= width:
            held -= width
            code = (bits >> held) & ((1 << width) - 1)
            bits &= (1 << held) - 1
            if code == 256:
                next_code, width, previous = 258, 9, 0
                continue
            if code == 257:
                return size
            if code < next_code:
                length = lengths[code]
            elif code == next_code and previous:
                length = previous + 1
            else:
                return size  # a broken stream: decoders stop here too
            size += length
            if size > cap:
                return size
            if previous and next_code < 4096:
                lengths[next_code] = previous + 1
                next_code += 1
                if next_code + early_change >= 1 << width and width < 12:
                    width += 1
            previous = length
    return size


def _run_length_size(data: bytes, cap: int) -> int:
    size, index = 0, 0
    while index < len(data) and size <= cap:
        length = data[index]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            index += length + 2
        else:
            size += 257 - length
            index += 2
    return size
