"""Where the code of a Markdown text is, so that the import leaves it as it was: what looks
like a template tag (``{{ .Name }}``) or a kramdown attribute list (``{:?}``) inside a code
block or a code span is the author's text, and is never taken out.

Code is: fenced and indented code blocks and HTML blocks that are ``<pre>`` (as markdown-it
reads the blocks), and inside the other blocks' paragraphs, code spans (backticks, as
CommonMark matches them) and ``<code>…</code>``/``<pre>…</pre>`` elements. Linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from faq_export.markdown import code_spans

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
CODE_TAG = re.compile(r"<(/?)(code|pre)\b[^>]*>", re.I)
PRE_BLOCK = re.compile(r"\s*<pre\b", re.I)


def code_blocks(text: str) -> list[tuple[int, int]]:
    """The code blocks of ``text`` (fenced, indented, an HTML block that is ``<pre>``), as
    ranges of whole lines (start, end), in order."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table"]).disable("inline")
    starts = [0] + [found.end() for found in re.finditer("\n", text)] + [len(text)]
    blocks: list[tuple[int, int]] = []
    for token in parser.parse(text):
        code = token.type in ("fence", "code_block") or (
            token.type == "html_block" and PRE_BLOCK.match(token.content) is not None
        )
        if code and token.map:
            first, last = token.map
            blocks.append((starts[min(first, len(starts) - 1)], starts[min(last, len(starts) - 1)]))
    return blocks


def inline_code(text: str) -> list[tuple[int, int]]:
    """The code spans and ``<code>``/``<pre>`` elements of ``text`` (no code blocks in it),
    each within a paragraph (a blank line ends an unclosed one)."""
    found: list[tuple[int, int]] = []
    begin = 0
    for end in [m.start() for m in PARAGRAPH_BREAK.finditer(text)] + [len(text)]:
        part = text[begin:end]
        ranges = [(begin + a, begin + b) for a, b in code_spans(part)]
        opened: int | None = None
        for tag in CODE_TAG.finditer(part):
            if not tag.group(1) and opened is None:
                opened = tag.start()
            elif tag.group(1) and opened is not None:
                ranges.append((begin + opened, begin + tag.end()))
                opened = None
        found += _merged(ranges)
        begin = end
    return found


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def outside_code(text: str, change: Callable[[str, int], str], spans: bool = True) -> str:
    """``text`` with ``change(part, offset)`` applied to each part that is not code (and, with
    ``spans`` false, to whole runs of lines between code blocks, code spans included, for
    changes made line by line); code is left as it is."""
    protected = code_blocks(text)
    if spans:
        gaps = _gaps(protected, len(text))
        protected = _merged(protected + [r for a, b in gaps for r in _shifted(text, a, b)])
    out: list[str] = []
    position = 0
    for start, end in protected:
        if start > position:
            out.append(change(text[position:start], position))
        out.append(text[start:end])
        position = max(position, end)
    if position < len(text):
        out.append(change(text[position:], position))
    return "".join(out)


def _gaps(ranges: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    gaps, position = [], 0
    for start, end in ranges:
        if start > position:
            gaps.append((position, start))
        position = max(position, end)
    if position < size:
        gaps.append((position, size))
    return gaps


def _shifted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + a, start + b) for a, b in inline_code(text[start:end])]
