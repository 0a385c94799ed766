"""Model -> HTML, shared by the PDF and the EPUB.

Blocks and inlines are written by a dispatch table keyed on the model class; each format
says only where cross-references and images point (``Targets``). Markup is escaped by
markupsafe, and the page around it comes from Jinja2 templates with autoescape on.

Every block gets an id made from where it is in the model (``faq2.3`` is the third block of
the answer to ``faq2``, ``faq2.3.1`` the first item of that list; ``_intro.1`` starts the
intro; source ids cannot contain '.' or start with '_'), so the same element has
the same id in the print HTML and in the EPUB: that is how the EPUB's page-break markers are
placed where the printed pages begin (``page_markers``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

import faq_export.languages as languages
import faq_export.model as m
from faq_export.errors import RenderError
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.render import budget


@dataclass(frozen=True)
class Targets:
    crossref: Callable[[str], str]  # section/question id -> href
    image: Callable[[m.Image], str]  # image -> src
    # element id -> printed page numbers that begin at that element (EPUB only)
    page_markers: Mapping[str, tuple[int, ...]] = field(default_factory=dict)


# Ids the templates give the cover's title and the contents heading.
COVER_ID = "title"
CONTENTS_ID = "contents-heading"


class HtmlWriter:
    """Blocks and inlines as HTML; ``xhtml`` also writes ``xml:lang`` (the EPUB's XHTML)."""

    def __init__(self, document: m.Document, targets: Targets, xhtml: bool = False) -> None:
        self.document = document
        self.targets = targets
        self.xhtml = xhtml
        self.direction = languages.direction(document.metadata.language)
        self.block_rules: dict[type, Callable[[Any, str], Markup]] = {
            m.Paragraph: lambda b, i: self.element("p", i, self.inlines(b.children)),
            m.BulletList: lambda b, i: self.element("ul", i, self.items(b.items, i)),
            m.OrderedList: self.ordered_list,
            m.BlockQuote: lambda b, i: self.element("blockquote", i, self.blocks(b.blocks, i)),
            m.CodeBlock: lambda b, i: self.element(
                "pre", i, Markup("<code>{}</code>").format(b.text), self.code_direction()
            ),
            m.Table: self.table,
            m.Passage: self.passage,
        }
        self.inline_rules: dict[type, Callable[[Any], Markup]] = {
            m.Text: lambda n: escape(n.text),
            m.Code: lambda n: Markup("<code{}>{}</code>").format(
                Markup(self.code_direction()), n.text
            ),
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
            m.Span: self.span,
        }
        # The direction of the text being written: the document's, or a passage's.
        self.context = self.direction

    def language(self, tag: str) -> str:
        """The attributes of an element in language ``tag``: ``lang`` (and ``xml:lang`` in
        XHTML), and ``dir`` when its direction differs from the document's."""
        attributes = Markup(' lang="{}"').format(tag)
        if self.xhtml:
            attributes += Markup(' xml:lang="{}"').format(tag)
        direction = languages.direction(tag)
        if direction != self.direction:
            attributes += Markup(' dir="{}"').format(direction)
        return str(attributes)

    def code_direction(self) -> str:
        """``dir="ltr"`` for code in right-to-left text: code is written left to right in
        any language (``./run -U`` would show as ``run -U/.``), and inline code keeps its
        place in the sentence around it (``dir`` isolates it: HTML's own style sheet gives it
        ``unicode-bidi: isolate``, which EPUB style sheets may not say; WeasyPrint orders an
        inline box by its parent's direction and lays out its text by its own)."""
        return ' dir="ltr"' if self.context == "rtl" else ""

    def passage(self, block: m.Passage, element_id: str) -> Markup:
        outer, self.context = self.context, languages.direction(block.lang)
        try:
            return self.element(
                "div", element_id, self.blocks(block.blocks, element_id), self.language(block.lang)
            )
        finally:
            self.context = outer

    def span(self, node: m.Span) -> Markup:
        outer, self.context = self.context, languages.direction(node.lang)
        try:
            return Markup("<span{}>{}</span>").format(
                Markup(self.language(node.lang)), self.inlines(node.children)
            )
        finally:
            self.context = outer

    def question_heading(self, question: m.Question) -> Markup:
        """A question's heading with its markup, in the words of the document's language."""
        template = escape(self.document.words.texts_of("question"))
        return Markup(template).format(
            number=question.number, question=self.inlines(question.heading)
        )

    def blocks(self, blocks: tuple[m.Block, ...], prefix: str) -> Markup:
        """``blocks`` with ids ``prefix.1``, ``prefix.2``, …"""
        return Markup("\n").join(
            self.block_rules[type(b)](b, f"{prefix}.{n}") for n, b in enumerate(blocks, 1)
        )

    def inlines(self, inlines: tuple[m.Inline, ...]) -> Markup:
        return Markup("").join(self.inline_rules[type(n)](n) for n in inlines)

    def page_marker(self, element_id: str) -> Markup:
        """Page-break markers for the printed pages that begin at ``element_id``."""
        return Markup("").join(
            Markup(
                '<span epub:type="pagebreak" role="doc-pagebreak" id="page-{0}" '
                'aria-label="{1}"></span>'
            ).format(page, self.document.words("page", page=page))
            for page in self.targets.page_markers.get(element_id, ())
        )

    def element(self, tag: str, element_id: str, content: Markup, attributes: str = "") -> Markup:
        # A marker stands before its element, except in a list item, which may hold it.
        marker = self.page_marker(element_id)
        if tag == "li":
            return Markup('<li id="{}">{}{}</li>').format(element_id, marker, content)
        return Markup('{}<{} id="{}"{}>{}</{}>').format(
            marker, tag, element_id, Markup(attributes), content, tag
        )

    def items(self, items: tuple[m.ListItem, ...], prefix: str) -> Markup:
        out = []
        for n, item in enumerate(items, 1):
            item_id = f"{prefix}.{n}"
            # A list item of one paragraph is written without <p>, as a tight list.
            if len(item.blocks) == 1 and isinstance(item.blocks[0], m.Paragraph):
                body = self.inlines(item.blocks[0].children)
            else:
                body = self.blocks(item.blocks, item_id)
            out.append(self.element("li", item_id, body))
        return Markup("").join(out)

    def ordered_list(self, block: m.OrderedList, element_id: str) -> Markup:
        start = f' start="{block.start}"' if block.start != 1 else ""
        return self.element("ol", element_id, self.items(block.items, element_id), start)

    def table(self, block: m.Table, element_id: str) -> Markup:
        """A table with its header row in <thead> (th scope="col"), so every cell is read
        with its column's name; the caption, when the source gives one, names the table."""

        def cells(tag: str, row: tuple[tuple[m.Inline, ...], ...]) -> Markup:
            scope = Markup(' scope="col"') if tag == "th" else Markup("")
            return Markup("").join(
                Markup("<{0}{1}{2}>{3}</{0}>").format(
                    tag,
                    scope,
                    Markup(' style="text-align: {}"').format(align) if align else "",
                    self.inlines(cell),
                )
                for cell, align in zip(row, block.align, strict=False)
            )

        caption = (
            Markup("<caption>{}</caption>").format(self.inlines(block.caption))
            if block.caption
            else Markup("")
        )
        head = Markup("<thead><tr>{}</tr></thead>").format(cells("th", block.header))
        body = Markup("").join(Markup("<tr>{}</tr>").format(cells("td", row)) for row in block.rows)
        tbody = Markup("<tbody>{}</tbody>").format(body) if block.rows else Markup("")
        return self.element("table", element_id, caption + head + tbody)

    def link(self, node: m.Link) -> Markup:
        title = Markup(' title="{}"').format(node.title) if node.title else Markup("")
        return Markup('<a href="{}"{}>{}</a>').format(node.url, title, self.inlines(node.children))


class OutsideFolder(jinja2.TemplateNotFound):
    """A template name that leads outside its folder: refused, never looked up elsewhere."""


class FolderLoader(jinja2.FileSystemLoader):
    """Templates from one folder only: an include that leads outside it, through ``..`` or a
    symbolic link, is refused (templates are edited and shared by people, not programmers)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.folder):
            raise OutsideFolder(f"{template} (it leads outside the template folder {self.folder})")
        return source, filename, uptodate


class FolderChain(jinja2.BaseLoader):
    """Templates from the first of several folders that has them (the user's print folder,
    then the shipped one); a name refused by one folder is refused, not looked up further."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.loaders = [FolderLoader(folder) for folder in dict.fromkeys(folders)]
        self.files: set[str] = set()  # the files read, to name a template's line in errors

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        for loader in self.loaders:
            try:
                found = loader.get_source(environment, template)
                self.files.add(found[1])
                return found
            except OutsideFolder:
                raise
            except jinja2.TemplateNotFound:
                continue
        raise jinja2.TemplateNotFound(template)


def template_environment(
    folders: tuple[Path, ...], writer: HtmlWriter, limits: Limits = DEFAULT_LIMITS
) -> jinja2.Environment:
    """A sandboxed Jinja2 environment over ``folders`` (the first that has a template wins:
    the user's print folder, then the shipped one, which holds the shared ``frame.j2``), with
    the ``blocks``, ``inlines`` and ``question_heading`` filters and the globals ``doc``,
    ``meta``, ``words``, ``href`` (a section's or question's address), ``marker`` (the EPUB's
    page-break markers), ``lang`` and ``dir``. A template can lay out the document, not reach
    Python (no attribute walks to ``__globals__``, no calls of unsafe callables), nor run
    beyond ``limits`` (``render_template``, budget.py)."""
    document = writer.document
    env = budget.environment(
        limits,
        loader=FolderChain(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["blocks"] = writer.blocks
    env.filters["inlines"] = writer.inlines
    env.filters["question_heading"] = writer.question_heading
    env.globals.update(
        doc=document,
        meta=document.metadata,
        brand=document.brand,
        words=document.words,
        href=writer.targets.crossref,
        marker=writer.page_marker,
        lang=document.metadata.language,
        dir=writer.direction,
    )
    return env


@contextlib.contextmanager
def template_errors(template: str) -> Iterator[None]:
    """Jinja's errors in ``template`` ("the print template", "the web template") as a
    ``RenderError`` that says what is wrong in the template's words, at its file and line
    where Jinja knows them."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"{exc.filename or exc.name}:{exc.lineno}: error: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{template} uses an unknown name: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"{template} includes '{exc.message}', which is not there") from None
    except jinja2.exceptions.SecurityError as exc:
        raise RenderError(f"{template} tried something a template may not do: {exc}") from None


def intro_heading_missing(document: m.Document, markup: str) -> str | None:
    """What to tell the author of a template that writes the source's introduction without
    its heading (one copied from a release before the introduction had one): the contents
    would link to a heading that is not there. None when the heading is there, or there is
    no introduction."""
    if not document.intro or f'id="{m.INTRO_ID}"' in markup:
        return None
    return (
        "the template writes the introduction without its heading: write "
        "{{ frame.intro() }} where it writes doc.intro (faq-export's own template shows "
        "it), so that the contents' link to it has a heading to lead to"
    )


def render_template(env: jinja2.Environment, name: str, **values: Any) -> str:
    """Template ``name`` of ``template_environment``'s ``env``, within its limits: a limit
    reached or an error of the template's own code is a ``RenderError`` at its file and line."""
    loader = env.loader
    files = loader.files if isinstance(loader, FolderChain) else set()
    return budget.render(env, name, files, **values)
