"""Braille lines and pages, as BANA's Braille Formats (2016) lays them out.

Text arrives as translated cells (``cells.py``); here it is wrapped at blank cells (a word is
never divided: one longer than a line, a web address, is cut at the margin with the UEB line
continuation indicator, dot 5, and goes on at the next line's runover cell; a word is not
ended at the margin in a cell of dot 5 of its own, which would read as that indicator),
indented by its
kind's pair of cells (a paragraph 3-1, a list item 1-3, a cell-5 heading 5-5, a transcriber's
note 7-5; "3-1" is cell 3 for the first line, cell 1 for the rest), centred for a centred
heading, and put on pages of ``lines`` lines whose last line holds only the braille page number
at the right margin (Braille Formats 1.5). A heading stays on a page with the first line after
it; a blank line is not put at the top of a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from faq_export.render.braille.cells import BLANK, CONTINUATION, GUIDE_DOT

MIN_CENTRED_MARGIN = 3  # blank cells each side of a centred heading (Braille Formats 4.3)
MIN_GUIDE_DOTS = 2  # a contents line's guide dots, at least (Braille Formats 2.10)


@dataclass(frozen=True)
class Block:
    """Lines that go onto pages together, in order."""

    lines: tuple[str, ...]
    blank_before: bool = False
    blank_after: bool = False
    heading: bool = False  # kept on the page of the first line that follows it
    new_page: bool = False


def words(cells: str) -> list[str]:
    return [word for word in cells.split(BLANK) if word]


def wrap(cells: str, width: int, first: int, runover: int) -> tuple[str, ...]:
    """``cells`` on lines of ``width`` cells, the first starting at cell ``first`` + 1, the
    others at ``runover`` + 1 (indents in blank cells before the text)."""
    first, runover = min(first, width // 2), min(runover, width // 2)
    lines: list[str] = []
    line = BLANK * first
    empty = True
    for word in words(cells):
        room = width - len(line) - (0 if empty else 1)
        if len(word) < room or (len(word) == room and not word.endswith(CONTINUATION)):
            line += word if empty else BLANK + word
            empty = False
            continue
        if not empty:
            lines.append(line)
            line, empty = BLANK * runover, True
        # A word that would end at the margin in the continuation indicator's cell (an
        # Arabic comma is dot 5) is cut before it: a reader would take it for a cut word.
        while len(word) > width - len(line) or (
            len(word) == width - len(line) and word.endswith(CONTINUATION)
        ):
            cut = width - len(line) - 1
            lines.append(line + word[:cut] + CONTINUATION)
            line, word = BLANK * runover, word[cut:]
        line += word
        empty = False
    if not empty:
        lines.append(line)
    return tuple(lines)


def centre(cells: str, width: int) -> tuple[str, ...]:
    """``cells`` centred, each line with at least three blank cells on either side."""
    inner = max(width - 2 * MIN_CENTRED_MARGIN, width // 2)
    return tuple(BLANK * ((width - len(line)) // 2) + line for line in wrap(cells, inner, 0, 0))


def contents_line(cells: str, number: str, width: int, first: int, runover: int) -> tuple[str, ...]:
    """A contents entry: its text wrapped short of the page number, then guide dots to the
    number at the right margin."""
    room = width - len(number) - MIN_GUIDE_DOTS - 2
    lines = list(wrap(cells, room, first, runover)) or [BLANK * first]
    last = lines[-1]
    dots = width - len(last) - len(number) - 2
    lines[-1] = last + BLANK + GUIDE_DOT * dots + BLANK + number
    return tuple(lines)


def paginate(blocks: Iterable[Block], lines: int) -> tuple[list[list[str]], list[int]]:
    """The blocks on pages of ``lines - 1`` lines of text (the last line is the number's),
    and the page (1-based) each block starts on."""
    room = lines - 1
    pages: list[list[str]] = []
    page: list[str] = []
    starts: list[int] = []
    blank_due = False
    pending = list(blocks)
    for index, block in enumerate(pending):
        if block.new_page and page:
            pages.append(page)
            page = []
        blank = (block.blank_before or blank_due) and bool(page)
        # A heading goes to the next page unless the line after it fits with it; other
        # text runs on from page to page.
        following = pending[index + 1].lines[:1] if index + 1 < len(pending) else ()
        need = len(block.lines) + len(following) + int(blank) + int(block.blank_after)
        if block.heading and page and len(page) + need > room and need <= room:
            pages.append(page)
            page, blank = [], False
        if blank and len(page) < room:
            page.append("")
        for position, line in enumerate(block.lines):
            if len(page) == room:
                pages.append(page)
                page = []
            if position == 0:
                starts.append(len(pages) + 1)
            page.append(line)
        if not block.lines:
            starts.append(len(pages) + 1)
        blank_due = block.blank_after
    if page:
        pages.append(page)
    return pages, starts


def number_line(number: str, width: int) -> str:
    return BLANK * (width - len(number)) + number
