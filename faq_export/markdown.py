"""Markdown text -> model blocks and inlines (CommonMark, via markdown-it-py tokens).

Problems are reported with their offset in the Markdown text; ``source.py`` turns offsets
into positions in the YAML file. Raw HTML is parsed (so it can be found) and rejected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.paragraph import paragraph as paragraph_rule
from markdown_it.rules_block.table import escapedSplit
from markdown_it.rules_block.table import getLine as table_line
from markdown_it.rules_block.table import table as gfm_table
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin

import faq_export.languages as languages
import faq_export.model as m

WEB_SCHEMES = ("http", "https", "mailto")

# CommonMark with GFM's pipe tables, and strikethrough parsed only to be refused with a hint
# (a PDF has no tag that says "deleted": struck text would read as current).
# maxNesting: markdown-it drops what lies deeper than this, silently; our own limits
# (Options.max_depth, max_inline_depth) are far below it and report an error instead.
# Passages in another language: ``[texto]{lang=es}`` for words, and a line ``{lang=es}``
# above a paragraph, list, quotation or table for a block (mdit-py-plugins' attrs).
LANG_LINE = re.compile(r"\{lang=([^\s{}]*)\}[ \t]*$")


def _language_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line that is only ``{lang=xx}``, before a block: that block is in language xx. (Not
    mdit-py-plugins' attrs_block, which takes any line in braces, ``{% include … %}`` too,
    and drops it.)"""
    begin = state.bMarks[start] + state.tShift[start]
    found = LANG_LINE.match(state.src, begin, state.eMarks[start])
    if found is None or state.sCount[start] - state.blkIndent >= 4:
        return False
    if not silent:
        token = state.push("language_line", "", 0)
        token.meta = {"lang": found.group(1)}
        token.map = [start, start + 1]
        state.line = start + 1
    return True


def _cells(state: StateBlock, line: int) -> list[str]:
    """The cells of a table row as markdown-it's table rule splits it."""
    cells = escapedSplit(mdTrim(table_line(state, line)))
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _counted_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """GFM's table rule, with each row's own count of cells in its ``tr_open`` token's meta:
    the rule fills a short row with empty cells and drops a long row's extra ones, silently,
    and the text of a dropped cell would be lost."""
    first = len(state.tokens)
    found = gfm_table(state, start, end, silent)
    if found and not silent:
        for token in state.tokens[first:]:
            if token.type == "tr_open" and token.map:
                token.meta = {"cells": len(_cells(state, token.map[0]))}
    return found


