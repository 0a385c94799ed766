"""BRF checks: braille ready to emboss, read as an embosser and a reader take it.

The file is split into pages at form feeds and into lines at CRLF; the rules judge what an
embosser needs (only the 64 cells of North American ASCII braille, no line longer than the
page is wide, no page longer than it is high) and what a reader needs (a braille page number
at the right of each page's last line, Braille Formats 1.5).

With the document it was built from, the braille is read back (back-translated by liblouis
with the tables it was written with, ``render/braille/tables.py``) and its words compared with
the source's (fidelity.py). The reader reads as a braille reader does: the title page, not the
contents the transcriber made, then the body; a heading is what BANA sets off as one (centred
between blank lines, or a cell-5 heading after a blank line or at the top of a page); a
transcriber's note naming a language switches the table the braille after it is read with.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import faq_export.model as m
import faq_export.render.louis as louis
from faq_export.checks.fidelity import Piece, fidelity_findings, normalise_letters
from faq_export.checks.findings import Finding, Rule
from faq_export.checks.registry import E, Hit, Registry
from faq_export.checks.verdicts import OWN_RULES, Verdict, by_own_rules
from faq_export.render.braille.cells import (
    BLANK,
    CONTINUATION,
    NA_ASCII,
    NOTE_CLOSE,
    NOTE_OPEN,
    from_ascii,
)
from faq_export.render.braille.tables import BrailleTables, translate
from faq_export.render.braille.writer import (
    document_tables,
    language_note,
    page_number,
    table_words,
)

BRF_CHARACTERS = Rule(
    "FE-BRF-CHARACTERS",
    E,
    "A BRF holds a character that is not North American ASCII braille",
    "BANA: a BRF file holds the 64 cells of North American ASCII braille (space and "
    "0x21–0x5F), lines ended by CR LF, pages by a form feed",
    "Write the file again with the tool that made it, as North American ASCII braille: an "
    "embosser prints another character as a wrong cell, or stops.",
    "A lower-case letter, a tab, a Unicode braille pattern or a bare LF in the file.",
    ours="this is a fault of faq-export: report it with the source.",
)
BRF_LINE_LENGTH = Rule(
    "FE-BRF-LINE-LENGTH",
    E,
    "A braille line is longer than the page is wide",
    "BANA Braille Formats 1.3 (a line of the page's cells, 40 by default)",
    "Build the BRF for the embosser's page width (its cells per line); an embosser wraps or "
    "cuts a longer line, and the words move off their indentation.",
    "A 41-cell line on a 40-cell page.",
)
BRF_PAGE_LENGTH = Rule(
    "FE-BRF-PAGE-LENGTH",
    E,
    "A braille page has more lines than the page is high",
    "BANA Braille Formats 1.3 (25 lines a page by default)",
    "Build the BRF for the embosser's page height (its lines per page): an embosser runs "
    "the extra lines onto a page of their own, without its number.",
    "A page of 26 lines on 25-line paper.",
)
BRF_PAGE_NUMBER = Rule(
    "FE-BRF-PAGE-NUMBER",
    E,
    "A braille page has no page number at the right of its last line",
    "BANA Braille Formats 1.5 (the braille page number at the right margin of the last "
    "line, at least three blank cells from the text)",
    "This is a fault of the tool that wrote the BRF: a reader finds pages and the contents' "
    "entries by these numbers.",
    "A page of 20 lines when the page has 25, or a last line of text without a number.",
)
BRF = Registry["BrfContext"]("brf")
RULES = {
    rule.id: rule for rule in (BRF_CHARACTERS, BRF_LINE_LENGTH, BRF_PAGE_LENGTH, BRF_PAGE_NUMBER)
}
_ALLOWED = frozenset(NA_ASCII)
_NUMBER_LINE = re.compile(r"^ {3,}(\S{1,12})$")
_REPORTED = 5  # findings of one rule, at most (one broken file would give thousands)


@dataclass(frozen=True)
class BrfPage:
    number: int  # 1-based, counted through the file
    lines: tuple[str, ...]


class BrfContext:
    def __init__(self, data: bytes, cells: int, lines: int) -> None:
        self.data = data
        self.cells = cells
        self.lines = lines

    @functools.cached_property
    def text(self) -> str:
        return self.data.decode("latin-1")

    @functools.cached_property
    def pages(self) -> tuple[BrfPage, ...]:
        pages = self.text.split("\f")
        if pages and pages[-1] in ("", "\r\n"):
            pages.pop()  # a form feed after the last page
        found = []
        for number, page in enumerate(pages, start=1):
            lines = re.split(r"\r\n|\r|\n", page)
            if lines and lines[-1] == "":
                lines.pop()
            found.append(BrfPage(number, tuple(lines)))
        return tuple(found)

    def page_number(self, page: BrfPage) -> str | None:
        """The page's braille page number (ASCII braille), when its last line of the page's
        height is one."""
        if len(page.lines) != self.lines:
            return None
        found = _NUMBER_LINE.match(page.lines[-1])
        if found is None or len(page.lines[-1]) != self.cells:
            return None
        return found.group(1)


@BRF.check(BRF_CHARACTERS)
def _characters(ctx: BrfContext) -> Iterator[Hit]:
    reported = 0
    for page in ctx.pages:
        for index, line in enumerate(page.lines, start=1):
            wrong = sorted({c for c in line if c not in _ALLOWED})
            if wrong and reported < _REPORTED:
                reported += 1
                shown = ", ".join(f"U+{ord(c):04X}" for c in wrong[:5])
                yield Hit(f"page {page.number}, line {index}", f"characters {shown}")
    bare = len(re.findall(r"(?<!\r)\n|\r(?!\n)", ctx.text))
    if bare:
        yield Hit("the file", f"{bare} line ends are not CR LF")


@BRF.check(BRF_LINE_LENGTH)
def _line_length(ctx: BrfContext) -> Iterator[Hit]:
    long = [
        (page.number, index, len(line))
        for page in ctx.pages
        for index, line in enumerate(page.lines, start=1)
        if len(line) > ctx.cells
    ]
    for number, index, length in long[:_REPORTED]:
        yield Hit(f"page {number}, line {index}", f"{length} cells, more than {ctx.cells}")


@BRF.check(BRF_PAGE_LENGTH)
def _page_length(ctx: BrfContext) -> Iterator[Hit]:
    long = [page for page in ctx.pages if len(page.lines) > ctx.lines]
    for page in long[:_REPORTED]:
        yield Hit(f"page {page.number}", f"{len(page.lines)} lines, more than {ctx.lines}")


@BRF.check(BRF_PAGE_NUMBER)
def _page_numbers(ctx: BrfContext) -> Iterator[Hit]:
    missing = [page for page in ctx.pages if ctx.page_number(page) is None]
    for page in missing[:_REPORTED]:
        yield Hit(
            f"page {page.number}",
            f"line {ctx.lines} is not a page number at the right margin (cell {ctx.cells})",
        )


def check_brf(
    data: bytes,
    document: m.Document | None = None,
    *,
    cells: int = 40,
    lines: int = 25,
    grade: int = 2,
) -> list[Finding]:
    """The BRF's findings; with the ``document`` it was built from (and the ``grade`` it was
    built in), whether its braille, read back, holds all of that document's words."""
    context = BrfContext(data, cells, lines)
    findings = BRF.run(context)
    if document is not None:
        pieces = reading_pieces(context, document, grade)
        findings += fidelity_findings(document, "brf", pieces, table=table_words)
    return findings


