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


def kids(element: Any) -> list[Any]:
    found = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def is_element(obj: Any) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


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
    if not all(name in MEASURED for name in names):
        size = bound  # cannot be measured in pieces here: judged by what it could become
    else:
        size = _decoded_size(raw, names, limits.pdf_stream_bytes)
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


def _decodes(size: int, names: list[str]) -> str:
    measured = all(name in MEASURED for name in names)
    return "decodes to" if measured else f"could decode ({', '.join(names)}) to"


def _decoded_size(raw: bytes, names: list[str], cap: int) -> int:
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
