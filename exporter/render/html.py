"""Model -> HTML, shared by the PDF and the EPUB.

Blocks and inlines are written by a dispatch table keyed on the model class; each format
says only where cross-references and images point (``Targets``). Markup is escaped by
markupsafe, and the page around it comes from Jinja2 templates with autoescape on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from exporter import model as m


@dataclass(frozen=True)
class Targets:
    crossref: Callable[[str], str]  # section/question id -> href
    image: Callable[[m.Image], str]  # image -> src


class HtmlWriter:
    def __init__(self, document: m.Document, targets: Targets) -> None:
        self.document = document
        self.targets = targets
        self.block_rules: dict[type, Callable[[Any], Markup]] = {
            m.Paragraph: lambda b: Markup("<p>{}</p>").format(self.inlines(b.children)),
            m.BulletList: lambda b: Markup("<ul>{}</ul>").format(self.items(b.items)),
            m.OrderedList: self.ordered_list,
            m.BlockQuote: lambda b: Markup("<blockquote>{}</blockquote>").format(
                self.blocks(b.blocks)
            ),
            m.CodeBlock: lambda b: Markup("<pre><code>{}</code></pre>").format(b.text),
        }
        self.inline_rules: dict[type, Callable[[Any], Markup]] = {
            m.Text: lambda n: escape(n.text),
            m.Code: lambda n: Markup("<code>{}</code>").format(n.text),
            m.LineBreak: lambda n: Markup("<br />"),
            m.Emphasis: lambda n: Markup("<em>{}</em>").format(self.inlines(n.children)),
            m.Strong: lambda n: Markup("<strong>{}</strong>").format(self.inlines(n.children)),
            m.Link: self.link,
            m.CrossRef: lambda n: Markup('<a href="{}" class="crossref">{}</a>').format(
                self.targets.crossref(n.target), self.inlines(n.children)
            ),
            m.Image: lambda n: Markup('<img src="{}" alt="{}" width="{}" height="{}" />').format(
                self.targets.image(n), n.alt, n.width, n.height
            ),
        }

    def blocks(self, blocks: tuple[m.Block, ...]) -> Markup:
        return Markup("\n").join(self.block_rules[type(b)](b) for b in blocks)

    def inlines(self, inlines: tuple[m.Inline, ...]) -> Markup:
        return Markup("").join(self.inline_rules[type(n)](n) for n in inlines)

    def items(self, items: tuple[m.ListItem, ...]) -> Markup:
        out = []
        for item in items:
            # A list item of one paragraph is written without <p>, as a tight list.
            if len(item.blocks) == 1 and isinstance(item.blocks[0], m.Paragraph):
                body = self.inlines(item.blocks[0].children)
            else:
                body = self.blocks(item.blocks)
            out.append(Markup("<li>{}</li>").format(body))
        return Markup("").join(out)

    def ordered_list(self, block: m.OrderedList) -> Markup:
        start = Markup(' start="{}"').format(block.start) if block.start != 1 else Markup("")
        return Markup("<ol{}>{}</ol>").format(start, self.items(block.items))

    def link(self, node: m.Link) -> Markup:
        title = Markup(' title="{}"').format(node.title) if node.title else Markup("")
        return Markup('<a href="{}"{}>{}</a>').format(node.url, title, self.inlines(node.children))


def template_environment(folder: Path, writer: HtmlWriter) -> jinja2.Environment:
    """A Jinja2 environment over ``folder`` with the ``blocks`` and ``inlines`` filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["blocks"] = writer.blocks
    env.filters["inlines"] = writer.inlines
    return env