# --- reading the braille back ------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    """Lines a blank line or the top of a page sets off, with where they are."""

    lines: tuple[str, ...]  # cells, leading blank cells kept
    where: str


def reading_pieces(ctx: BrfContext, document: m.Document, grade: int = 2) -> list[Piece]:
    """The braille's text, back-translated, as a reader reads it (see the module's text)."""
    return read_back(ctx, document, grade)[0]


def read_back(
    ctx: BrfContext, document: m.Document, grade: int = 2
) -> tuple[list[Piece], ReadingCount]:
    """The braille's text as ``reading_pieces`` reads it, and how its words were read."""
    home = document_tables(document, grade)
    notes = _language_notes(document, home, grade)
    reader = _Reader(home, notes, ctx.cells, document)
    pieces: list[Piece] = []
    for group in _groups(ctx, home):
        heading, body = _split_heading(group)
        if heading:
            pieces.append(Piece(reader.read(heading), group.where, heading=True))
        if body:
            pieces.append(Piece(reader.read(body), group.where))
    return [piece for piece in pieces if piece.text.strip()], reader.count


def _groups(ctx: BrfContext, home: BrailleTables) -> Iterator[_Group]:
    """The title page's and the body's groups of lines; the contents' pages are left out
    (the transcriber's, not the author's)."""
    prelim = {page_number(home, n, prelim=True) for n in range(1, len(ctx.pages) + 1)}
    for index, page in enumerate(ctx.pages):
        number = ctx.page_number(page)
        label = _label(number)
        if index > 0 and number is not None and from_ascii(number) in prelim:
            continue
        text = page.lines[:-1] if number is not None else page.lines
        cells = [_cells(line) for line in text]
        current: list[str] = []
        for line in cells:
            if line.strip(BLANK):
                current.append(line)
            elif current:
                yield _Group(tuple(current), f"braille page {label}")
                current = []
        if current:
            yield _Group(tuple(current), f"braille page {label}")


