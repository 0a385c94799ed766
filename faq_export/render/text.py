"""Model -> plain text (``--format txt``): the FAQ in reading order, for email and for readers
who ask for plain text (a screen reader's user who wants no markup, a braille display).

What a reader of the file gets, and why:

- no decoration: headings are lines of their own between blank lines, not underlined with
  rows of ``=`` that a screen reader would read out character by character;
- questions numbered as in every other format ("3. How do I …?"); the introduction has its
  heading ("Introduction"), as a section has; the contents list the introduction and the
  sections at the margin and the questions indented;
- links written out after their text in angle brackets (``text <https://…>``, the form RFC
  3986 appendix C gives for addresses in plain text, so punctuation after one is not taken
  for part of it), a mail address as the address; a link inside the document says where
  it goes ("Go to “3. How …?”");
- an image is its alt text in square brackets; a code block is indented four spaces and never
  wrapped; a table is its caption, then its header row and each row on a line, cells
  separated by `` | ``;
- paragraphs are wrapped at ``WIDTH`` characters at spaces only (a long address or word is
  never cut); headings are never wrapped, so each is one line.

UTF-8 without a byte-order mark, lines ending in LF, one blank line between blocks. The same
document gives the same bytes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import faq_export.model as m

WIDTH = 72  # characters on a wrapped line (the usual width of plain-text mail)
INDENT = "    "  # code blocks, nested blocks, questions in the contents


def render_text(document: m.Document) -> bytes:
    """The plain-text edition of ``document``, as UTF-8 bytes."""
    return ("\n".join(_lines(document)).rstrip("\n") + "\n").encode("utf-8")


def _lines(document: m.Document) -> Iterator[str]:
    words = document.words
    meta = document.metadata
    yield meta.title
    if meta.subtitle:
        yield meta.subtitle
    yield ""
    if meta.publisher:
        yield f"{words('publisher')}: {meta.publisher}"
    yield f"{words('version')}: {meta.version}"
    yield f"{words('date')}: {words.date(meta.date)}"
    if meta.source:
        yield f"{words('source')}: <{meta.source}>"
    yield ""
    # The contents are one block (no blank line inside): reading_pieces tells them apart.
    if document.sections:
        yield words("contents")
        for entry in document.toc_entries():
            yield entry.text if entry.level == 1 else INDENT + entry.text
        yield ""
    writer = _Blocks(document)
    if document.intro_heading is not None:
        yield ""  # two blank lines before the introduction's heading, as before a section's
        yield document.intro_heading
        yield ""
    yield from writer.blocks(document.intro, "")
    for section in document.sections:
        yield ""  # two blank lines before a section
        yield section.title
        yield ""
        yield from writer.blocks(section.body, "")
        for question in section.questions:
            yield document.question_heading(question)
            yield ""
            yield from writer.blocks(question.answer, "")


class _Blocks:
    def __init__(self, document: m.Document) -> None:
        self.document = document
        self.headings = document.headings

    def blocks(self, blocks: tuple[m.Block, ...], indent: str) -> Iterator[str]:
        """Each block's lines, each block followed by a blank line."""
        for block in blocks:
            yield from self.block(block, indent)

    def block(self, block: m.Block, indent: str) -> Iterator[str]:
        match block:
            case m.Paragraph(children):
                yield from self.wrapped(self.inline(children), indent, indent)
                yield ""
            case m.BulletList(items):
                for item in items:
                    yield from self.item(item, "- ", indent)
                yield ""
            case m.OrderedList(items, start):
                width = len(str(start + len(items) - 1))
                for number, item in enumerate(items, start):
                    yield from self.item(item, f"{number:>{width}}. ", indent)
                yield ""
            case m.BlockQuote(inner):
                yield from self.blocks(inner, indent + INDENT)
            case m.Passage(blocks=inner):
                yield from self.blocks(inner, indent)
            case m.CodeBlock(text):
                for line in text.rstrip("\n").split("\n"):
                    yield (indent + INDENT + line).rstrip()
                yield ""
            case m.Table(header, rows, _, caption):
                if caption:
                    yield from self.wrapped(self.inline(caption), indent, indent)
                for cells in (header, *rows):
                    row = " | ".join(self.inline(cell).replace("\n", " ") for cell in cells)
                    yield from self.wrapped(row, indent, indent + INDENT)
                yield ""

    def item(self, item: m.ListItem, marker: str, indent: str) -> Iterator[str]:
        """A list item: its first paragraph after the marker, wrapped lines and the item's
        other blocks hanging under the text."""
        hang = indent + " " * len(marker)
        blocks = item.blocks
        if blocks and isinstance(blocks[0], m.Paragraph):
            yield from self.wrapped(self.inline(blocks[0].children), indent + marker, hang)
            blocks = blocks[1:]
        else:
            yield (indent + marker).rstrip()
        lines = list(self.blocks(blocks, hang))
        while lines and lines[-1] == "":
            lines.pop()  # items of a list follow each other without a blank line
        yield from lines

    def wrapped(self, text: str, first: str, rest: str) -> Iterator[str]:
        """``text`` wrapped at spaces to WIDTH; a line break of the source stays one."""
        for number, line in enumerate(text.split("\n")):
            yield from textwrap.wrap(
                line,
                WIDTH,
                initial_indent=first if number == 0 else rest,
                subsequent_indent=rest,
                break_long_words=False,
                break_on_hyphens=False,
            ) or [(first if number == 0 else rest).rstrip()]

    def inline(self, inlines: tuple[m.Inline, ...]) -> str:
        parts: list[str] = []
        for node in inlines:
            match node:
                case m.Text(text) | m.Code(text):
                    parts.append(text)
                case m.LineBreak():
                    parts.append("\n")
                case m.Emphasis(children) | m.Strong(children) | m.Span(children=children):
                    parts.append(self.inline(children))
                case m.Link(url=url, children=children):
                    parts.append(link_text(self.inline(children), url))
                case m.CrossRef(target=target, children=children):
                    heading = self.headings.get(target, "")
                    go_to = self.document.words("go_to", heading=heading)
                    parts.append(f"{self.inline(children)} ({go_to})")
                case m.Image(alt=alt):
                    parts.append(f"[{alt}]")
        return "".join(parts)


def link_text(text: str, url: str) -> str:
    """A link's text with its address after it, unless the text is the address (the
    fidelity check expects it so: checks/text.py)."""
    address = url.removeprefix("mailto:")
    if text.strip() in (url, address):
        return text
    return f"{text} <{address}>"
