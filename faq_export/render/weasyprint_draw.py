"""WeasyPrint draws the pages of a long document in two processes: the same PDF, byte for
byte, sooner.

Once the pages are laid out, drawing them (each page's text, lines and marked content into
its content stream) is a third of WeasyPrint's PDF time, and each page's drawing depends
only on its own layout. ``in_two_processes`` forks a second process, which has the whole
layout too (the fork copies nothing until written to), and draws the last pages
(``1 - SHARE_HERE`` of them) while this process draws the first. For each page it sends
back:

- the content stream's operators;
- the marked content it made (each box by its place in the page's box tree, with its tag
  and MCID), which WeasyPrint's structure tree is built from;
- the fonts the page uses and the glyphs it used first (widths and text), in the order
  it met them, and the transparency states it added;
- the widths and text of every glyph its drawing looked up: drawing reads what earlier
  pages stored (a glyph's width is rounded at the size it was first met).

This process then takes each of those pages as if it had drawn it itself: the glyphs go into
its fonts in the same order, the states into its resources, so that what follows (the
font subsets, the structure tree, the objects' numbers) is what drawing alone makes.

Anything drawing does that cannot be carried over that way makes this process draw the page
itself: a page that uses a font this process has not met yet, or whose drawing read other
widths or text than this process holds; and every page of the second process when it made
images, patterns, shadings, transparency groups or numbered graphics states (their names
count what came before), used glyphs a font lacks, or could not send its work. The result
is the same in every case: only the time differs.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from faq_export import parallel

# Fewer pages than this are drawn in one process: a fork and its messages cost more than
# drawing a few pages (measured: 8 pages take 0.05 s to draw).
MIN_PAGES = 24

# The share of the pages this process draws. The second process is slower per page: it
# notes every glyph drawing looks up (in Python, not in the dict's C code) and sends its
# pages back. Measured at 1,000 questions: with 0.52, this process waited 0.4 to 0.7 s for
# the second; with 0.6, 0.04 s.
SHARE_HERE = 0.6

_state: _Parent | _Child | None = None
_applied = False


@dataclass
class _Drawn:
    """One page drawn by the second process."""

    operators: list[Any]
    tags: list[tuple[int, str, int]] | None  # (box's place in the page's tree, tag, MCID)
    fonts: list[int]  # the font keys the page uses, in the order it met them
    glyphs: list[tuple[int, list[tuple[int, Any]], list[tuple[int, str]]]]  # key, widths, text
    # Per font key, what the drawing read of its glyphs (glyph, width, text; None where it
    # had none): drawing reads what earlier pages stored (a glyph's width is rounded at the
    # size it was first met), so a page is taken only where this process holds the same.
    read: list[tuple[int, list[tuple[int, Any, str | None]]]]
    states: list[tuple[str, Any]]  # transparency states the page added (ExtGState)


@dataclass
class _Child:
    """In the second process: draws pages ``first`` onwards, records them."""

    first: int
    index: dict[int, int]  # id(page) -> its number (0-based)
    last: int
    drawn: dict[int, _Drawn] = field(default_factory=dict)
    fonts_used: list[int] = field(default_factory=list)
    refused: str | None = None


@dataclass
class _Parent:
    """In this process: draws the pages before ``first``, takes the others."""

    first: int
    index: dict[int, int]
    pending: parallel.Pending[dict[int, _Drawn] | str] | None
    drawn: dict[int, _Drawn] | None = None
    taken: int = 0  # pages taken from the second process (for the tests)


class _Reads(dict[Any, Any]):
    """A font's glyph widths or text, noting which glyphs drawing looks up."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: set[Any] = set()

    def __contains__(self, key: object) -> bool:
        self.read.add(key)
        return super().__contains__(key)

    def __getitem__(self, key: Any) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)


class _Done(Exception):  # not an error: the second process's work is done
    def __init__(self, result: dict[int, _Drawn] | str) -> None:
        self.result = result


@contextlib.contextmanager
def in_two_processes(document: Any, write: Callable[[], object]) -> Iterator[_Parent | None]:
    """While the body runs ``write()`` (WeasyPrint's ``write_pdf`` of ``document``), the
    second half of the pages is drawn in a second process; yields what was shared (None
    when the pages are drawn here alone)."""
    global _state
    pages = document.pages
    if len(pages) < MIN_PAGES or not parallel.available() or _state is not None:
        yield None
        return
    _apply()
    first = round(len(pages) * SHARE_HERE)
    index = {id(page): number for number, page in enumerate(pages)}
    pending = parallel.Pending(_draw_second_half, write, first, index, len(pages) - 1)
    _state = _Parent(first, index, pending)
    try:
        yield _state
    finally:
        if _state.pending is not None:
            _state.pending.cancel()
        _state = None


def _draw_second_half(
    write: Callable[[], object], first: int, index: dict[int, int], last: int
) -> dict[int, _Drawn] | str:
    global _state
    gc.disable()  # a short-lived process: collecting would copy the layout's pages
    _state = _Child(first, index, last)
    try:
        write()
    except _Done as done:
        return done.result
    return "the second process drew no pages"