def _label(number: str | None) -> str:
    if number is None:
        return "?"
    return print_page_number(number)


def print_page_number(ascii_number: str) -> str:
    """A braille page number as print writes it (``#B`` -> ``2``, ``P#A`` -> ``p1``):
    the cells read back by the letters-for-digits rule every braille code shares."""
    digits = {letter: str((index + 1) % 10) for index, letter in enumerate("ABCDEFGHIJ")}
    body = ascii_number.replace("#", "")
    prefix = "p" if body.startswith("P") and ascii_number.startswith("P") else ""
    return prefix + "".join(digits.get(c, c) for c in body.lstrip("P"))


def _cells(line: str) -> str:
    return "".join(from_ascii(c) if c in _ALLOWED else BLANK for c in line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(BLANK))


def _split_heading(group: _Group) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A group's first lines that start at cell 4 or further in are its heading (a centred
    heading keeps three blank cells on either side; a cell-5 heading starts at cell 5), but
    not a transcriber's note (7-5). Reading more as a heading than was meant costs nothing:
    a heading that is not the next part's is read as text."""
    count = 0
    for line in group.lines:
        if _indent(line) < 3 or line.lstrip(BLANK).startswith(NOTE_OPEN):
            break
        count += 1
    return group.lines[:count], group.lines[count:]


def _language_notes(
    document: m.Document, home: BrailleTables, grade: int
) -> dict[str, BrailleTables]:
    """The transcriber's notes that name a language the document has a passage or words in,
    each with the tables of the language it names."""
    from faq_export.render.braille.tables import tables_for

    language = document.metadata.language
    languages = {language}
    for block in m.walk_blocks(document):
        if isinstance(block, m.Passage):
            languages.add(block.lang)
    languages |= {node.lang for node in document.inlines() if isinstance(node, m.Span)}
    notes: dict[str, BrailleTables] = {}
    for tag in sorted(languages):
        tables = home if tag == language else tables_for(tag, grade)
        if tables is not None:
            inner = language_note(home, tag, language)[len(NOTE_OPEN) : -len(NOTE_CLOSE)]
            notes.setdefault(inner, tables)
    return notes


_NOTE = re.compile(re.escape(NOTE_OPEN) + "(.*?)" + re.escape(NOTE_CLOSE))
# A cell liblouis cannot read back, written as its dots (\456/): no text of the source.
_UNREAD_CELL = re.compile(r"\\[0-8]+/")


@dataclass
class ReadingCount:
    """How the braille's words were read back: ``exact`` when liblouis' reading translates
    to the same cells again, ``from_source`` when it does not (a contraction liblouis reads
    otherwise, "enough" read as "en") and the cells are those of a word of the source,
    ``unresolved`` otherwise (left as liblouis read them)."""

    words: int = 0
    exact: int = 0
    from_source: int = 0
    unresolved: int = 0