BACKTICKS = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text``'s code spans are, backticks included (start, end), as CommonMark
    matches them: a run of backticks up to the next run of as many. One pass: a regular
    expression with a back-reference backtracks on a line of unclosed backticks."""
    runs = [(found.start(), found.end()) for found in BACKTICKS.finditer(text)]
    closing: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        width = runs[index][1] - runs[index][0]
        closing[index] = seen.get(width)
        seen[width] = index
    spans, index = [], 0
    while index < len(runs):
        end = closing[index]
        if end is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[end][1]))
        index = end + 1
    return spans


def _without_code(text: str) -> str:
    """``text`` without its code spans."""
    kept, position = [], 0
    for start, end in code_spans(text):
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


TABLE_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")


def _table_like_paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """CommonMark's paragraph rule; a paragraph whose lines are rows of cells ('| a | b |')
    but that is no table, because its second line is not the row of dashes under the
    column names or that row has other columns, is marked (``meta["table_like"]``) so that
    it is pointed out: it would be printed as text, '|' and all."""
    first = len(state.tokens)
    found = paragraph_rule(state, start, end, silent)
    if not found or silent:
        return found
    opener = state.tokens[first]
    if not opener.map or opener.map[1] - opener.map[0] < 2:
        return found
    head, second = opener.map[0], opener.map[0] + 1
    # '|' in code (`a | b`) is taken for a cell's border by GFM, but rarely meant as one.
    lines = [table_line(state, line) for line in (head, second)]
    if not all("|" in line for line in lines):
        return found
    texts = [_without_code(mdTrim(line)) for line in lines]
    if not all("|" in text for text in texts):
        return found
    columns = len(_cells(state, head))
    if TABLE_DELIMITER.match(texts[1]):
        opener.meta = {"table_like": f"delimiter:{len(_cells(state, second))}:{columns}"}
    elif columns >= 2 and len(_cells(state, second)) == columns:
        opener.meta = {"table_like": "missing"}
    return found


_PARSER = (
    MarkdownIt("commonmark", {"maxNesting": 64, "linkify": True})
    .enable(["table", "strikethrough"])
    .use(attrs_plugin, spans=True, after=("span_close", "link_close"))
)
_PARSER.block.ruler.at("table", _counted_table, {"alt": ["paragraph", "reference"]})
_PARSER.block.ruler.at("paragraph", _table_like_paragraph)
_PARSER.block.ruler.before("paragraph", "language_line", _language_line)
# A bare web address in text is a link (https://…, http://…): the inline rule only, which
# needs the scheme, not the core rule that also links 'www.x', 'README.md' or an e-mail
# address. Of linkify-it's schemes only the web's: our links are http, https and mailto.
_PARSER.inline.ruler.enable("linkify")
assert _PARSER.linkify is not None  # linkify-it-py, a dependency
_PARSER.linkify.add("ftp:", None).add("//", None).add("mailto:", None)
# Every link target is parsed, so that javascript:, data: or file: targets are refused with
# their position instead of being printed as literal Markdown (markdown-it skips them).
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]

TABLE_CAPTION = "Table:"


HTML_HINT = (
    "write it in Markdown instead: **bold**, *emphasis*, [link text](https://…), "
    "'- ' for bullet lists, '1. ' for numbered lists"
)


# markdown-it's linkify reads an address in the text from the source as written, backslash
# escapes and all: 'https://example.com/a_b\_c' became a link to '…/a_b%5C_c' whose text
# showed the backslash. The author's escapes are read as escapes in the address and its
# text, as GitHub's autolinks are (found once the escapes are read).
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _unescaped_address(
    href: str, children: tuple[m.Inline, ...], following: str
) -> tuple[str, tuple[m.Inline, ...]]:
    """The address linkify found and its text, with the escapes in them read (``following``:
    the character after it in the source, which a last backslash escapes)."""
    written = m.plain_text(children)
    address = _ESCAPE.sub(r"\1", written + following)[: -len(following) or None]
    if address == written:
        return href, children
    if _SCHEME.match(written):
        added = ""
    else:  # linkify's own: 'mailto:' before an e-mail address, 'http://' before 'www.'
        added = "mailto:" if href.lower().startswith("mailto:") else "http://"
    return _PARSER.normalizeLink(added + address), (m.Text(address),)


@dataclass(frozen=True)
class Problem:
    offset: int
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Note:
    """Valid Markdown that is probably not what was meant (lines that look like a table but
    are not one): advice at ``offset``, which a content rule reports."""

    offset: int
    kind: str  # one of model.NOTICE_KINDS
    message: str


@dataclass(frozen=True)
class Reference:
    """A ``#id`` link, to be checked once all ids are known."""

    target: str
    offset: int


# Loads an image named by a Markdown image; returns None after reporting a problem.
ImageLoader = Callable[[str, str, int], "m.Image | None"]
# The source position of an offset in the Markdown text.
Locator = Callable[[int], "m.Place | None"]


@dataclass(frozen=True)
class Options:
    """What the Markdown of one document may do: ``base_url`` resolves site-relative
    links; ``inline_only`` is for one-line texts shown as headings (a question)."""

    base_url: str | None = None
    inline_only: bool = False
    max_depth: int = 10  # lists and quotations inside each other
    max_inline_depth: int = 20  # emphasis and links inside each other


