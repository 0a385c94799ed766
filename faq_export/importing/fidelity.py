"""Nothing the author wrote is lost in silence: the text of the original, character by
character, against the text of the written ``faq.yaml`` read back through the loader.

The original's visible text is taken in pieces, each with its place (a line, or a Word
paragraph's number) and what would explain its loss: the text of an HTML page's main content
(scripts, styles, forms and the other left-out elements of ``to_markdown.DROPPED`` are no text
of the answers, and each is a note of its own), a Markdown page's text as markdown-it reads it,
the strings of a data file (its markup rendered; a field the import does not use is text not
mapped), the runs of a Word document's paragraphs. Markup is not text: template tags and
kramdown's attribute lists are removed before the comparison (the import notes each one).

The comparison is by characters after NFKC, case-folded (a heading in capitals is written in
sentence case) and without whitespace, so it needs no idea of a word and works for Chinese as
for German. It is linear: each piece is looked for from where the previous one was found,
within a window, and only pieces that were changed are compared character by character, in
chunks of bounded size.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from faq_export.importing.draft import Note, Piece
from faq_export.importing.to_markdown import DROPPED, TEMPLATE_TAG
from faq_export.markdown import code_spans

# kramdown's attribute lists ({:toc}, {: .class #id key="value"}, {:.class}, {:name: .class})
# and extensions ({::options .../}): each part a class, an id, key=value or a name, so that
# Rust's '{:?}' and other braces of prose are no marker.
_IAL_PART = r"""(?:[.#][\w-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s{}"']+)|[\w-]+)"""
_IAL = rf"(?:[ \t]*{_IAL_PART})*[ \t]*"
KRAMDOWN = re.compile(rf"\{{:(?:[\w-]+:)?{_IAL}\}}|\{{::[^{{}}\n]*/?\}}")
MARKUP = re.compile(f"{TEMPLATE_TAG.pattern}|{KRAMDOWN.pattern}", re.S)
# Admonitions (Docusaurus' ':::tip Title' and ':::tip[Title]', remark's and dumi's
# ':::success{title=Title} text' … ':::', the closing marker also written at the end of a
# paragraph's last line): the markers are markup; a title and text on their line are the
# author's words (admonition_words).
ADMONITION = re.compile(
    r"^[ \t]*:::+[ \t]*(?P<kind>[A-Za-z][\w-]*)?(?:\[(?P<label>[^\]\n]*)\])?"
    r"(?:\{(?P<attrs>[^}\n]*)\})?[ \t]*(?P<rest>[^\n]*?)[ \t]*$"
    r"|(?P<closing>(?<=\S)[ \t]*:::+[ \t]*$)",
    re.M,
)
_TITLE_ATTRIBUTE = re.compile(r"""(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))""")


def admonition_words(match: re.Match[str]) -> list[str]:
    """What of an admonition marker is the author's text: its title (':::tip Title',
    ':::tip[Title]', '{title=Title}') and what follows it on its line, in order."""
    if match["closing"] is not None:
        return []
    title = match["label"]
    if title is None and match["attrs"] is not None:
        said = _TITLE_ATTRIBUTE.search(match["attrs"])
        title = next((group for group in said.groups() if group), None) if said else None
    if title is None and match["label"] is None and match["attrs"] is None:
        return [match["rest"]] if match["rest"] else []  # ':::tip Title'
    return [words for words in (title, match["rest"]) if words]


# kramdown's table of contents as markdown-it reads it: a list item's text, then '{:toc}'.
TOC_ITEM = re.compile(r"^[^\n]*\n[ \t]*\{:\s*toc\s*\}[ \t]*$", re.M)
NUMBERED = re.compile(r"^\s*(?:(?:Q|Question)\s*\d*\s*[.:)]|\d+\s*[.)])\s+", re.I)
INVISIBLE = tuple(DROPPED)
BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "pre", "blockquote",
    "div", "summary", "details", "button", "caption", "section", "article", "main", "ul", "ol",
    "dl", "table", "tr", "figure", "figcaption", "br", "hr", "body", "aside", "header", "footer",
}  # fmt: skip
CODE = {"code", "pre", "kbd", "samp"}  # their text is compared as it is
CODE_TAG = re.compile(r"</?(?:code|pre|kbd|samp)\b", re.I)
HEADING_LIKE = {"h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt", "button"}
WINDOW = 2000  # normalised characters the written text may add between two pieces
CHUNK = 1000  # a changed piece is compared in chunks of this many characters
DISTINCT = 12  # a piece this long is looked for anywhere after the last one
BEHIND = 200  # and this far before where the last one ended
SLACK = 100  # a changed piece is looked for this far after where the last one ended


@dataclass(frozen=True)
class Loss:
    """Text of the original that is not in the written file."""

    where: str
    text: str
    reason: str

    def message(self) -> str:
        return f"text not in the written file: '{excerpt(self.text)}' ({self.reason})"

    def __str__(self) -> str:
        return f"{self.where}: {self.message()}"


@dataclass
class Verdict:
    characters: int  # of the original, normalised (no whitespace)
    lost: list[Loss]

    @property
    def lost_characters(self) -> int:
        return sum(len(normalised(loss.text)[0]) for loss in self.lost)


def excerpt(text: str, size: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def normalised(text: str) -> tuple[str, list[int]]:
    """The text as compared (NFKC, case-folded, no whitespace), and for each of its
    characters the index of the character of ``unicodedata.normalize('NFKC', text)`` it came
    from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(unicodedata.normalize("NFKC", text)):
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        for part in char.casefold():
            folded.append(part)
            origin.append(index)
    return "".join(folded), origin


def without_markup(text: str) -> str:
    return MARKUP.sub(" ", text)


def prose_and_code(parts: list[tuple[str, bool]]) -> str:
    """The text of parts of a block, each prose or code (``True``): site markup (template
    tags, kramdown's markers, admonitions' markers) is taken out of the prose only, and a
    code span written with backticks in prose (raw HTML's, which the import writes as code)
    counts as code without its backticks. Code is compared as it was: what the import took
    out of code is lost text."""
    out: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        text = "".join(prose)
        prose.clear()
        position = 0
        for start, end in code_spans(text):
            out.append(_without_site_markup(text[position:start]))
            out.append(_code_span_content(text[start:end]))
            position = end
        out.append(_without_site_markup(text[position:]))

    for text, code in parts:
        if code:
            flush()
            out.append(text)
        else:
            prose.append(text)
    flush()
    return "".join(out)


def _without_site_markup(text: str) -> str:
    text = TOC_ITEM.sub("", text)
    text = ADMONITION.sub(lambda found: f" {' '.join(admonition_words(found))} ", text)
    return without_markup(text)


def _code_span_content(span: str) -> str:
    ticks = len(span) - len(span.lstrip("`"))
    return span[ticks:-ticks]


# --- the original's text ------------------------------------------------------------------


def html_pieces(region: Any, where: str, reason: str = "") -> list[Piece]:
    """The text of an HTML element, in pieces by block (a paragraph, a list item, a cell)."""
    from lxml import etree

    pieces: list[Piece] = []
    buffer: list[tuple[str, bool]] = []  # text, and whether it is code
    state: dict[str, Any] = {"line": None, "tag": None, "code": 0}

    def flush() -> None:
        text = prose_and_code(buffer)
        buffer.clear()
        if state["tag"] in HEADING_LIKE:
            text = NUMBERED.sub("", text)
        if text.strip():
            line = state["line"]
            pieces.append(
                Piece(
                    text,
                    f"{where}:{line}" if line else where,
                    reason or f"inside <{state['tag'] or 'p'}>, which the import did not carry",
                )
            )
        state["line"] = None

    def add(text: str | None, el: Any) -> None:
        if text:
            if state["line"] is None and text.strip():
                state["line"] = getattr(el, "sourceline", None)
            buffer.append((text, state["code"] > 0))

    skipping: list[Any] = []
    for event, el in etree.iterwalk(region, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else None
        if skipping:
            if event == "end" and el is skipping[-1]:
                skipping.pop()
                add(el.tail, el)
            continue
        if event == "start":
            if tag is None:  # a comment or processing instruction: no text
                continue
            if tag in INVISIBLE:
                skipping.append(el)
                continue
            if tag in BLOCKS:
                flush()
                state["tag"] = tag
            state["code"] += tag in CODE
            add(el.text, el)
        else:
            if tag is not None and tag in BLOCKS:
                state["tag"] = tag
                flush()
            state["code"] -= tag in CODE
            add(el.tail, el)
    flush()
    return pieces


def fragment_pieces(html: str, where: str, reason: str = "") -> list[Piece]:
    from lxml import html as lxml_html

    if not html.strip():
        return []
    return html_pieces(lxml_html.fragment_fromstring(html, create_parent="div"), where, reason)


def markdown_pieces(
    text: str, name: str, first_line: int = 1, reason: str = "", footnotes: bool = False
) -> list[Piece]:
    """The text of Markdown as markdown-it reads it (``first_line``: the line of the text's
    first line in the file; ``footnotes``: read as footnotes, which the import moves to the
    answers that refer to them)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin

    from faq_export.importing.footnotes import with_footnotes

    parser = (
        MarkdownIt("commonmark", {"html": True, "maxNesting": 1000})
        .enable(["table", "strikethrough"])
        .use(deflist_plugin)
    )  # kramdown's and pandoc's "Term" / ": definition"
    if footnotes:
        parser = with_footnotes(parser)
    pieces: list[Piece] = []
    heading = False
    footnote = 0
    line = first_line
    for token in parser.parse(text):
        footnote += {"footnote_reference_open": 1, "footnote_reference_close": -1}.get(
            token.type, 0
        )
        line = first_line + token.map[0] if token.map else line
        where = f"{name}:{line}"
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        if token.type == "inline":
            parts: list[tuple[str, bool]] = []
            code = 0  # inside <code> written as HTML in the Markdown
            for child in token.children or []:
                if child.type == "text":
                    parts.append((child.content, code > 0))
                elif child.type == "code_inline":
                    parts.append((child.content, True))
                elif child.type == "footnote_ref":  # its marker, as footnotes.py writes it
                    parts.append((f"[{int(child.meta['id']) + 1}]", True))
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(("\n", False))
                elif child.type == "html_inline" and CODE_TAG.match(child.content):
                    code = max(0, code + (-1 if child.content.startswith("</") else 1))
            joined = prose_and_code(parts)
            if heading:
                joined = NUMBERED.sub("", joined)
            if joined.strip():
                pieces.append(
                    Piece(joined, where, reason or "not carried by the import", moved=footnote > 0)
                )
        elif token.type in ("fence", "code_block"):
            if token.content.strip():
                pieces.append(
                    Piece(
                        token.content,
                        where,
                        reason or "a code block not carried",
                        moved=footnote > 0,
                    )
                )
        elif token.type == "html_block":
            for piece in fragment_pieces(token.content, name, reason):
                # At its line in the block (the block's lines are the file's).
                inner = re.fullmatch(r".*:(\d+)", piece.where)
                at = line + int(inner.group(1)) - 1 if inner else line
                pieces.append(Piece(piece.text, f"{name}:{at}", piece.reason, moved=footnote > 0))
    return pieces


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Text Word does not show: the older copy of a shape beside the one Word draws (mc:Fallback
# beside mc:Choice: a text box's text is in both), and tracked deletions and moves' old place.
NOT_SHOWN = (f"{MC}Fallback", f"{W}del", f"{W}moveFrom")
TEXT_BOX = f"{W}txbxContent"
TEXT_PARTS = (f"{W}t", f"{W}tab", f"{W}br", f"{W}noBreakHyphen")


def word_paragraphs(body: Any) -> Iterator[tuple[int, bool, Any]]:
    """The paragraphs Word shows, in reading order: (its number as a person counts the
    paragraphs of the document, empty ones and tables' included, whether it is in a text box,
    the paragraph). A text box's paragraphs have the number of the paragraph the box is
    anchored in."""
    number = 0
    stack = [iter(body)]
    boxes = 0
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        if el is BOX_END:
            boxes -= 1
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in NOT_SHOWN:
            continue
        if tag == f"{W}p":
            if not boxes:
                number += 1
            yield number, boxes > 0, el
        if tag == TEXT_BOX:
            boxes += 1
            stack.append(iter([BOX_END]))
        stack.append(iter(el))


BOX_END: Any = object()  # the walk leaves a text box


def own_text(paragraph: Any) -> tuple[str, list[Any]]:
    """The text Word shows of a paragraph (not its text boxes', nor what it does not show),
    and its runs with text."""
    parts: list[str] = []
    runs: list[Any] = []
    stack = [iter(paragraph)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in NOT_SHOWN or tag == TEXT_BOX or tag == f"{W}p":
            continue
        if tag == f"{W}t":
            parts.append(el.text or "")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag in TEXT_PARTS:
            parts.append(" ")
        elif tag == f"{W}r" and any((t.text or "") for t in el.iterchildren(f"{W}t")):
            runs.append(el)
        stack.append(iter(el))
    return "".join(parts), runs


def docx_pieces(
    path: Any, name: str, labels: Iterable[str] = (), left_out: Collection[int] = ()
) -> list[Piece]:
    """The text Word shows of a document's paragraphs (tables' and text boxes' too), each at
    its paragraph's number (``word_paragraphs``); Word's own table of contents left out (the
    documents make their own), and the paragraphs numbered in ``left_out`` (a contents list
    of links, which the import says it left out)."""
    import docx

    document = docx.Document(str(path))
    styles = {s.style_id: (s.name or "") for s in document.styles}
    label = _label_pattern(labels)
    pieces: list[Piece] = []
    for number, boxed, paragraph in word_paragraphs(document.element.body):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        style_name = styles.get(style.get(f"{W}val"), "") if style is not None else ""
        if style_name.lower().startswith("toc") or (number in left_out and not boxed):
            continue
        text, runs = own_text(paragraph)
        bold = bool(runs) and all(r.find(f"{W}rPr/{W}b") is not None for r in runs)
        if style_name.startswith(("Heading", "Title")) or bold:
            text = NUMBERED.sub("", text)
        text = label.sub("", text, count=1) if label else text
        text = without_markup(text)
        if text.strip():
            where = f"{name}: paragraph {number}" + (", in a text box" if boxed else "")
            pieces.append(Piece(text, where, "a paragraph the import did not carry"))
    return pieces


def _label_pattern(labels: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({label for label in labels if label}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in words) + r")\s*:\s*", re.I)


@dataclass
class DataUse:
    """How a data file's import used its strings: fields read as text (Markdown), fields
    used for something else (an id, a link's address), keys that are text (group names).
    Each is (id of the mapping, key)."""

    text: set[tuple[int, str]]
    other: set[tuple[int, str]]
    text_keys: set[tuple[int, str]]


def data_pieces(data: Any, name: str, use: DataUse) -> list[Piece]:
    """The strings of a data file in the file's order: text fields rendered as Markdown, the
    others as they are (a field the import does not use is text not mapped)."""
    pieces: list[Piece] = []
    for line, key, value, how in _strings(data, use, None, "", None):
        if how == "text":
            pieces += markdown_pieces(value, name, line or 1, reason=f"the field '{key}'")
        else:
            where = f"{name}:{line}" if line else name
            reason = (
                f"the field '{key}' is not carried: --map names the keys of questions, answers "
                "and sections, and a section's text is read from 'desc', 'description', "
                "'intro' or 'summary'; move its text into one of them, or it is left out"
                if how == "unmapped"
                else f"the key '{key}'"
            )
            pieces.append(Piece(without_markup(value), where, reason, specific=True))
    return pieces


def _line(node: Any, key: Any) -> int | None:
    lc = getattr(node, "lc", None)
    try:
        return int(lc.key(key)[0]) + 1 if lc is not None else None
    except (KeyError, TypeError, AttributeError, IndexError):
        return None


def _strings(
    node: Any, use: DataUse, parent_how: str | None, key: str, line: int | None
) -> Iterator[tuple[int | None, str, str, str]]:
    if isinstance(node, Mapping):
        for k, value in node.items():
            ident = (id(node), str(k))
            k_line = _line(node, k) or line
            if ident in use.text_keys:
                yield k_line, str(k), str(k), "key"
            if ident in use.other:
                continue
            how = "text" if ident in use.text else parent_how
            yield from _strings(value, use, how, str(k), k_line)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            item_line = line
            lc = getattr(node, "lc", None)
            with contextlib.suppress(KeyError, TypeError, AttributeError, IndexError):
                item_line = int(lc.item(index)[0]) + 1 if lc is not None else line
            yield from _strings(value, use, parent_how, key, item_line)
    elif isinstance(node, str) and node.strip():
        from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

        # A block scalar's text begins on the line after its key.
        block = isinstance(node, LiteralScalarString | FoldedScalarString)
        yield (line + 1 if block and line else line), key, node, parent_how or "unmapped"


# --- what no document can show -------------------------------------------------------------


@dataclass(frozen=True)
class Unshowable:
    """A character of the original the written file could not hold: the loader refuses a
    character no typeface prints (U+23ED ⏭) or a control character, so it is the source's
    problem, said at its place in the original."""

    where: str
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}; {self.hint}"


def unshowable(draft: Any, source: str | None = None) -> Unshowable | None:
    """The first character of the draft's text that the loader would refuse, at the first
    piece of the original that holds it (its column too, when ``source``, the original's
    text, is given and the place is a line)."""
    from faq_export.fonts import uncovered
    from faq_export.source import UNCARRIABLE

    texts = [draft.title or "", draft.intro]
    for section in draft.sections:
        texts += [section.title, section.body]
        texts += [t for q in section.questions for t in (q.question, q.answer)]
    text = "\n".join(texts)
    bad = UNCARRIABLE.search(text)
    char = bad.group() if bad is not None else uncovered(text)
    if char is None:
        return None

    def place(char: str) -> str:
        where: str = next((p.where for p in draft.original if char in p.text), draft.source_name)
        line = re.fullmatch(r"(.*):(\d+)", where)
        if line and source is not None:
            lines = source.splitlines()
            for number in range(int(line.group(2)), len(lines) + 1):
                column = lines[number - 1].find(char)
                if column >= 0:
                    return f"{line.group(1)}:{number}:{column + 1}"
        return where

    def shown(char: str) -> str:
        name = unicodedata.name(char, "").lower()
        return f"U+{ord(char):04X}" + (f" {name}" if name else "")

    if bad is not None:
        return Unshowable(
            place(char),
            f"the text holds the control character {shown(char)}, which no document can show",
            "delete it from the original, then import again",
        )
    # Every other such character too (the first of each), so that one edit mends them all.
    others: list[str] = []
    rest = text.replace(char, "")
    while len(others) < MORE_UNPRINTABLE and (other := uncovered(rest)) is not None:
        others.append(f"'{other}' ({shown(other)}) at {place(other)}")
        rest = rest.replace(other, "")
    also = f"; so do {', '.join(others)}" if others else ""
    return Unshowable(
        place(char),
        f"the text holds '{char}' ({shown(char)}), which no typeface faq-export embeds can "
        f"print{also}",
        "write it another way in the original (in words, or as a character the typefaces "
        "have, such as ▶, → or »), then import again",
    )


MORE_UNPRINTABLE = 20  # the other characters named at once


# --- the comparison -----------------------------------------------------------------------


def written_text(document: Any) -> str:
    """The text of the loaded document, in reading order, as its documents show it: the
    introduction under its heading ("Introduction", which an import of our own documents
    reads as a heading, not a section)."""
    import faq_export.model as m

    parts = [document.metadata.title, document.intro_heading or "", m.blocks_text(document.intro)]
    for section in document.sections:
        parts += [section.title, m.blocks_text(section.body)]
        for question in section.questions:
            parts += [question.text, m.blocks_text(question.answer)]
    return "\n".join(parts)


def compare(pieces: list[Piece], written: str, notes: list[Note], title: str = "") -> Verdict:
    """What of ``pieces`` is not in ``written``, each with its place and reason (a note at
    the same place says why, when there is one). The first piece that is the ``title`` is
    found wherever it stands: the written file holds it first, and a page may show a menu,
    kept in the introduction, above it (a later piece that repeats it is looked for as any)."""
    target, _ = normalised(written)
    title_text: str | None = normalised(title)[0] or None
    reasons: dict[str, str] = {}
    for note in notes:
        reasons.setdefault(note.where, f"{note.what}; {note.done}")
    # Text a note quotes was left out on purpose, and said: no loss.
    quoted = {
        normalised(q)[0]
        for note in notes
        for q in re.findall(r"'([^']+)'|\(([^()]+)\)", note.what)
        for q in q
        if q
    }
    cursor = 0
    anchor = 0  # where the last piece found whole ended: what follows is looked for from there
    budget = 20 * len(target) + 10_000  # for looking beyond the window: linear in all
    total = 0
    lost: list[Loss] = []
    for piece in pieces:
        text, origin = normalised(piece.text)
        if not text:
            continue
        total += len(text)
        if text == title_text:
            title_text = None
            continue
        if piece.moved:  # anywhere: the cursor stays where the text around it is
            if target.find(text) < 0:
                reason = piece.reason if piece.specific else reasons.get(piece.where, piece.reason)
                lost.append(Loss(piece.where, piece.text, reason))
            continue
        # From the last piece found whole: a changed piece may have taken the cursor too far.
        start = max(anchor, cursor - BEHIND - 4 * WINDOW)
        found = target.find(text, start, cursor + len(text) + WINDOW)
        if found < 0 and len(text) >= DISTINCT and budget > 0:
            budget -= len(target) - cursor
            found = target.find(text, cursor)
        if found >= 0:
            cursor = anchor = found + len(text)
            continue
        runs, cursor = _changed(text, target, cursor)
        folded = unicodedata.normalize("NFKC", piece.text)
        for start, end in runs:
            if text[start:end] in quoted:
                continue
            shown = folded[origin[start] : origin[end - 1] + 1]
            reason = piece.reason if piece.specific else reasons.get(piece.where, piece.reason)
            lost.append(Loss(piece.where, shown, reason))
    return Verdict(total, lost)


def _changed(text: str, target: str, cursor: int) -> tuple[list[tuple[int, int]], int]:
    """The runs of ``text`` (start, end) not found in ``target`` from ``cursor``, compared in
    chunks, and where the next piece is looked for."""
    runs: list[tuple[int, int]] = []
    for begin in range(0, len(text), CHUNK):
        chunk = text[begin : begin + CHUNK]
        window = target[cursor : cursor + len(chunk) + SLACK]
        matcher = SequenceMatcher(None, chunk, window, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= min(4, len(chunk))]
        matched = sum(b.size for b in blocks)
        if matched * 2 < len(chunk):  # less than half of it: this chunk is not there
            runs.append((begin, begin + len(chunk)))
            continue
        at = 0
        for block in blocks:
            if block.a > at:
                runs.append((begin + at, begin + block.a))
            at = block.a + block.size
        if at < len(chunk):
            runs.append((begin + at, begin + len(chunk)))
        cursor += blocks[-1].b + blocks[-1].size
    merged: list[tuple[int, int]] = []
    for start, end in runs:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged, cursor
