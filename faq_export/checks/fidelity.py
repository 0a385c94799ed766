"""Nothing the author wrote is lost: each built document's text, read back as its reader gets
it, against the model's text.

Each format's reader (``reading.py``) gives the document's text in reading order as pieces,
headings marked. Here the model's text is cut into the same parts, the front matter (the
title), the introduction (under its heading, which the documents add: "Introduction"), then
each section and each question (heading, then body), and each part's text is compared with
the text the reader got between that heading and the next one.

The comparison is by characters without white space (after NFKC and case folding), so a
line break, a page break or a word split over two lines does not count, and scripts written
without spaces are compared character by character. Whatever a format adds is allowed (the
cover's labels, heading numbers, list numbers, the contents); what the author wrote must all
be there, once, in order:

- a piece of the model's text missing from a part is lost (FE-TEXT-LOST);
- a piece the output has twice in a row where the model has it once is doubled
  (FE-TEXT-DOUBLED);
- a piece missing in one place and present in another is out of order (FE-TEXT-ORDER).

In a PDF, scripts whose glyphs are drawn in another order than the text is written
(right-to-left scripts; Indic and other scripts whose vowel signs are reordered) cannot be
read back in their written order from the page's glyphs: a part that holds them, and every
part of a right-to-left document (where a Latin heading's number and question mark are
drawn at its other end too), is compared as the characters it holds, each as many times as
written, so a loss or a doubling is still found there, not a change of order.

Braille (``fmt="brf"``) is read back by liblouis (``checks/brf.py``), and back-translation
gives the words, not always their punctuation or their case: a table reads a cell it has no
reverse rule for as a digit or a letter (Spanish ``¿`` and ``?`` both come back as ``5``), and
UEB writes some punctuation with cells that are letters groups inside a word (a comma in
``<client,peer>`` reads ``ea``). So braille is compared by its letters, marks and digits only
(``normalise_words``, per format in ``NORMALISERS``), a heading by its letters only (a stray
``5`` would keep a heading from being found); text added by the reading (a ``5`` for a ``¿``)
is, like any format's additions, no finding unless it doubles the author's. Losses, doublings
and moves of words are still found; a lost comma or question mark is not, in braille only.
The other formats are compared as above, by every character.

The check is linear: a part that matches (the usual case) costs one normalisation and one
string comparison; only a part that does not is aligned (difflib), over the stretch between
the first and last difference, at most ``ALIGN_LIMIT`` characters.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import faq_export.model as m
from faq_export.checks.content import ContentContext, Part
from faq_export.checks.findings import Finding, Rule, Severity
from faq_export.languages import direction
from faq_export.output import FORMAT_NAMES

E = Severity.ERROR

TEXT_LOST = Rule(
    "FE-TEXT-LOST",
    E,
    "Text of the source is missing from a built document",
    "faq-export fidelity rule (nothing the author wrote is lost); WCAG 1.3.1 and 4.1.2 "
    "(what is shown is what assistive technology gets)",
    "This is a fault of faq-export or of the print template, not of your text: a template "
    "that hides or replaces content (display: none, content: …) loses it. Report it with "
    "the source; meanwhile, the other formats have the text.",
    "A table cell, a word after a picture or the last item of a list missing from the PDF.",
)
TEXT_DOUBLED = Rule(
    "FE-TEXT-DOUBLED",
    E,
    "Text of the source is written twice in a built document",
    "faq-export fidelity rule; WCAG 1.3.1 (a screen reader reads it twice)",
    "This is a fault of faq-export or of the print template (content repeated by a "
    "pseudo-element or a running element in the flow). Report it with the source.",
    "'the the' in the PDF where the source says 'the' once.",
)
TEXT_ORDER = Rule(
    "FE-TEXT-ORDER",
    E,
    "Text of the source is out of order in a built document",
    "faq-export fidelity rule; WCAG 1.3.2 (meaningful sequence)",
    "This is a fault of faq-export or of the print template (a float or a position that "
    "moves content in the reading order). Report it with the source.",
    "A table's caption read after the table, a paragraph read before the one above it.",
)
RULES = {rule.id: rule for rule in (TEXT_LOST, TEXT_DOUBLED, TEXT_ORDER)}

ALIGN_LIMIT = 20_000  # characters aligned in one part (difflib is quadratic in the worst case)
# Nothing a reader reads: white space, and format characters (soft hyphens, zero-width
# spaces and joiners, direction marks), which the formats keep or drop as they draw.
_UNREAD = re.compile(r"[\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")


@dataclass(frozen=True)
class Piece:
    """A run of text a reader of a built document gets, in reading order."""

    text: str
    where: str  # where a reader finds it: "page 4", "section-02.xhtml", "paragraph 31"
    heading: bool = False  # a heading: it may start the next part


@dataclass(frozen=True)
class _Expected:
    part: Part
    heading: str  # the words a heading of this part must hold ("" for the front matter)
    texts: tuple[str, ...]  # what the part's body must say, in order


@dataclass
class _Got:
    heading: str = ""
    heading_where: str = ""
    body: list[Piece] | None = None

    def pieces(self) -> list[Piece]:
        return self.body if self.body is not None else []


def normalise(text: str) -> str:
    """``text`` as the comparison sees it: NFKC, case folded, nothing unread."""
    return _UNREAD.sub("", unicodedata.normalize("NFKC", text).casefold())


def normalise_words(text: str) -> str:
    """``text`` as the comparison of braille read back sees it: its letters, marks and
    digits only (NFKC, case folded). Back-translation gives the words, not always their
    punctuation (see the module's text)."""
    return "".join(
        c
        for c in unicodedata.normalize("NFKC", text).casefold()
        if unicodedata.category(c)[0] in "LMN"
    )


def normalise_letters(text: str) -> str:
    """``text``'s letters and marks only: how braille read back tells a heading."""
    return "".join(c for c in normalise_words(text) if unicodedata.category(c)[0] in "LM")


Normaliser = Callable[[str], str]
# The formats whose text is compared otherwise than by ``normalise``: (the text, a heading).
NORMALISERS: dict[str, tuple[Normaliser, Normaliser]] = {
    "brf": (normalise_words, normalise_letters)
}


def fidelity_findings(
    document: m.Document,
    fmt: str,
    pieces: Iterable[Piece],
    table: Callable[[m.Table], list[str]] = m.table_text,
    link: m.LinkText = None,
) -> list[Finding]:
    """What of ``document``'s text the pieces of its ``fmt`` document lose, double or reorder;
    ``table`` and ``link`` give a table's and a link's words as the format writes them
    (``m.blocks_text``)."""
    context = ContentContext(document)
    expected = _expected(document, context, table, link)
    norm, heading_norm = NORMALISERS.get(fmt, (normalise, normalise))
    # In a PDF, what is drawn out of its written order is compared by its characters: a
    # part with such letters, or the whole of a right-to-left document (where even a Latin
    # heading's number and question mark are drawn at its other end).
    if fmt != "pdf":
        unordered: Callable[[str], bool] = lambda text: False  # noqa: E731
    elif direction(document.metadata.language) == "rtl":
        unordered = lambda text: True  # noqa: E731
    else:
        unordered = _reordered_script
    got = _assign(expected, list(pieces), unordered, document.metadata.title, heading_norm)
    findings: list[Finding] = []
    for want, have in zip(expected, got, strict=True):
        findings += _compare_part(context, fmt, want, have, unordered, norm)
    return findings


def _expected(
    document: m.Document,
    context: ContentContext,
    table: Callable[[m.Table], list[str]],
    link: m.LinkText,
) -> list[_Expected]:
    def text(blocks: tuple[m.Block, ...]) -> str:
        return m.blocks_text(blocks, table, link)

    parts = context.parts  # the introduction, then each section and its questions
    # The front matter (the cover, the contents) holds the title; the introduction follows
    # under its own heading, which the documents add ("Introduction"), as a section's.
    expected = [_Expected(parts[0], "", (document.metadata.title,))]
    if document.intro_heading is not None:
        expected.append(_Expected(parts[0], document.intro_heading, (text(document.intro),)))
    index = 1
    for section in document.sections:
        expected.append(_Expected(parts[index], section.title, (text(section.body),)))
        index += 1
        for question in section.questions:
            heading = document.question_heading(question)
            expected.append(_Expected(parts[index], heading, (text(question.answer),)))
            index += 1
    return expected


def _assign(
    expected: list[_Expected],
    pieces: list[Piece],
    unordered: Callable[[str], bool],
    title: str,
    norm: Normaliser = normalise,
) -> list[_Got]:
    """The pieces of each part: a heading that says the next part's heading (as every
    format writes it: the section's title, the question with its number) starts that part;
    any other heading (the contents' own, the cover's) is text of the part it is in.
    A part whose heading is missing is skipped over when a later part's heading comes first
    (up to a few parts on), so one lost heading does not make the rest of the document lost.
    A heading drawn out of its written order (``unordered``) is told by the characters it
    holds. When the document's title says what the first section's heading says (an import
    titles both "Frequently asked questions"), the first such heading is the cover's title
    if another follows."""

    def key(text: str) -> str:
        normal = norm(text)
        return "".join(sorted(normal)) if unordered(text) else normal

    got = [_Got() for _ in expected]
    got[0].body = []
    current = 0
    wanted = [key(e.heading) for e in expected]
    cover_title = -1  # the index of the piece that is the cover's title, not a part's heading
    # The first section's heading: after the introduction's, when there is one.
    first = 2 if len(expected) > 1 and expected[1].part is expected[0].part else 1
    if len(wanted) > first and wanted[first] == key(title):
        same = [i for i, p in enumerate(pieces) if p.heading and key(p.text) == wanted[first]]
        if len(same) > 1:
            cover_title = same[0]
    for index, piece in enumerate(pieces):
        if piece.heading and index != cover_title:
            text = key(piece.text)
            found = next(
                (
                    k
                    for k in range(current + 1, min(current + 4, len(expected)))
                    if wanted[k] and wanted[k] == text
                ),
                None,
            )
            if found is not None:
                current = found
                got[current] = _Got(piece.text, piece.where, [])
                continue
        got[current].pieces().append(piece)
    return got


def _compare_part(
    context: ContentContext,
    fmt: str,
    want: _Expected,
    have: _Got,
    unordered: Callable[[str], bool],
    norm: Normaliser = normalise,
) -> list[Finding]:
    name = FORMAT_NAMES.get(fmt, fmt.upper())
    if want.heading and have.body is None:
        place = context.source(want.part.start)
        return [
            _finding(
                TEXT_LOST,
                want.part,
                f"{name}: the heading of {want.part.label} (“{_short(want.heading)}”) is "
                "not there as written, so neither is its text",
                place,
            )
        ]
    body = have.pieces()
    found = _Text.of(body, norm)
    findings: list[Finding] = []
    for text in want.texts:
        expected = norm(text)
        if not expected:
            continue
        # The front matter is the cover and the contents around the title.
        exact = expected == found.normalised if want.heading else expected in found.normalised
        if exact:
            continue
        if unordered(text):
            findings += _compare_counts(context, name, want, text, found, body)
        else:
            findings += _align(context, name, want, text, found, norm)
    return findings


@dataclass(frozen=True)
class _Text:
    """The text of a part's pieces, normalised, with where each piece starts."""

    normalised: str
    starts: tuple[int, ...]
    wheres: tuple[str, ...]

    @classmethod
    def of(cls, pieces: list[Piece], norm: Normaliser = normalise) -> _Text:
        parts: list[str] = []
        starts: list[int] = []
        wheres: list[str] = []
        at = 0
        for piece in pieces:
            text = norm(piece.text)
            starts.append(at)
            wheres.append(piece.where)
            parts.append(text)
            at += len(text)
        return cls("".join(parts), tuple(starts), tuple(wheres))

    def where(self, offset: int) -> str:
        if not self.wheres:
            return ""
        index = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return self.wheres[index]


def _align(
    context: ContentContext,
    name: str,
    want: _Expected,
    text: str,
    found: _Text,
    norm: Normaliser = normalise,
) -> list[Finding]:
    """Where ``text`` and the part's text differ, as findings: lost, doubled, out of order."""
    raw, offsets = _normalised_with_offsets(text, norm)
    expected = "".join(raw)
    got = found.normalised
    # Only the stretch between the first and the last difference is aligned.
    start = 0
    limit = min(len(expected), len(got))
    while start < limit and expected[start] == got[start]:
        start += 1
    end = 0
    while end < limit - start and expected[-1 - end] == got[-1 - end]:
        end += 1
    a, b = expected[start : len(expected) - end], got[start : len(got) - end]
    if len(a) + len(b) > ALIGN_LIMIT:
        return [_lost(context, name, want, text, offsets, start, len(expected) - end, found)]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    lost: list[tuple[int, int]] = []
    added: list[tuple[int, int, int]] = []  # (offset in b, end in b, offset in a)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            lost.append((i1, i2))
        if tag in ("insert", "replace"):
            added.append((j1, j2, i1))
    findings: list[Finding] = []
    moved: set[str] = set()
    for i1, i2 in lost:
        piece = a[i1:i2]
        if any(b[j1:j2] == piece for j1, j2, _ in added) and _meaningful(piece):
            moved.add(piece)
            findings.append(
                _finding(
                    TEXT_ORDER,
                    want.part,
                    f"{name}: “{_words(text, offsets, start + i1, start + i2)}” of "
                    f"{want.part.label} is read elsewhere than where it is written "
                    f"({found.where(start + i1) or 'its part'})",
                    _source(context, want, text, offsets, start + i1),
                )
            )
            continue
        findings.append(_lost(context, name, want, text, offsets, start + i1, start + i2, found))
    for j1, j2, i in added:
        piece = b[j1:j2]
        if piece in moved or not _meaningful(piece):
            continue
        at = start + i  # in the whole text: the copy next to it may be outside the stretch
        if expected[max(at - len(piece), 0) : at] == piece:
            first = at - len(piece)
        elif expected[at : at + len(piece)] == piece:
            first = at
        else:
            continue  # words a format adds of its own
        findings.append(
            _finding(
                TEXT_DOUBLED,
                want.part,
                f"{name}: “{_words(text, offsets, first, first + len(piece))}” of "
                f"{want.part.label} is there twice ({found.where(start + j1)})",
                _source(context, want, text, offsets, first),
            )
        )
    return findings


def _lost(
    context: ContentContext,
    name: str,
    want: _Expected,
    text: str,
    offsets: list[int],
    start: int,
    end: int,
    found: _Text,
) -> Finding:
    where = found.where(start) if found.normalised else ""
    return _finding(
        TEXT_LOST,
        want.part,
        f"{name}: “{_words(text, offsets, start, end)}” of {want.part.label} is not there"
        + (f" ({where})" if where else ""),
        _source(context, want, text, offsets, start),
    )


def _compare_counts(
    context: ContentContext,
    name: str,
    want: _Expected,
    text: str,
    found: _Text,
    body: list[Piece],
) -> list[Finding]:
    """A part in a script drawn out of its written order: the same characters, as often.
    What differs is said in the author's words where it can be: each word is told by the
    characters it holds (a right-to-left word is drawn reversed, a word stays whole on its
    line), else as the characters themselves."""
    expected = Counter(normalise(text))
    got = Counter(found.normalised)
    front = not want.heading  # the front matter holds the cover too: only losses count there
    missing = expected - got
    doubled = (
        Counter()
        if front
        else Counter({c: n for c, n in (got - expected).items() if c in expected})
    )
    if not missing and not doubled:
        return []
    written = [(word, _letters(word)) for word in text.split() if _letters(word)]
    read = Counter(_letters(word) for piece in body for word in piece.text.split())
    wanted = Counter(key for _, key in written)
    # The words that read otherwise than written, and that hold the characters that differ
    # (a word split in two by the drawing, "Government" and ".", is no difference).
    lost_words = _holding(_in_order(written, wanted - read), missing + doubled)
    extra_words = [] if front else _holding(_in_order(written, read - wanted), doubled)
    findings: list[Finding] = []
    if missing:
        what = f"“{_short(' '.join(lost_words))}”" if lost_words else _characters(missing)
        findings.append(
            _finding(
                TEXT_LOST,
                want.part,
                f"{name}: {what} of {want.part.label} is not there as written "
                f"({sum(missing.values())} characters missing: {_characters(missing)})",
                context.source(context.find(lost_words[0], want.part.start))
                if lost_words
                else context.source(want.part.start),
            )
        )
    if doubled:
        what = (
            f"“{_short(' '.join(extra_words or lost_words))}”" if extra_words or lost_words else ""
        )
        findings.append(
            _finding(
                TEXT_DOUBLED,
                want.part,
                f"{name}: {sum(doubled.values())} characters of {want.part.label} are there "
                f"more often than written: {_characters(doubled)}"
                + (f", in {what}" if what else ""),
                context.source(want.part.start),
            )
        )
    return findings


def _letters(word: str) -> str:
    """A word told by the characters it holds, whatever order they are drawn in."""
    return "".join(sorted(normalise(word)))


def _holding(words: list[str], characters: Counter[str]) -> list[str]:
    return [word for word in words if set(normalise(word)) & set(characters)]


def _in_order(written: list[tuple[str, str]], counts: Counter[str]) -> list[str]:
    """The written words whose keys are in ``counts``, in the order written, as often."""
    left = Counter(counts)
    found = []
    for word, key in written:
        if left[key] > 0:
            found.append(word)
            left[key] -= 1
    return found


def _reordered_script(text: str) -> bool:
    """Whether ``text`` has letters a PDF draws in another order than they are written."""
    return any(_is_reordered(c) for c in text if ord(c) >= 0x0590)


def _is_reordered(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.bidirectional(char) in ("R", "AL")
        or 0x0900 <= code <= 0x0DFF  # Devanagari to Sinhala
        or 0x0F00 <= code <= 0x109F  # Tibetan, Myanmar
        or 0x1780 <= code <= 0x17FF  # Khmer
        or 0xA980 <= code <= 0xA9DF  # Javanese
    )


def _meaningful(piece: str) -> bool:
    """Text a format does not add of its own: more than numbers and punctuation."""
    return any(unicodedata.category(c)[0] in "LS" for c in piece)


def _normalised_with_offsets(
    text: str, norm: Normaliser = normalise
) -> tuple[list[str], list[int]]:
    """``norm(text)`` as a list of pieces, one per character of ``text`` it keeps, and
    each piece's offset in ``text``: to say a difference in the author's words."""
    pieces: list[str] = []
    offsets: list[int] = []
    # Word by word: normalisation never joins characters across white space, so the pieces
    # are normalise(text), whatever NFKC composes within a word.
    for word in re.finditer(r"\S+", text):
        for index, piece in enumerate(norm(word.group())):
            pieces.append(piece)
            offsets.append(word.start() + min(index, len(word.group()) - 1))
    return pieces, offsets


def _words(text: str, offsets: list[int], start: int, end: int) -> str:
    """The author's words that hold normalised characters ``start`` to ``end``."""
    if not offsets:
        return ""
    first = offsets[min(start, len(offsets) - 1)]
    last = offsets[min(max(end - 1, start), len(offsets) - 1)]
    while first > 0 and not text[first - 1].isspace():
        first -= 1
    while last + 1 < len(text) and not text[last + 1].isspace():
        last += 1
    return _short(" ".join(text[first : last + 1].split()))


def _source(
    context: ContentContext, want: _Expected, text: str, offsets: list[int], start: int
) -> str | None:
    if not offsets:
        return context.source(want.part.start)
    first = offsets[min(start, len(offsets) - 1)]
    line_start = text.rfind("\n", 0, first) + 1
    snippet = text[line_start : text.find("\n", first) if "\n" in text[first:] else None]
    return context.source(context.find(snippet, want.part.start))


def _characters(counts: Counter[str]) -> str:
    shown = "".join(c * n for c, n in counts.most_common(20))
    return f"“{shown}”" + ("…" if len(counts) > 20 else "")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _finding(rule: Rule, part: Part, message: str, source: str | None) -> Finding:
    return Finding(
        rule.id, rule.severity, part.label, message, rule.fix, source=source, target=part.target
    )


def pieces_text(pieces: Iterator[Piece]) -> str:
    """The pieces' text, for a person to read (tests, debugging)."""
    return "\n".join(piece.text for piece in pieces)
