"""The document model: what every renderer receives.

A small, closed set of frozen dataclasses, built once by ``source.load_document``.
Renderers handle every node type below and never see YAML or Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# Where a node was written, and the fixed words: defined in the modules that make them, named
# here too (m.Place, m.Words), since every renderer reads them with the model.
from faq_export.colours import DEFAULT_ACCENT
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.positions import Place as Place
from faq_export.words import Words as Words
from faq_export.words import words_for

# --- inlines -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link to a web address (http, https or mailto)."""

    url: str
    title: str | None
    children: tuple[Inline, ...]
    at: Place | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CrossRef:
    """A link to a section or question of this document, checked at load time."""

    target: str
    children: tuple[Inline, ...]
    at: Place | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Image:
    """An image from the content folder; its bytes are read once, at load time."""

    name: str  # the file name, unique within the document
    media_type: str  # image/png or image/jpeg
    data: bytes
    alt: str
    width: int  # pixels
    height: int
    at: Place | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Span:
    """Words in another language than the document's (``lang``, a BCP 47 tag), so that a
    screen reader reads them with that language's voice."""

    lang: str
    children: tuple[Inline, ...]
    at: Place | None = field(default=None, compare=False)


Inline = Text | Code | LineBreak | Emphasis | Strong | Link | CrossRef | Image | Span

# --- blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class OrderedList:
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CodeBlock:
    text: str


@dataclass(frozen=True)
class Table:
    """A table with one header row; every row has as many cells as the header.

    ``align`` gives each column's alignment (``left``, ``center``, ``right`` or ``None``)."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[str | None, ...]
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class Passage:
    """Blocks in another language than the document's (``lang``, a BCP 47 tag)."""

    lang: str
    blocks: tuple[Block, ...]


Block = Paragraph | BulletList | OrderedList | BlockQuote | CodeBlock | Table | Passage

# --- document ----------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str
    number: int  # 1-based, counted through the whole document
    text: str  # plain text: for bookmarks, contents, link descriptions
    answer: tuple[Block, ...]
    title: tuple[Inline, ...] = ()  # the question with its markup, for headings
    at: Place | None = field(default=None, compare=False)
    answer_at: Place | None = field(default=None, compare=False)

    @property
    def heading(self) -> tuple[Inline, ...]:
        return self.title or (Text(self.text),)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: tuple[Block, ...]
    questions: tuple[Question, ...]
    at: Place | None = field(default=None, compare=False)


PAPER_SIZES = ("letter", "a4")  # the paper sizes of the printed edition
# How the printed edition places its sections: one after another (flow), or each on a new page.
LAYOUTS = ("flow", "section_breaks")


@dataclass(frozen=True)
class Metadata:
    title: str
    language: str  # BCP 47, e.g. en-US
    identifier: str
    version: str
    date: dt.date
    accessibility_summary: str
    slug: str  # base name of the output files
    subtitle: str | None = None
    publisher: str | None = None
    source: str | None = None  # URL of the original publication
    description: str | None = None
    keywords: tuple[str, ...] = ()
    certified_by: str | None = None  # who certified the accessibility conformance
    paper: str = "letter"  # paper size of the printed edition: letter or a4
    layout: str = "flow"  # one of LAYOUTS
    base_url: str | None = None  # the site that site-relative links were written for
    pdf_standard: str = "ua-1,a-2a"  # the standards the PDF claims (see standards.py)


def english() -> Words:
    return words_for("en")[0]


# The id of the introduction's heading in every format: source ids never start with '_', and
# its blocks' ids are ``_intro.1``, ``_intro.2``, … (render/html.py).
INTRO_ID = "_intro"


