"""Model -> braille pages: the document walked node by node, each kind of node laid out as
BANA's Braille Formats (2016) lays out its print counterpart.

- the title page (p1): the title and subtitle centred, then the cover's lines;
- the contents (from p2), made by the transcriber: sections at 1-3, questions at 3-5, guide
  dots to each heading's braille page;
- the body from braille page 1: section titles as centred headings, questions as cell-5
  headings (their number as every format writes it), paragraphs 3-1, list items 1-3 (3-5
  nested; an ordered list keeps its numbers, bullets are left out), block quotes and code set
  off by blank lines, code spelled out line by line, a table as a listed table (its column
  headings, then each row's cells as "heading: value"), an image as a transcriber's note
  holding its description, a web link's address after its words;
- emphasis and strong text with the braille code's own indicators (liblouis' typeforms), code
  and web addresses uncontracted;
- a passage in another language, when liblouis has a table for it, in that language's braille,
  opened by a transcriber's note naming the language and closed by one naming the document's
  (words inline when the document's table cannot write their script, else in its braille).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import faq_export.model as m
import faq_export.render.braille.layout as layout
import faq_export.render.louis as louis
from faq_export.errors import BrailleError, SourceError, SourceErrors
from faq_export.render.braille.cells import BLANK, NOTE_CLOSE, NOTE_OPEN, six_dot, to_ascii
from faq_export.render.braille.layout import Block
from faq_export.render.braille.tables import (
    BrailleTables,
    languages_with_tables,
    refusals,
    subtag,
    tables_for,
    translate,
)

LIST_INDENT = 2  # each level of a list is two cells further in (1-3, 3-5, 5-7)
PARAGRAPH = (2, 0)  # 3-1
HEADING_5 = (4, 4)  # a cell-5 heading, 5-5
NOTE = (6, 4)  # a transcriber's note, 7-5


class NoBrailleTable(SourceErrors, BrailleError):
    """liblouis has no table (that can be read back) for the document's language: an error
    at its ``metadata.language``."""

    def __reduce__(self) -> tuple[type[NoBrailleTable], tuple[list[SourceError]]]:
        return (NoBrailleTable, (self.errors,))


@dataclass(frozen=True)
class Layout:
    """A document in braille: its pages of cells (the page number on each last line)."""

    pages: tuple[tuple[str, ...], ...]
    tables: BrailleTables
    prelim_pages: int  # the title page and the contents, numbered p1, p2, …

    def brf(self) -> bytes:
        """The pages as a BRF: North American ASCII braille, CRLF line ends, a form feed
        between pages."""
        return "\f".join(
            "".join(to_ascii(line).rstrip(" ") + "\r\n" for line in page) for page in self.pages
        ).encode("ascii")


def document_tables(document: m.Document, grade: int) -> BrailleTables:
    """The tables of the document's language, or NoBrailleTable at its ``language:``."""
    language = document.metadata.language
    found = tables_for(language, grade)
    if found is not None:
        return found
    line, column = _language_place(document)
    known = ", ".join(languages_with_tables())
    tables_by_why: dict[str, list[str]] = {}
    for refusal in refusals(language):
        tables_by_why.setdefault(refusal.why, []).append(refusal.table)
    # The reason of the language (Chinese braille writes sounds) before the tables' own.
    reasons = sorted(tables_by_why.items(), key=lambda item: "forward" in item[0])
    why = "".join(f"; {', '.join(tables)}: {reason}" for reason, tables in reasons)
    raise NoBrailleTable(
        [
            SourceError(
                document.source or "<source>",
                line,
                column,
                f"liblouis {louis.version()} has no braille table for the language "
                f"'{language}' that a BRF can hold and that can be read back, so no braille "
                f"edition can be made{why}",
                f"build the other formats without brf, or write the document in a language "
                f"liblouis has a table for: {known}",
            )
        ]
    )


def _language_place(document: m.Document) -> tuple[int | None, int | None]:
    pattern = re.compile(r"^\s*language:\s*[\"']?(" + re.escape(document.metadata.language) + ")")
    for number, text in enumerate(document.source_text.splitlines(), start=1):
        found = pattern.match(text)
        if found:
            return number, found.start(1) + 1
    return None, None