def _apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True
    from weasyprint.document import Page
    from weasyprint.pdf.stream import Stream

    paint = Page.paint
    add_font = Stream.add_font

    def painted(page: Any, stream: Any, scale: float = 1) -> None:
        state = _state
        number = state.index.get(id(page)) if state is not None else None
        if state is None or number is None or number < state.first:
            if not isinstance(state, _Child):
                paint(page, stream, scale)
            return
        if isinstance(state, _Child):
            _draw_and_record(state, number, paint, page, stream, scale)
        elif not _take(state, number, page, stream):
            paint(page, stream, scale)

    def font_added(stream: Any, pango_font: Any) -> Any:
        added = add_font(stream, pango_font)
        if isinstance(_state, _Child):
            font = added[0]
            key = next(k for k, known in stream._fonts.items() if known is font)
            if key not in _state.fonts_used:
                _state.fonts_used.append(key)
            if not isinstance(font.widths, _Reads):
                font.widths = _Reads(font.widths)
                font.to_unicode = _Reads(font.to_unicode)
        return added

    Page.paint = painted
    Stream.add_font = font_added


def _draw_and_record(
    state: _Child, number: int, paint: Callable[..., None], page: Any, stream: Any, scale: float
) -> None:
    resources = stream._resources
    sizes = {name: len(resources[name]) for name in ("XObject", "Pattern", "Shading")}
    states_before = list(resources["ExtGState"])
    images_before = len(stream._images)
    fonts = stream._fonts
    before = {key: (len(f.widths), len(f.to_unicode)) for key, f in fonts.items()}
    state.fonts_used = []
    for font in fonts.values():
        if isinstance(font.widths, _Reads):
            font.widths.read.clear()
            font.to_unicode.read.clear()
    paint(page, stream, scale)

    if state.refused is None:
        state.refused = _refusal(stream, sizes, states_before, images_before)
    if state.refused is None:
        glyphs = []
        for key in state.fonts_used:
            font = fonts[key]
            widths, texts = before.get(key, (0, 0))
            glyphs.append(
                (
                    key,
                    list(font.widths.items())[widths:],
                    list(font.to_unicode.items())[texts:],
                )
            )
        tags = None
        if stream._tags is not None:
            place = {
                id(box): at for at, box in enumerate(page._page_box.descendants(placeholders=True))
            }
            tags = []
            for box, tag in stream._tags.items():
                if id(box) not in place:
                    state.refused = "a marked box outside the page's tree"
                    break
                tags.append((place[id(box)], tag["tag"], tag["mcid"]))
        added = [(k, v) for k, v in resources["ExtGState"].items() if k not in states_before]
        read = []
        for key in state.fonts_used:
            font = fonts[key]
            seen = font.widths.read | font.to_unicode.read
            read.append(
                (
                    key,
                    [(g, font.widths.get(g), font.to_unicode.get(g)) for g in sorted(seen)],
                )
            )
        state.drawn[number] = _Drawn(
            list(stream.stream), tags, list(state.fonts_used), glyphs, read, added
        )
    if number == state.last:
        raise _Done(state.refused or state.drawn)


def _refusal(stream: Any, sizes: dict[str, int], states: list[str], images: int) -> str | None:
    """Why pages drawn by the second process cannot be taken as they are, if they cannot."""
    resources = stream._resources
    if any(len(resources[name]) != size for name, size in sizes.items()):
        return "numbered resources (images, patterns, shadings, groups)"
    if len(stream._images) != images:
        return "images"
    if any(k not in states and k[:1] not in ("a", "A") for k in resources["ExtGState"]):
        return "numbered graphics states"
    if any(font.missing for font in stream._fonts.values()):
        return "glyphs a font lacks"
    return None


def _take(state: _Parent, number: int, page: Any, stream: Any) -> bool:
    """Page ``number`` as the second process drew it, into ``stream``; False when this
    process must draw it itself."""
    if state.pending is not None:
        try:
            result = state.pending.result()
        except Exception:  # the second process failed: draw here, as without it
            result = "failed"
        state.pending = None
        state.drawn = result if isinstance(result, dict) else None
    drawn = state.drawn.get(number) if state.drawn is not None else None
    fonts = stream._fonts
    if drawn is None or any(key not in fonts for key in drawn.fonts):
        return False  # drawn here, the page's new font is met where drawing alone meets it
    for key, glyphs in drawn.read:
        widths, texts = fonts[key].widths, fonts[key].to_unicode
        for glyph, width, text in glyphs:
            if widths.get(glyph, width) != width or texts.get(glyph, text) != text:
                return False  # drawn from other widths or text than this process holds
    if drawn.tags is not None:
        boxes = list(page._page_box.descendants(placeholders=True))
        tags = stream._tags
        for at, tag, mcid in drawn.tags:
            tags[boxes[at]] = {"tag": tag, "mcid": mcid}
    for key, widths, texts in drawn.glyphs:
        font = fonts[key]
        for glyph, width in widths:
            font.widths.setdefault(glyph, width)
        for glyph, text in texts:
            font.to_unicode.setdefault(glyph, text)
    states = stream._resources["ExtGState"]
    for name, value in drawn.states:
        states.setdefault(name, value)
    stream.stream[:] = drawn.operators
    state.taken += 1
    return True
