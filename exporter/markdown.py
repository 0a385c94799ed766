"""Markdown text -> model blocks and inlines (CommonMark, via markdown-it-py tokens).

Problems are reported with their offset in the Markdown text; ``source.py`` turns offsets
into positions in the YAML file. Raw HTML is parsed (so it can be found) and rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from exporter import model as m

WEB_SCHEMES = ("http", "https", "mailto")

_PARSER = MarkdownIt("commonmark")

HTML_HINT = (
    "write it in Markdown instead: **bold**, *emphasis*, [link text](https://…), "
    "'- ' for bullet lists, '1. ' for numbered lists"
)


@dataclass(frozen=True)
class Problem:
    offset: int
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Reference:
    """A ``#id`` link, to be checked once all ids are known."""

    target: str
    offset: int


# Loads an image named by a Markdown image; returns None after reporting a problem.
ImageLoader = Callable[[str, str, int], "m.Image | None"]


@dataclass
class ParsedMarkdown:
    blocks: tuple[m.Block, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


def parse_markdown(text: str, load_image: ImageLoader) -> ParsedMarkdown:
    """Parse ``text`` into model blocks, collecting every problem rather than stopping."""
    converter = _Converter(text, load_image)
    tokens = _PARSER.parse(text)
    blocks, _ = converter.blocks(tokens, 0, None)
    return ParsedMarkdown(tuple(blocks), converter.problems, converter.references)


class _Converter:
    def __init__(self, text: str, load_image: ImageLoader) -> None:
        self.text = text
        self.load_image = load_image
        self.line_starts = [0]
        for line in text.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        self.cursor = 0  # where the search for the next inline token starts

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

    def blocks(self, tokens: list[Token], i: int, close: str | None) -> tuple[list[m.Block], int]:
        out: list[m.Block] = []
        while i < len(tokens):
            token = tokens[i]
            if token.type == close:
                return out, i + 1
            if token.map:
                self.cursor = self.line_offset(token.map[0])
            match token.type:
                case "paragraph_open":
                    out.append(m.Paragraph(self.inlines(tokens[i + 1].children or [])))
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
                    inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                    out.append(m.BlockQuote(tuple(inner)))
                    continue
                case "fence" | "code_block":
                    out.append(m.CodeBlock(token.content))
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
        return out, i

    def list_items(
        self, tokens: list[Token], i: int, close: str
    ) -> tuple[tuple[m.ListItem, ...], int]:
        items: list[m.ListItem] = []
        while tokens[i].type != close:
            # tokens[i] is list_item_open
            blocks, i = self.blocks(tokens, i + 1, "list_item_close")
            items.append(m.ListItem(tuple(blocks)))
        return tuple(items), i + 1

    # --- inlines -------------------------------------------------------------

    def inlines(self, tokens: list[Token]) -> tuple[m.Inline, ...]:
        stack: list[tuple[Token, list[m.Inline]]] = []
        out: list[m.Inline] = []
        for token in tokens:
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
                case "em_open" | "strong_open" | "link_open":
                    stack.append((token, out))
                    out = []
                case "em_close" | "strong_close" | "link_close":
                    opener, parent = stack.pop()
                    parent.append(self.container(opener, tuple(out)))
                    out = parent
                case "image":
                    image = self.image(token)
                    if image is not None:
                        out.append(image)
        return tuple(out)

    def container(self, opener: Token, children: tuple[m.Inline, ...]) -> m.Inline:
        if opener.type == "em_open":
            return m.Emphasis(children)
        if opener.type == "strong_open":
            return m.Strong(children)
        href = str(opener.attrs.get("href", ""))
        title = opener.attrs.get("title")
        offset = self.find("(" + href) + 1 if opener.markup != "autolink" else self.cursor
        if not m.plain_text(children).strip():
            self.problem(
                offset,
                f"the link to '{href}' has no text",
                "write what the link leads to between the brackets: [Governance](https://…)",
            )
        if href.startswith("#"):
            self.references.append(Reference(href[1:], offset))
            return m.CrossRef(href[1:], children)
        if urlsplit(href).scheme.lower() not in WEB_SCHEMES:
            self.problem(
                offset,
                f"the link target '{href}' is neither a web address nor a '#id' in this FAQ",
                "write a full address such as https://example.org/page, or '#id' of a section "
                "or question",
            )
        return m.Link(href, str(title) if title else None, children)

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
        return self.load_image(src, alt, offset)


def _append_text(out: list[m.Inline], text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], m.Text):
        out[-1] = m.Text(out[-1].text + text)
    else:
        out.append(m.Text(text))
