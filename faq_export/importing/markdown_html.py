"""Markdown -> HTML whose elements are on the lines they come from, so that what the import
says of an element (read from the HTML) is at its line in the Markdown.

markdown-it writes a block's HTML on a line of its own and leaves out the blank lines between
blocks, the lines of a front matter and a code fence's own lines; a table or a list takes
more lines than in the source. So every line after a table, a blank line or an HTML block
was said to be elsewhere (the Rust FAQ: line 37 for line 49). Here no block ends with a line
break of its own, and each block that begins at a line of the source (its ``map``) is
preceded by the line breaks that bring it there; the lines inside a paragraph and an HTML
block are the source's (its soft line breaks are line breaks).
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


class LineKeepingRenderer(RendererHTML):
    """markdown-it's HTML renderer, each block on its line of the source."""

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        out: list[str] = []
        line = 0  # the line the next character is written on (from 0, as token.map)
        for index, token in enumerate(tokens):
            if token.map and token.map[0] > line:
                out.append("\n" * (token.map[0] - line))
                line = token.map[0]
            if token.type == "inline":
                chunk = self.renderInline(token.children or [], options, env)
            elif token.type in self.rules:
                chunk = self.rules[token.type](tokens, index, options, env)
            else:
                chunk = self.renderToken(tokens, index, options, env)
            if token.type != "html_block":  # an HTML block's lines are the source's
                chunk = chunk.removesuffix("\n")
            line += chunk.count("\n")
            out.append(chunk)
        return "".join(out)


def line_keeping(parser: MarkdownIt) -> MarkdownIt:
    """``parser``, rendering each block on its line of the source."""
    parser.renderer = LineKeepingRenderer(parser)
    return parser