class _Reader:
    """Back-translates lines of cells, switching tables at a note that names a language."""

    def __init__(
        self,
        home: BrailleTables,
        notes: dict[str, BrailleTables],
        width: int,
        document: m.Document,
    ):
        self.tables = home
        self.notes = notes
        self.width = width
        self.document = document
        self.count = ReadingCount()
        self.lexicons: dict[tuple[str, ...], dict[str, list[str]]] = {}
        pieces = document.words.pieces("braille_image")
        self.image_words = tuple(
            normalise_letters(text) for text, kind in pieces if kind is None and text.strip()
        )

    def read(self, lines: tuple[str, ...]) -> str:
        joined = self._unspace_continuations(lines)
        parts: list[str] = []
        at = 0
        for note in _NOTE.finditer(joined):
            parts.append(self._back(joined[at : note.start()]))
            switch = self.notes.get(note.group(1))
            if switch is not None:
                self.tables = switch
            else:
                parts.append(self._note(note.group(1)))
            at = note.end()
        parts.append(self._back(joined[at:]))
        return " ".join(part for part in parts if part)

    def _note(self, cells: str) -> str:
        """A transcriber's note's words: a character's Unicode name is that character; an
        image's note says its description, without the words the note adds."""
        text = louis.back_translate(self.tables.literal, cells.strip(BLANK))
        try:
            return unicodedata.lookup(" ".join(text.split()).upper())
        except KeyError:
            pass
        text = self._back(cells)
        for fixed in self.image_words:
            words = text.split()
            for size in range(1, min(len(words), 4) + 1):
                if normalise_letters(" ".join(words[:size])) == fixed:
                    text = " ".join(words[size:])
                    break
                if normalise_letters(" ".join(words[-size:])) == fixed:
                    text = " ".join(words[:-size])
                    break
        return text

    def _unspace_continuations(self, lines: tuple[str, ...]) -> str:
        """The lines as one run of cells: a line cut at the margin with the continuation
        indicator runs on into the next without a space."""
        joined = ""
        glue = ""
        for line in lines:
            text = line.strip(BLANK)
            joined += glue + text
            if len(line) == self.width and line.endswith(CONTINUATION):
                joined = joined[: -len(CONTINUATION)]
                glue = ""
            else:
                glue = BLANK
        return joined

    def _back(self, cells: str) -> str:
        """``cells`` read back: the emphasis indicators left out (liblouis 3.24 does not read
        UEB's back, and they hide the word after them), each word checked by translating
        liblouis' reading again. When liblouis reads the run as another number of words
        (a cell it reads as a contraction with spaces, Polish ``=`` read as ``(. . .``), each
        braille word is read on its own, so that every word is still checked."""
        tables = self.tables.text
        for sign in emphasis_signs(tables):
            cells = cells.replace(sign, "")
        cells = cells.strip(BLANK)
        if not cells:
            return ""
        text = _UNREAD_CELL.sub("", louis.back_translate(tables, cells))
        braille_words = [word for word in cells.split(BLANK) if word]
        read_words = text.split()
        self.count.words += len(braille_words)
        if len(read_words) != len(braille_words):
            read_words = [
                "".join(_UNREAD_CELL.sub("", louis.back_translate(tables, word)).split())
                for word in braille_words
            ]
        if tables not in self.lexicons:
            self.lexicons[tables] = _lexicon(self.document, tables)
        lexicon = self.lexicons[tables]
        marks = emphasis_marks(tables)
        for index, (cells_word, word) in enumerate(zip(braille_words, read_words, strict=True)):
            source_words = lexicon.get(cells_word, ())
            if not source_words and marks:
                # A one-cell emphasis indicator (Portuguese 3-5 before and after the words)
                # is a cell of the word it marks: the word is the source's without it.
                bare = "".join(c for c in cells_word if c not in marks)
                source_words = lexicon.get(bare, ())
            if word in source_words:
                self.count.exact += 1
            elif source_words:
                # The cells are the source word's; liblouis reads them as another word
                # written the same way (UEB's "enough" and "en", Latin letters in Arabic,
                # Portuguese "w" and "ante", Polish "127.0.0.1" and "127.j.j.a").
                read_words[index] = source_words[0]
                self.count.from_source += 1
            elif word and translate(tables, word) == cells_word:
                self.count.exact += 1
            else:
                self.count.unresolved += 1
        return " ".join(word for word in read_words if word)