@dataclass
class ParsedMarkdown:
    blocks: tuple[m.Block, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def parse_markdown(
    text: str,
    load_image: ImageLoader,
    options: Options = Options(),
    locate: Locator = lambda offset: None,
) -> ParsedMarkdown:
    """Parse ``text`` into model blocks, collecting every problem rather than stopping."""
    converter = _Converter(text, load_image, options, locate)
    tokens = _PARSER.parse(text)
    blocks, _ = converter.blocks(tokens, 0, None)
    return ParsedMarkdown(tuple(blocks), converter.problems, converter.references, converter.notes)


@dataclass
class ParsedInline:
    inlines: tuple[m.Inline, ...] = ()
    problems: list[Problem] = field(default_factory=list)


def parse_heading(text: str) -> ParsedInline:
    """A question: emphasis, strong emphasis and code; no links, images or breaks, because
    it is a heading and an entry of the contents."""
    converter = _Converter(text, _no_images, Options(inline_only=True), lambda offset: None)
    inlines: list[m.Inline] = []
    for token in _PARSER.parseInline(text):
        inlines.extend(converter.inlines(token.children or []))
    return ParsedInline(tuple(_strip(inlines)), converter.problems)


def _no_images(src: str, alt: str, offset: int) -> m.Image | None:
    return None


def _strip(inlines: list[m.Inline]) -> list[m.Inline]:
    """Whitespace at either end of a one-line text removed, as YAML folding would."""
    if inlines and isinstance(inlines[0], m.Text):
        inlines[0] = m.Text(inlines[0].text.lstrip())
    if inlines and isinstance(inlines[-1], m.Text):
        inlines[-1] = m.Text(inlines[-1].text.rstrip())
    return [node for node in inlines if not (isinstance(node, m.Text) and not node.text)]


class _Converter:
    def __init__(
        self, text: str, load_image: ImageLoader, options: Options, locate: Locator
    ) -> None:
        self.text = text
        self.load_image = load_image
        self.options = options
        self.locate = locate
        self.line_starts = [0]
        for line in text.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        self.notes: list[Note] = []
        # id() of each Paragraph -> it (kept alive, so that no id is reused) and its offset
        self.paragraph_at: dict[int, tuple[m.Paragraph, int]] = {}
        self.cursor = 0  # where the search for the next inline token starts
        self.depth = 0  # lists and quotations we are inside
        self.too_deep = False  # reported once

    # --- positions -----------------------------------------------------------

    def line_offset(self, line: int) -> int:
        """Offset of the first non-blank character of a 0-based Markdown line."""
        start = self.line_starts[min(line, len(self.line_starts) - 1)]
        while start < len(self.text) and self.text[start] in " \t":
            start += 1
        return start

    def find(self, snippet: str) -> int:
        """Offset of ``snippet`` at or after the cursor, in the current block."""
        found = self.text.find(snippet, self.cursor) if snippet else -1
        if found < 0:
            return self.cursor
        self.cursor = found + len(snippet)
        return found

    def problem(self, offset: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(offset, message, hint))

    # --- blocks --------------------------------------------------------------

    def blocks(
        self, tokens: list[Token], i: int, close: str | None, single: bool = False
    ) -> tuple[list[m.Block], int]:
        """The blocks up to ``close``; with ``single``, only the next one."""
        out: list[m.Block] = []
        while i < len(tokens):
            token = tokens[i]
            if (
                token.type == close
                or (single and out)
                or (single and token.type == "language_line")
            ):
                return self.captioned(out), i + 1 if token.type == close and not single else i
            if token.map:
                self.cursor = self.line_offset(token.map[0])
            if token.type == "language_line":
                lang = self.language(token.meta["lang"])
                inner, i = self.blocks(tokens, i + 1, close, single=True)
                if not inner:
                    self.problem(
                        self.cursor,
                        f"'{{lang={token.meta['lang']}}}' is followed by no paragraph, list, "
                        "quotation or table",
                        "put it on the line just above the block in that language",
                    )
                out.extend([m.Passage(lang, tuple(inner))] if lang and inner else inner)
                continue
            match token.type:
                case "paragraph_open":
                    self.table_like(token)
                    paragraph = m.Paragraph(self.inlines(tokens[i + 1].children or []))
                    at = self.line_offset(token.map[0]) if token.map else self.cursor
                    self.paragraph_at[id(paragraph)] = (paragraph, at)
                    out.append(paragraph)
                    i += 3
                    continue
                case "bullet_list_open":
                    items, i = self.list_items(tokens, i + 1, "bullet_list_close")
                    out.append(m.BulletList(items))
                    continue
                case "ordered_list_open":
                    start = int(token.attrs.get("start", 1))
                    items, i = self.list_items(tokens, i + 1, "ordered_list_close")
                    out.append(m.OrderedList(items, start))
                    continue
                case "blockquote_open":
                    self.deeper()
                    inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                    self.depth -= 1
                    out.append(m.BlockQuote(tuple(inner)))
                    continue
                case "fence" | "code_block":
                    out.append(m.CodeBlock(token.content))
                case "table_open":
                    table, i = self.table(tokens, i + 1)
                    if table is not None:
                        out.append(table)
                    continue
                case "html_block":
                    self.problem(self.cursor, "raw HTML is not allowed in Markdown text", HTML_HINT)
                case "heading_open":
                    self.problem(
                        self.cursor,
                        "headings are not allowed in Markdown text",
                        "the document's headings are its section titles and questions; "
                        "use **bold text** for a lead-in, or start a new question",
                    )
                    i += 3
                    continue
                case "hr":
                    self.problem(
                        self.cursor,
                        "horizontal rules are not allowed in Markdown text",
                        "remove the line of '---' or '***'; start a new question or section "
                        "to separate topics",
                    )
            i += 1
        return self.captioned(out), i

    def captioned(self, blocks: list[m.Block]) -> list[m.Block]:
        """``blocks`` with each 'Table: …' paragraph made the caption of its table; one
        next to no table is pointed out."""
        attached = _attach_captions(blocks)
        for block in attached:
            caption = _caption(block)
            if caption is not None and id(block) in self.paragraph_at:
                self.notes.append(
                    Note(
                        self.paragraph_at[id(block)][1],
                        "caption-alone",
                        f"the caption 'Table: {m.plain_text(caption)[:40]}' is next to no "
                        "table, so it is printed as a paragraph",
                    )
                )
        return attached

    def table_like(self, token: Token) -> None:
        """Lines that look like a table and are a paragraph (``_table_like_paragraph``)."""
        kind = str(token.meta.get("table_like", ""))
        if not kind:
            return
        offset = self.line_offset(token.map[0]) if token.map else self.cursor
        if kind == "missing":
            message = (
                "these lines look like a table, but the line under the first one is not the "
                "row of dashes that makes them one ('|---|---|'), so they are printed as "
                "text, '|' and all"
            )
        else:
            _, dashes, columns = kind.split(":")
            message = (
                f"these lines look like a table, but the row of dashes under the first line "
                f"has {dashes} columns and the first line {columns}, so they are printed as "
                "text, '|' and all"
            )
        self.notes.append(Note(offset, "table-like", message))

    def table(self, tokens: list[Token], i: int) -> tuple[m.Table | None, int]:
        """The rows of a GFM pipe table, up to its ``table_close``."""
        start = self.cursor
        columns = 0
        rows: list[tuple[tuple[m.Inline, ...], ...]] = []
        align: list[str | None] = []
        cells: list[tuple[m.Inline, ...]] = []
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.map:
                self.cursor = self.line_offset(token.map[0])
            if token.type == "tr_open" and "cells" in token.meta:
                columns = columns or token.meta["cells"]
                self.row_cells(token.meta["cells"], columns)
            if token.type in ("th_open", "td_open"):
                if not rows:
                    style = str(token.attrs.get("style", ""))
                    align.append(style.removeprefix("text-align:") or None)
                cells.append(self.inlines(tokens[i + 1].children or []))
                i += 3
                continue
            if token.type == "tr_close":
                rows.append(tuple(cells))
                cells = []
            i += 1
        header, *body = rows
        if not any(m.plain_text(cell).strip() for cell in header):
            self.problem(
                start,
                "the table has no header row (its first row is empty)",
                "write the column names in the first row, e.g. '| Plan | Price |': screen "
                "readers announce them with every cell",
            )
            return None, i + 1
        return m.Table(header, tuple(body), tuple(align)), i + 1

    def row_cells(self, cells: int, columns: int) -> None:
        """A row must have as many cells as the header: markdown-it fills a short one with
        empty cells and drops the extra ones of a long one, and the reader sees neither."""
        if cells == columns:
            return
        if cells > columns:
            message = (
                f"this row of the table has {cells} cells and its header {columns}: "
                + (
                    "the extra cell"
                    if cells - columns == 1
                    else f"its {cells - columns} extra cells"
                )
                + " would be lost"
            )
        else:
            message = (
                f"this row of the table has {cells} {'cell' if cells == 1 else 'cells'} and "
                f"its header {columns}: the row would be filled with empty cells"
            )
        self.problem(
            self.cursor,
            message,
            f"give every row {columns} cells, one between each pair of '|' (an empty cell is "
            "'|  |'); write a '|' that belongs to the text of a cell as '\\|'",
        )

    def attributes(self, token: Token, allowed: frozenset[str]) -> bool:
        """Whether ``token`` carries a ``lang`` attribute; any attribute but ``lang`` (and
        those Markdown itself gives) is a problem, and removed."""
        for name in sorted(set(token.attrs) - allowed - {"lang"}):
            value = token.attrs.pop(name)
            shown = {"class": f".{value}", "id": f"#{value}"}.get(name, f"{name}={value}")
            self.problem(
                self.cursor,
                f"'{{{shown}}}' after [text] or a link gives it an attribute faq-export cannot "
                "write: only a language can be given",
                "write [texto]{lang=es} for words in another language; otherwise remove the "
                "braces, or put a '\\' before '{' to print them",
            )
        return "lang" in token.attrs

    def language(self, tag: str) -> str | None:
        """``tag`` when it is a valid language tag; otherwise a problem, and None."""
        offset = self.text.rfind("lang=" + tag, 0, self.cursor + 200)
        wrong = languages.problem(tag)
        if wrong:
            self.problem(offset if offset >= 0 else self.cursor, *wrong)
            return None
        return tag

    def deeper(self) -> None:
        """Enter a list or a quotation; past the limit, an error (the content is kept)."""
        self.depth += 1
        if self.depth > self.options.max_depth and not self.too_deep:
            self.too_deep = True
            self.problem(
                self.cursor,
                f"lists and quotations are nested more than {self.options.max_depth} deep",
                "flatten the list: a reader cannot follow more than a few levels (raise the "
                "limit with --limit markdown_depth=N if you must)",
            )

    def list_items(
        self, tokens: list[Token], i: int, close: str
    ) -> tuple[tuple[m.ListItem, ...], int]:
        items: list[m.ListItem] = []
        self.deeper()
        while tokens[i].type != close:
            # tokens[i] is list_item_open
            blocks, i = self.blocks(tokens, i + 1, "list_item_close")
            items.append(m.ListItem(tuple(blocks)))
        self.depth -= 1
        return tuple(items), i + 1

    # --- inlines -------------------------------------------------------------

    def inlines(self, tokens: list[Token]) -> tuple[m.Inline, ...]:
        stack: list[tuple[Token, list[m.Inline]]] = []
        out: list[m.Inline] = []
        skipped = 0  # containers opened past the depth limit: their text stays, flat
        for token in tokens:
            if token.type.endswith("_open") and len(stack) >= self.options.max_inline_depth:
                if not skipped:
                    self.problem(
                        self.cursor,
                        "emphasis and links are nested more than "
                        f"{self.options.max_inline_depth} deep",
                        "remove the extra '*', '_' or '[': nesting this deep is a slip",
                    )
                skipped += 1
                continue
            if token.type.endswith("_close") and skipped:
                skipped -= 1
                continue
            match token.type:
                case "text":
                    self.find(token.content)
                    _append_text(out, token.content)
                case "softbreak":
                    _append_text(out, " ")
                case "hardbreak":
                    out.append(m.LineBreak())
                case "code_inline":
                    self.find(token.content)
                    out.append(m.Code(token.content))
                case "html_inline":
                    offset = self.find(token.content)
                    # One report per element: its closing tag adds nothing.
                    if not token.content.startswith("</"):
                        self.problem(offset, "raw HTML is not allowed in Markdown text", HTML_HINT)
                case "em_open" | "strong_open" | "link_open" | "s_open" | "span_open":
                    stack.append((token, out))
                    out = []
                case "em_close" | "strong_close" | "link_close" | "s_close" | "span_close":
                    opener, parent = stack.pop()
                    parent.extend(self.in_language(opener, self.container(opener, tuple(out))))
                    out = parent
                case "image":
                    self.attributes(token, frozenset({"src", "alt", "title"}))
                    token.attrs.pop("lang", None)
                    image = self.image(token)
                    if image is not None:
                        out.append(image)
        return tuple(out)

    def in_language(self, opener: Token, inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        """``inlines`` in a Span when their opener (``[…]{lang=xx}``) names a language."""
        allowed = frozenset({"href", "title"} if opener.type == "link_open" else ())
        if not self.attributes(opener, allowed):
            return inlines
        bracket = self.text.rfind("[", 0, self.cursor + 1)
        lang = self.language(str(opener.attrs["lang"]))
        if lang is None:
            return inlines
        return (m.Span(lang, inlines, self.locate(max(bracket, 0))),)

    def container(self, opener: Token, children: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        if opener.type == "span_open":
            return children
        if opener.type == "em_open":
            return (m.Emphasis(children),)
        if opener.type == "strong_open":
            return (m.Strong(children),)
        if opener.type == "s_open":
            struck = self.text.rfind("~~" + m.plain_text(children)[:20], 0, self.cursor + 1)
            self.problem(
                struck if struck >= 0 else self.cursor,
                f"struck-out text ('~~{m.plain_text(children)}~~') cannot be shown as removed "
                "in every format",
                "delete the text, or say in words that it no longer applies "
                "(e.g. 'Withdrawn in 2025: …')",
            )
            return children
        if self.options.inline_only:
            if opener.markup == "linkify":  # an address written in a question: its text
                return children
            self.problem(
                max(self.text.rfind("[", 0, self.cursor), 0),
                "a question cannot hold a link: it is a heading and an entry of the contents",
                "put the link in the answer, and keep the question as plain text, *emphasis*, "
                "**strong** or `code`",
            )
            return children
        return (self.link(opener, children),)

    def link(self, opener: Token, children: tuple[m.Inline, ...]) -> m.Inline:
        href = str(opener.attrs.get("href", ""))
        title = opener.attrs.get("title")
        bare = opener.markup in ("autolink", "linkify")  # <https://…>, or an address in text
        if bare:  # the address is its own text, just read: the cursor is past it
            found = self.text.rfind(m.plain_text(children), 0, self.cursor)
            offset = found if found >= 0 else self.cursor
        else:
            offset = self.find("(" + href) + 1
        if opener.markup == "linkify":
            end = offset + len(m.plain_text(children))
            href, children = _unescaped_address(href, children, self.text[end : end + 1])
        if not m.plain_text(children).strip():
            self.problem(
                offset,
                f"the link to '{href}' has no text",
                "write what the link leads to between the brackets: [Governance](https://…)",
            )
        # A link is found by its text: its place is the '[' that opens it.
        bracket = -1 if bare else self.text.rfind("[", 0, offset)
        place = self.locate(bracket if bracket >= 0 else offset)
        if href.startswith("#"):
            self.references.append(Reference(href[1:], offset))
            return m.CrossRef(href[1:], children, place)
        scheme = urlsplit(href).scheme.lower()
        if not scheme and href and self.options.base_url:
            href = urljoin(self.options.base_url, href)
        elif not scheme and href:
            self.problem(
                offset,
                f"the link '{href}' is relative to a web site, and the documents are read "
                "away from it",
                "set 'base_url:' in metadata to the address of the page this FAQ comes from "
                "(e.g. https://wiki.example.org/faq.html), or write the full address",
            )
        elif scheme not in WEB_SCHEMES:
            self.problem(
                offset,
                f"the link target '{href}' is neither a web address nor a '#id' in this FAQ",
                "write a full address such as https://example.org/page, or '#id' of a section "
                "or question",
            )
        return m.Link(href, str(title) if title else None, children, place)

    def image(self, token: Token) -> m.Image | None:
        src = str(token.attrs.get("src", ""))
        start = self.find("![")
        offset = self.find("(" + src) + 1
        alt = m.plain_text(self.inlines(token.children or [])).strip()
        if not alt:
            self.problem(
                start,
                f"the image '{src}' has no alternative text",
                "describe the image between the brackets: ![Chart of savings by year](chart.png)",
            )
            return None
        if self.options.inline_only:
            self.problem(
                start,
                "a question cannot hold an image: it is a heading",
                "put the image in the answer",
            )
            return None
        return self.load_image(src, alt, offset)


def _attach_captions(blocks: list[m.Block]) -> list[m.Block]:
    """A paragraph 'Table: …' right after a table (or right before it) is its caption, as in
    pandoc's Markdown."""
    out: list[m.Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        caption = _caption(block)
        if caption is not None and isinstance(previous, m.Table) and not previous.caption:
            out[-1] = m.Table(previous.header, previous.rows, previous.align, caption)
            continue
        if isinstance(block, m.Table) and not block.caption:
            before = _caption(previous) if previous is not None else None
            if before is not None:
                out[-1] = m.Table(block.header, block.rows, block.align, before)
                continue
        out.append(block)
    return out


def _caption(block: m.Block) -> tuple[m.Inline, ...] | None:
    if not isinstance(block, m.Paragraph) or not block.children:
        return None
    first = block.children[0]
    if not (isinstance(first, m.Text) and first.text.startswith(TABLE_CAPTION)):
        return None
    rest = first.text[len(TABLE_CAPTION) :].lstrip()
    return tuple(_strip([m.Text(rest), *block.children[1:]]))


def _append_text(out: list[m.Inline], text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], m.Text):
        out[-1] = m.Text(out[-1].text + text)
    else:
        out.append(m.Text(text))