@dataclass(frozen=True)
class TocEntry:
    """One line of a table of contents: the introduction or a section (level 1), or a
    question (level 2)."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Acceptance:
    """A finding the source's authors accepted, with their reason: ``rule`` at ``target``
    (a section or question id; None for the whole document)."""

    rule: str
    target: str | None
    reason: str
    at: Place | None = field(default=None, compare=False)


# What a Notice can be about: lines that look like a table but are a paragraph, and a
# 'Table:' caption next to no table.
NOTICE_KINDS = ("table-like", "caption-alone")


@dataclass(frozen=True)
class Notice:
    """Valid text that is probably not what was meant, seen while the source was read (lines
    that look like a table but are printed as a paragraph): for the content rules to report
    at ``at``. Never read by a renderer."""

    kind: str  # one of NOTICE_KINDS
    message: str
    at: Place


@dataclass(frozen=True)
class Brand:
    """Who publishes the documents and how they look: the ``brand:`` block of the source.
    Every field is optional; ``Brand()`` is the look faq-export ships (no logo, no
    organisation line, the template's own colours and footer)."""

    logo: Image | None = None  # read from the content folder like an answer's image
    logo_decorative: bool = False  # drawn, but skipped by readers (no alt text)
    organisation: str | None = None
    accent: str | None = None  # #rrggbb, 4.5:1 or more against white (checked at load)
    footer: str | None = None  # words at the foot of every page but the cover
    at: Place | None = field(default=None, compare=False)

    @property
    def colour(self) -> str:
        """The accent colour headings and links are drawn in."""
        return self.accent or DEFAULT_ACCENT

    @property
    def logo_alt(self) -> str:
        """The logo's alternative text ("" for a decorative logo or none)."""
        return self.logo.alt if self.logo is not None and not self.logo_decorative else ""


@dataclass(frozen=True)
class Document:
    metadata: Metadata
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    accepted: tuple[Acceptance, ...] = ()
    source: str = ""  # the path of the source file, for reports
    # The source's text, to find where a piece of text was written (reports only).
    source_text: str = field(default="", compare=False, repr=False)
    words: Words = field(default_factory=english)
    notices: tuple[Notice, ...] = field(default=(), compare=False)
    # The limits it was loaded with, which its print template renders within too.
    limits: Limits = field(default=DEFAULT_LIMITS, compare=False, repr=False)
    brand: Brand = field(default_factory=Brand)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def inlines(self) -> Iterator[Inline]:
        """Every inline of the document at any depth, in reading order."""
        yield from walk_inlines(self.intro)
        for section in self.sections:
            yield from walk_inlines(section.body)
            for question in section.questions:
                yield from walk_inlines(question.answer)

    @property
    def images(self) -> tuple[Image, ...]:
        """Every image, in reading order (an image used twice appears twice)."""
        return tuple(node for node in self.inlines() if isinstance(node, Image))

    @property
    def intro_heading(self) -> str | None:
        """The introduction's heading, in the words of the document's language ("Introduction",
        or the source's ``words: introduction``); None when there is no introduction."""
        return self.words("introduction") if self.intro else None

    @property
    def headings(self) -> dict[str, str]:
        """Section and question id (and INTRO_ID) -> the heading text a reader sees."""
        return {entry.id: entry.text for entry in self.toc_entries()}

    def question_heading(self, question: Question) -> str:
        """A question's heading as a reader sees it, number included ("3. How …?")."""
        return self.words("question", number=question.number, question=question.text)

    def toc_entries(self) -> list[TocEntry]:
        """The outline every table of contents shows: the introduction (when there is one),
        then the sections and their questions."""
        entries: list[TocEntry] = []
        if self.intro_heading is not None:
            entries.append(TocEntry(1, INTRO_ID, self.intro_heading))
        for section in self.sections:
            entries.append(TocEntry(1, section.id, section.title))
            entries.extend(TocEntry(2, q.id, self.question_heading(q)) for q in section.questions)
        return entries


# How a format writes a link in its text, from the link's words and its address (the plain
# text: "words <address>"); None: its words alone, as most formats show them.
LinkText = Callable[[str, str], str] | None


def plain_text(inlines: tuple[Inline, ...], link: LinkText = None) -> str:
    """The text a reader sees, without markup (alt text stands for images); ``link``: how
    the format at hand writes a link's words and address."""
    parts: list[str] = []
    for node in inlines:
        match node:
            case Text(text) | Code(text):
                parts.append(text)
            case LineBreak():
                parts.append(" ")
            case Image(alt=alt):
                parts.append(alt)
            case Link(url=url, children=children):
                words = plain_text(children, link)
                parts.append(words if link is None else link(words, url))
            case (
                Emphasis(children)
                | Strong(children)
                | CrossRef(children=children)
                | Span(children=children)
            ):
                parts.append(plain_text(children, link))
    return "".join(parts)


def table_text(table: Table, link: LinkText = None) -> list[str]:
    """A table's words as most formats write it: its caption, then each cell, row by row."""
    return [plain_text(table.caption, link)] + [
        plain_text(cell, link) for row in (table.header, *table.rows) for cell in row
    ]


def blocks_text(
    blocks: tuple[Block, ...],
    table: Callable[[Table], list[str]] = table_text,
    link: LinkText = None,
) -> str:
    """The words of ``blocks``, paragraphs and cells separated by newlines; ``table`` gives
    a table's words as the format at hand writes them (braille repeats the column headings
    in each row), and ``link`` a link's (plain text writes its address after it)."""
    parts: list[str] = []
    for block in blocks:
        match block:
            case Paragraph(children):
                parts.append(plain_text(children, link))
            case BulletList(items) | OrderedList(items):
                parts.extend(blocks_text(item.blocks, table, link) for item in items)
            case BlockQuote(inner) | Passage(blocks=inner):
                parts.append(blocks_text(inner, table, link))
            case CodeBlock(text):
                parts.append(text)
            case Table():
                parts.extend(table(block))
    return "\n".join(p for p in parts if p)


def walk_inlines(blocks: tuple[Block, ...]) -> Iterator[Inline]:
    """Every inline in ``blocks``, containers before their children, in reading order."""
    for block in blocks:
        match block:
            case Paragraph(children):
                yield from _walk(children)
            case BulletList(items) | OrderedList(items):
                for item in items:
                    yield from walk_inlines(item.blocks)
            case BlockQuote(inner) | Passage(blocks=inner):
                yield from walk_inlines(inner)
            case Table(header, rows, _, caption):
                yield from _walk(caption)
                for cells in (header, *rows):
                    for cell in cells:
                        yield from _walk(cell)


def _walk(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    for node in inlines:
        yield node
        match node:
            case (
                Emphasis(children)
                | Strong(children)
                | Link(children=children)
                | CrossRef(children=children)
                | Span(children=children)
            ):
                yield from _walk(children)


def walk_blocks(document: Document) -> Iterator[Block]:
    """Every block of the document at any depth, containers before their children."""

    def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
        for block in blocks:
            yield block
            match block:
                case BulletList(items) | OrderedList(items):
                    for item in items:
                        yield from walk(item.blocks)
                case BlockQuote(inner) | Passage(blocks=inner):
                    yield from walk(inner)

    yield from walk(document.intro)
    for section in document.sections:
        yield from walk(section.body)
        for question in section.questions:
            yield from walk(question.answer)