@functools.lru_cache(maxsize=64)
def emphasis_signs(tables: tuple[str, ...]) -> tuple[str, ...]:
    """The cells ``tables`` add for italic and bold text (UEB's indicators: a symbol, a word,
    a passage and its terminator), learnt from the table: what a translation with the
    typeform has that one without it has not. Longest first."""
    samples = ("one two three four", "word", "word.", "x")
    signs: set[str] = set()
    for kind in ("italic", "bold"):
        form = louis.emphasis(kind)
        for sample in samples:
            plain = translate(tables, sample)
            cases = [[form] * len(sample)]
            if " " in sample:
                space = sample.index(" ")
                cases.append([form] * space + [0] * (len(sample) - space))
                # a word inside a sentence: some codes close a word's emphasis (Korean 46-36)
                after = sample.index(" ", space + 1)
                cases.append(
                    [0] * (space + 1) + [form] * (after - space - 1) + [0] * (len(sample) - after)
                )
            if sample.endswith("."):  # emphasis that ends inside a braille word (Korean 46-36)
                cases.append([form] * (len(sample) - 1) + [0])
            for typeform in cases:
                marked = translate(tables, sample, typeform)
                matcher = difflib.SequenceMatcher(None, plain, marked, autojunk=False)
                for tag, _, _, j1, j2 in matcher.get_opcodes():
                    if tag == "insert" and j2 - j1 >= 2:
                        signs.add(marked[j1:j2])
    return tuple(sorted(signs, key=lambda sign: (-len(sign), sign)))


@functools.lru_cache(maxsize=64)
def emphasis_marks(tables: tuple[str, ...]) -> frozenset[str]:
    """The cells ``tables`` add alone for italic and bold text (an indicator of one cell, as
    Portuguese braille's 3-5 before and after the emphasised words): a cell that stands for
    other text too, so it is left out only of a word that is a source word without it."""
    marks: set[str] = set()
    sample = "one two three four"
    plain = translate(tables, sample)
    for kind in ("italic", "bold"):
        marked = translate(tables, sample, [louis.emphasis(kind)] * len(sample))
        matcher = difflib.SequenceMatcher(None, plain, marked, autojunk=False)
        for tag, _, _, j1, j2 in matcher.get_opcodes():
            if tag == "insert" and j2 - j1 == 1 and marked[j1] != BLANK:
                marks.add(marked[j1])
    return frozenset(marks)


def _lexicon(document: m.Document, tables: tuple[str, ...]) -> dict[str, list[str]]:
    """Each word of the document, by its cells in ``tables`` (translated alone, as liblouis
    writes it in a sentence, contracted and not): to tell what a word liblouis reads back
    otherwise was."""
    words: set[str] = set(document.metadata.title.split())
    words |= {w for entry in document.toc_entries() for w in entry.text.split()}
    for part in (document.intro, *(s.body for s in document.sections)):
        words |= set(m.blocks_text(part).split())
    for question in document.questions:
        words |= set(m.blocks_text(question.answer).split())
    # A word the markup cuts is written in pieces: a link's words, then its address
    # ("[drivers](…)가": "drivers", then the address and "가"), a word half in emphasis.
    for node in document.inlines():
        match node:
            case m.Text(value) | m.Code(value):
                words |= set(value.split())
            case m.Link(url=url, children=children):
                words |= {url, *m.plain_text(children).split()}
            case m.Emphasis(children) | m.Strong(children) | m.Span(children=children):
                words |= set(m.plain_text(children).split())
    found: dict[str, list[str]] = {}
    literal = louis.emphasis("no_contract")
    for word in sorted(words):
        # contracted, and as code and web addresses are written: uncontracted
        for typeform in (None, [literal] * len(word)):
            same = found.setdefault(translate(tables, word, typeform), [])
            if word not in same:
                same.append(word)
    return found


def unicode_braille(data: bytes) -> str:
    """A BRF as Unicode braille patterns (U+2800…), pages parted by a line of dashes: to read
    it as its cells (tests, reports)."""
    pages = data.decode("latin-1").replace("\r\n", "\n").split("\f")
    return ("\n" + "-" * 40 + "\n").join(
        "\n".join(_cells(line).replace(BLANK, "\u2800") for line in page.split("\n"))
        for page in pages
    )


STANDARD = "BANA Braille Formats (the basics)"


def verdicts(findings: list[Finding]) -> list[Verdict]:
    """What the findings say of BANA's Braille Formats: its basics, by our rules."""
    return [
        by_own_rules(
            STANDARD,
            f"{OWN_RULES} (FE-BRF-…)",
            findings,
            f"faq-export's {len(RULES)} BRF rules (North American braille ASCII, line length, "
            "page length, page numbers): the basics of the layout, not the transcription",
            "a braille transcriber: proofreading the braille is a person's work",
        )
    ]