def language_name(language: str, in_language: str) -> str:
    """The name of ``language`` in ``in_language`` (CLDR, through Babel), else its tag."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(in_language, sep="-")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en")
    code = subtag(language)
    return str(locale.languages.get(code) or language)


@functools.lru_cache(maxsize=256)
def language_note(home: BrailleTables, language: str, in_language: str) -> str:
    """The transcriber's note that says the braille that follows is ``language``'s."""
    return NOTE_OPEN + translate(home.text, language_name(language, in_language)) + NOTE_CLOSE


def page_number(tables: BrailleTables, number: int, prelim: bool) -> str:
    """A braille page number as the page shows it: ``#A``, and ``p1`` for a preliminary
    page (Braille Formats 1.6)."""
    return translate(tables.literal, f"p{number}" if prelim else str(number))


@dataclass
class _Run:
    """Text to translate in one call, with each character's typeform."""

    tables: tuple[str, ...]
    text: list[str]
    typeform: list[int]


class _Writer:
    def __init__(self, document: m.Document, grade: int, cells: int, lines: int) -> None:
        self.model = document
        self.width = cells
        self.lines = lines
        self.home = document_tables(document, grade)
        self.grade = grade
        self.tables = self.home  # the tables of the text being written (a passage's own)
        self.blocks: list[Block] = []
        self.block_rules: dict[type, Callable[[Any, int], None]] = {
            m.Paragraph: self.paragraph,
            m.BulletList: self.list_block,
            m.OrderedList: self.list_block,
            m.BlockQuote: self.block_quote,
            m.CodeBlock: self.code_block,
            m.Table: self.table,
            m.Passage: self.passage,
        }
        self.typeforms = {
            "italic": louis.emphasis("italic"),
            "bold": louis.emphasis("bold"),
            "literal": louis.emphasis("no_contract"),
        }

    # --- the book ---------------------------------------------------------------

    def render(self) -> Layout:
        body = self.body()
        pages, anchors = self.paginate(body)
        title, _ = layout.paginate(self.title_page(), self.lines)
        contents_pages = self.contents(anchors)
        prelim = [*title, *contents_pages]
        numbered = [
            self.finish(page, page_number(self.home, index, prelim=True))
            for index, page in enumerate(prelim, start=1)
        ]
        numbered += [
            self.finish(page, page_number(self.home, index, prelim=False))
            for index, page in enumerate(pages, start=1)
        ]
        for page in numbered:
            for line in page:
                if not six_dot(line.replace(" ", "")):
                    # The tables were chosen for writing six dots (tables.py's probes):
                    # text that still gets eight is a fault of this writer, not the source's.
                    cells = "".join(c for c in line if c != " " and not six_dot(c))
                    raise BrailleError(
                        f"faq-export wrote eight-dot cells ({cells[:8]}) with the braille "
                        f"tables {', '.join(self.home.text)}, which a BRF (six-dot ASCII "
                        f"braille) cannot hold: please report it with the source"
                    )
        return Layout(tuple(numbered), self.home, len(prelim))

    def finish(self, page: list[str], number: str) -> tuple[str, ...]:
        text = [line.rstrip(BLANK).replace(BLANK, " ") for line in page]
        text += [""] * (self.lines - 1 - len(text))
        return (*text, layout.number_line(number, self.width).replace(BLANK, " "))

    def paginate(self, blocks: list[Block]) -> tuple[list[list[str]], list[int]]:
        """The body's pages, and the page (1-based) each heading is on, in order: the
        sections' and questions', as the contents lists them."""
        pages, starts = layout.paginate(blocks, self.lines)
        return pages, [start for block, start in zip(blocks, starts, strict=True) if block.heading]

    def title_page(self) -> list[Block]:
        meta = self.model.metadata
        words = self.model.words
        blocks = [Block(layout.centre(self.plain(meta.title), self.width), heading=True)]
        if meta.subtitle:
            blocks.append(Block(layout.centre(self.plain(meta.subtitle), self.width)))
        lines = [f"{words('version')} {meta.version}", f"{words('date')} {words.date(meta.date)}"]
        if meta.publisher:
            lines.insert(0, f"{words('publisher')} {meta.publisher}")
        first = True
        for text in lines:
            blocks.append(
                Block(layout.wrap(self.plain(text), self.width, 0, 2), blank_before=first)
            )
            first = False
        if meta.source:
            cells = self.plain(f"{words('source')}: ") + self.literal(meta.source)
            blocks.append(Block(layout.wrap(cells, self.width, 0, 2)))
        return blocks

    def contents(self, anchors: list[int]) -> list[list[str]]:
        heading = Block(
            layout.centre(self.plain(self.model.words("contents")), self.width),
            blank_after=True,
            heading=True,
        )
        blocks = [heading]
        entries = self.model.toc_entries()
        for entry, page in zip(entries, anchors, strict=True):
            first, runover = (0, 2) if entry.level == 1 else (2, 4)
            number = page_number(self.home, page, prelim=False)
            blocks.append(
                Block(
                    layout.contents_line(self.plain(entry.text), number, self.width, first, runover)
                )
            )
        return layout.paginate(blocks, self.lines)[0]

    def body(self) -> list[Block]:
        self.blocks = []
        words = self.model.words
        if self.model.intro_heading is not None:
            self.centred_heading(self.model.intro_heading)  # as a section's
        self.blocks_of(self.model.intro, 0)
        for section in self.model.sections:
            self.centred_heading(section.title)
            self.blocks_of(section.body, 0)
            for question in section.questions:
                inlines: list[m.Inline] = []
                for piece, kind in words.pieces("question"):
                    if kind is None:
                        inlines.append(m.Text(piece))
                    elif piece == "number":
                        inlines.append(m.Text(str(question.number)))
                    else:
                        inlines.extend(question.heading)
                cells = self.inline_cells(tuple(inlines))
                self.add(
                    Block(
                        layout.wrap(cells, self.width, *HEADING_5), blank_before=True, heading=True
                    )
                )
                self.blocks_of(question.answer, 0)
        return self.blocks

    def centred_heading(self, text: str) -> None:
        """A section's heading (and the introduction's): centred, a blank line around it."""
        self.add(
            Block(
                layout.centre(self.plain(text), self.width),
                blank_before=True,
                blank_after=True,
                heading=True,
            )
        )

    def add(self, block: Block) -> None:
        if block.lines:
            self.blocks.append(block)

    # --- blocks -----------------------------------------------------------------

    def blocks_of(self, blocks: tuple[m.Block, ...], level: int) -> None:
        for block in blocks:
            self.block_rules[type(block)](block, level)

    def paragraph(self, block: m.Paragraph, level: int) -> None:
        self.paragraph_inlines(block.children, level, PARAGRAPH)

    def paragraph_inlines(
        self, inlines: tuple[m.Inline, ...], level: int, indents: tuple[int, int]
    ) -> None:
        first, runover = indents
        shift = level * LIST_INDENT
        cells = self.inline_cells(inlines)
        self.add(Block(layout.wrap(cells, self.width, first + shift, runover + shift)))

    def list_block(self, block: m.BulletList | m.OrderedList, level: int) -> None:
        if self.in_list:
            self.list_items(block, level)
            return
        # A list is set off by blank lines (Braille Formats 8.3); its own lists are not.
        self.in_list = True
        self.set_off(lambda: self.list_items(block, level))
        self.in_list = False

    def list_items(self, block: m.BulletList | m.OrderedList, level: int) -> None:
        start = block.start if isinstance(block, m.OrderedList) else 1
        for number, item in enumerate(block.items, start=start):
            prefix: tuple[m.Inline, ...] = (
                (m.Text(f"{number}. "),) if isinstance(block, m.OrderedList) else ()
            )
            blocks = item.blocks
            if blocks and isinstance(blocks[0], m.Paragraph):
                self.paragraph_inlines(prefix + blocks[0].children, level, (0, 2))
                blocks = blocks[1:]
            elif prefix:
                self.paragraph_inlines(prefix, level, (0, 2))
            for inner in blocks:
                if isinstance(inner, m.Paragraph):
                    self.paragraph_inlines(inner.children, level, (2, 2))
                else:
                    self.block_rules[type(inner)](inner, level + 1)

    in_list = False

    def mark_blank_after(self) -> None:
        if self.blocks:
            last = self.blocks[-1]
            self.blocks[-1] = Block(last.lines, last.blank_before, True, last.heading)

    def set_off(self, write: Callable[[], None]) -> None:
        """Write what ``write`` adds with a blank line before and after it (displayed
        material, Braille Formats 7.2)."""
        start = len(self.blocks)
        write()
        if len(self.blocks) > start:
            first = self.blocks[start]
            self.blocks[start] = Block(first.lines, True, first.blank_after, first.heading)
            self.mark_blank_after()

    def block_quote(self, block: m.BlockQuote, level: int) -> None:
        self.set_off(lambda: self.blocks_of(block.blocks, level))

    def code_block(self, block: m.CodeBlock, level: int) -> None:
        def write() -> None:
            shift = level * LIST_INDENT
            for line in block.text.splitlines():
                spaces = len(line) - len(line.lstrip(" "))
                cells = self.literal(line.strip())
                if cells:
                    first = shift + min(spaces, self.width // 4)
                    self.add(Block(layout.wrap(cells, self.width, first, first + 2)))

        self.set_off(write)

    def table(self, block: m.Table, level: int) -> None:
        def write() -> None:
            shift = level * LIST_INDENT
            if block.caption:
                self.paragraph_inlines(block.caption, level, PARAGRAPH)
            separator = (m.Text("; "),)
            heads: list[m.Inline] = []
            for index, cell in enumerate(block.header):
                heads.extend((separator if index else ()) + cell)
            self.add(
                Block(layout.wrap(self.inline_cells(tuple(heads)), self.width, shift, shift + 4))
            )
            many = len(block.header) > 1
            for row in block.rows:
                for index, (head, cell) in enumerate(zip(block.header, row, strict=True)):
                    label: tuple[m.Inline, ...] = (*head, m.Text(": ")) if many else ()
                    first = shift + (0 if index == 0 else 2)
                    cells = self.inline_cells(label + cell)
                    self.add(Block(layout.wrap(cells, self.width, first, shift + 4)))

        self.set_off(write)

    def passage(self, block: m.Passage, level: int) -> None:
        own = tables_for(block.lang, self.grade)
        if own is None or own.language == self.tables.language:
            self.blocks_of(block.blocks, level)
            return
        outer = self.tables
        language = self.model.metadata.language
        self.add(
            Block(layout.wrap(language_note(self.home, block.lang, language), self.width, *NOTE))
        )
        self.tables = own
        self.blocks_of(block.blocks, level)
        self.tables = outer
        back = language_note(self.home, outer.language, language)
        self.add(Block(layout.wrap(back, self.width, *NOTE)))

    # --- inlines ----------------------------------------------------------------

    def plain(self, text: str) -> str:
        """Words of the document (a title, a heading), a character the table cannot write
        as a transcriber's note, as in the body."""
        return self.inline_cells((m.Text(text),))

    def literal(self, text: str) -> str:
        """Text spelled out (a code block, an address), as inline code is: uncontracted, by
        the document's own table (liblouis' ``no_contract`` typeform), which writes the
        grade 1 indicators a contracted text needs (UEB 5.2: "x" alone is ⠰⠭, since ⠭ is
        the wordsign "it"; the uncontracted table wrote ⠭, and "cd" as "could"). A
        character the table cannot write (a box-drawing line) as a transcriber's note, as
        in text."""
        tables = self.tables.text
        form = self.typeforms["literal"]
        cells: list[str] = []
        start = 0
        for index, char in enumerate(text):
            if not writable(tables, char):
                cells.append(translate(tables, text[start:index], [form] * (index - start)))
                cells.append(self.character_note(char, self.tables))
                start = index + 1
        cells.append(translate(tables, text[start:], [form] * (len(text) - start)))
        return "".join(cells)

    def inline_cells(self, inlines: tuple[m.Inline, ...]) -> str:
        """The inlines in braille: runs of text translated with their typeforms, notes
        (images, language changes) between them."""
        parts: list[_Run | str] = []
        self.collect(inlines, self.tables, 0, parts)
        return "".join(
            part
            if isinstance(part, str)
            else translate(part.tables, "".join(part.text), part.typeform)
            for part in parts
        )

    def collect(
        self,
        inlines: tuple[m.Inline, ...],
        tables: BrailleTables,
        typeform: int,
        parts: list[_Run | str],
    ) -> None:
        def text(value: str, form: int) -> None:
            start = 0
            for index, char in enumerate(value):
                if not writable(tables.text, char):
                    run(value[start:index], form)
                    parts.append(self.character_note(char, tables))
                    start = index + 1
            run(value[start:], form)

        def run(value: str, form: int) -> None:
            if not value:
                return
            last = parts[-1] if parts else None
            if not isinstance(last, _Run) or last.tables != tables.text:
                last = _Run(tables.text, [], [])
                parts.append(last)
            last.text.append(value)
            last.typeform.extend([form] * len(value))

        for node in inlines:
            match node:
                case m.Text(value):
                    text(value, typeform)
                case m.Code(value):
                    text(value, typeform | self.typeforms["literal"])
                case m.LineBreak():
                    text(" ", typeform)
                case m.Emphasis(children):
                    self.collect(children, tables, typeform | self.typeforms["italic"], parts)
                case m.Strong(children):
                    self.collect(children, tables, typeform | self.typeforms["bold"], parts)
                case m.Link(url=url, children=children):
                    self.collect(children, tables, typeform, parts)
                    if " ".join(m.plain_text(children).split()) != url:
                        text(" ", typeform)
                        text(url, self.typeforms["literal"])
                case m.CrossRef(children=children):
                    self.collect(children, tables, typeform, parts)
                case m.Image(alt=alt):
                    note = self.image_note(alt, tables)
                    parts.append(note)
                case m.Span(lang=lang, children=children):
                    own = self.span_tables(lang, tables)
                    if own is None:
                        self.collect(children, tables, typeform, parts)
                        continue
                    language = self.model.metadata.language
                    parts.append(language_note(self.home, lang, language) + BLANK)
                    self.collect(children, own, typeform, parts)
                    parts.append(BLANK + language_note(self.home, tables.language, language))

    def character_note(self, char: str, tables: BrailleTables) -> str:
        """A character the table cannot write (liblouis would write its code point in
        eight-dot cells): a transcriber's note with its Unicode name."""
        name = unicodedata.name(char, f"U+{ord(char):04X}").lower()
        return NOTE_OPEN + translate(tables.literal, name) + NOTE_CLOSE

    def image_note(self, alt: str, tables: BrailleTables) -> str:
        words = self.model.words("braille_image", alt=" ".join(alt.split()))
        return NOTE_OPEN + translate(tables.text, words) + NOTE_CLOSE

    def span_tables(self, lang: str, tables: BrailleTables) -> BrailleTables | None:
        """A span's own tables when the text around cannot write its script (words of a
        language in the same script stay in the braille around them, as UEB writes them)."""
        own = tables_for(lang, self.grade)
        if own is None or own.language == tables.language:
            return None
        return own if _script(lang) != _script(tables.language) else None


@functools.lru_cache(maxsize=4096)
def table_words(table: m.Table) -> list[str]:
    """A table's words in the order ``_Writer.table`` writes them, for the fidelity check:
    its caption, the column headings, then each row with each cell after its column's
    heading (a listed table), the headings not repeated when there is one column."""
    words = [m.plain_text(table.caption), *(m.plain_text(head) for head in table.header)]
    many = len(table.header) > 1
    for row in table.rows:
        for head, cell in zip(table.header, row, strict=True):
            if many:
                words.append(m.plain_text(head))
            words.append(m.plain_text(cell))
    return words


def writable(tables: tuple[str, ...], char: str) -> bool:
    """Whether ``tables`` write ``char`` in six-dot cells (liblouis writes a character it has
    no rule for as its code point, a backslash in eight dots first)."""
    return char.isspace() or six_dot(louis.translate(tables, char))


def _script(language: str) -> str:
    import langcodes

    return str(langcodes.Language.get(language).maximize().script)


def layout_document(
    document: m.Document, *, grade: int = 2, cells: int = 40, lines: int = 25
) -> Layout:
    """The document on braille pages of ``cells`` × ``lines``."""
    if cells < 12 or lines < 4:
        raise BrailleError(f"a braille page of {cells} cells × {lines} lines is too small")
    if grade not in (1, 2):
        raise BrailleError(f"braille grade {grade}: give 1 (uncontracted) or 2 (contracted)")
    return _Writer(document, grade, cells, lines).render()


def render_brf(document: m.Document, *, grade: int = 2, cells: int = 40, lines: int = 25) -> bytes:
    """The document as a BRF, braille ready to emboss: ``cells`` cells by ``lines`` lines a
    page, contracted (``grade=2``, where liblouis has a contracted table for the language
    that can be read back) or not (``grade=1``)."""
    return layout_document(document, grade=grade, cells=cells, lines=lines).brf()
