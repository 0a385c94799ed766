"""Model -> tagged PDF: the print template (templates/print/) through WeasyPrint.

``lay_out`` paginates once; the layout gives the PDF bytes and the page each printed page
begins with (``page_starts``), which the EPUB uses for its page list.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

import faq_export.colours as colours
import faq_export.fonts as fonts
import faq_export.model as m
from faq_export._version import GENERATOR
from faq_export.options import LARGE_PRINT, STANDARD
from faq_export.output import build_time
from faq_export.render import engine
from faq_export.render.engine.imports import weasyprint
from faq_export.render.html import (
    CONTENTS_ID,
    COVER_ID,
    HtmlWriter,
    Targets,
    intro_heading_missing,
    render_template,
    template_environment,
)
from faq_export.render.pdf_tags import finish_tags
from faq_export.resources import TEMPLATE_DIR
from faq_export.sandbox import RefusedResource, SandboxFetcher, image_url

boxes = weasyprint.formatting_structure.boxes

TEMPLATE = "document.html.j2"
# The style sheet of each edition but the standard one, which document.html.j2 loads after
# print.css (``edition_css``): the print template folder's own, else the one faq-export
# ships (`init --template` copies none). The build checks the large-print edition's sizes
# (FE-PDF-LARGE-PRINT), so a template that does not load it fails rather than print small.
EDITION_STYLESHEETS = {LARGE_PRINT: "large-print.css"}


class PdfRenderError(Exception):
    """The print template could not be turned into a PDF (a message for the user)."""


def heading_ids(document: m.Document) -> list[str]:
    """The id of each heading the print template writes, in reading order."""
    return [COVER_ID, CONTENTS_ID, *(entry.id for entry in document.toc_entries())]


def css_content(words: m.Words, key: str, counters: dict[str, str]) -> Markup:
    """The words of ``key`` as the value of a CSS ``content`` property: the text quoted,
    each placeholder its counter (``"Page " counter(page) " of " counter(pages)``)."""
    parts = [
        f"counter({counters[piece]})" if kind else '"' + CSS_ESCAPE.sub(_css_escape, piece) + '"'
        for piece, kind in words.pieces(key)
    ]
    return Markup(" ".join(parts) or '""')


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, safe in a <style> element."""
    return Markup('"' + CSS_ESCAPE.sub(_css_escape, text) + '"')


# In a CSS string in a <style> element: the quote and backslash, a line break (which ends
# the string: the declaration, the page footer, was dropped whole) or any control character,
# and '<' (a "</style>" in the words would end the style sheet).
CSS_ESCAPE = re.compile(r'["\\<\x00-\x1f\x7f-\x9f\u2028\u2029]')


def _css_escape(found: re.Match[str]) -> str:
    char = found.group()
    return "\\" + char if char in '"\\' else f"\\{ord(char):x} "


def edition_stylesheet(edition: str, template_dir: Path = TEMPLATE_DIR) -> Path | None:
    """The style sheet of ``edition`` (None for the standard edition): the template folder's
    own when it has one, else the one faq-export ships."""
    name = EDITION_STYLESHEETS.get(edition)
    if name is None:
        return None
    own = template_dir / name
    return own if own.is_file() else TEMPLATE_DIR / name


def render_html(
    document: m.Document,
    template_dir: Path = TEMPLATE_DIR,
    paper: str | None = None,
    edition: str = STANDARD,
) -> str:
    """The print HTML: one file, cross-references as fragment links."""
    if not (template_dir / TEMPLATE).is_file():
        raise PdfRenderError(
            f"the template folder {template_dir} has no {TEMPLATE}: name the folder that "
            "holds it (--templates), e.g. templates/print"
        )
    writer = HtmlWriter(document, Targets(crossref=lambda i: f"#{i}", image=image_url))
    env = template_environment((template_dir, TEMPLATE_DIR), writer, document.limits)
    when = build_time(document.metadata).strftime("%Y-%m-%dT%H:%M:%SZ")
    choice = fonts.for_document(document)
    sheet = edition_stylesheet(edition, template_dir)
    html = render_template(
        env,
        TEMPLATE,
        edition=edition,
        edition_css=sheet.resolve().as_uri() if sheet is not None else "",
        fonts=choice.faces,
        font_families=Markup(choice.css_families()),
        code_families=Markup(choice.css_families(code=True)),
        page_of=css_content(document.words, "page_of", {"page": "page", "pages": "pages"}),
        modified=when,
        paper=paper or document.metadata.paper,
        brand_logo=image_url(document.brand.logo) if document.brand.logo else "",
        # The Word briefing's and the EPUB's table header shading: a pale tint of the brand.
        table_head=colours.tint(document.brand.colour, 0.88),
        footer_text=css_string(document.brand.footer or ""),
    )
    missing = intro_heading_missing(document, html)
    if missing is not None:
        raise PdfRenderError(f"{template_dir / TEMPLATE}: {missing}")
    return html


def tag_pdf(untagged: bytes, document: m.Document, standard: str) -> bytes:
    """The PDF of ``PrintLayout.untagged_pdf`` with its tags finished and compressed."""
    return finish_tags(untagged, document, standard, heading_ids(document))


@dataclass(frozen=True)
class Overflow:
    page: int
    text: str  # the start of the text that runs out
    mm: float  # how far beyond the text column


@dataclass(frozen=True)
class SmallestText:
    """The smallest type on the printed pages (the running head and foot included)."""

    page: int
    text: str  # the start of a text set in it
    pt: float  # its size, in points


# WeasyPrint's variant for each choice of standards. PDF/UA-1 + PDF/A-2a is written as
# PDF/A-2a (tags, sRGB output intent, printable annotations, pdfaid) and declared PDF/UA-1 by
# the tags pass (pdfuaid, with the extension schema PDF/A asks for): WeasyPrint 70 writes one
# variant at a time.
VARIANTS = {"ua-1": "pdf/ua-1", "ua-1,a-2a": "pdf/a-2a", "ua-2": "pdf/ua-2"}


@dataclass(frozen=True)
class PrintLayout:
    """The paginated print document."""

    document: m.Document
    pages: Any  # weasyprint.document.Document
    standard: str  # one of standards.CHOICES

    def pdf(self) -> bytes:
        """The tagged PDF."""
        return tag_pdf(self.untagged_pdf(), self.document, self.standard)

    def untagged_pdf(self) -> bytes:
        """WeasyPrint's PDF, uncompressed, before the tags pass (``tag_pdf``): what needs the
        layout; a build can let the layout go before the tags pass, which needs it not."""
        meta = self.document.metadata
        identifier = hashlib.sha256(f"{meta.identifier}\n{meta.version}".encode()).digest()[:16]

        # Our patches of WeasyPrint and pydyf in place while it draws (render/engine).
        with collector_paused(), engine.patched():
            pdf = self.pages.write_pdf(
                pdf_variant=VARIANTS[self.standard],
                pdf_identifier=identifier,
                # Without presentational hints WeasyPrint ignores <ol start="3">.
                presentational_hints=True,
                # Compressed once, by qpdf, in the tags pass (pdf_tags.finish_tags).
                uncompressed_pdf=True,
            )
        assert isinstance(pdf, bytes)
        return pdf

    def overflows(self, tolerance_px: float = 1.0) -> list[Overflow]:
        """Text drawn outside the page's content box (the text column), page by page: a
        word, address or code too long for its line or its table column."""
        found: list[Overflow] = []
        for number, page in enumerate(self.pages.pages, 1):
            page_box = page._page_box
            left = page_box.content_box_x()
            right = left + page_box.width
            worst: dict[str, float] = {}
            for child in page_box.children:
                if isinstance(child, boxes.MarginBox):
                    continue  # running header and footer live in the margins by design
                for box in child.descendants():
                    if not isinstance(box, boxes.TextBox):
                        continue
                    beyond = max(box.position_x + box.width - right, left - box.position_x, 0.0)
                    if beyond > tolerance_px:
                        text = " ".join(box.text.split())[:50]
                        worst[text] = max(worst.get(text, 0.0), beyond)
            found.extend(
                Overflow(number, text, round(px * 25.4 / 96, 1)) for text, px in worst.items()
            )
        return found

    def smallest_text(self) -> SmallestText | None:
        """The smallest type any text is set in, on any page, the running head and foot
        and the cover included (the large-print edition's sizes are checked by it); None
        for pages without text."""
        smallest: SmallestText | None = None
        for number, page in enumerate(self.pages.pages, 1):
            for box in page._page_box.descendants():
                if not isinstance(box, boxes.TextBox) or not box.text.strip():
                    continue
                points = box.style["font_size"] * 0.75  # CSS pixels: 96 to the inch
                if smallest is None or points < smallest.pt:
                    text = " ".join(box.text.split())[:50]
                    smallest = SmallestText(number, text, round(points, 2))
        return smallest

    def anchor_pages(self) -> dict[str, int]:
        """The printed page (1-based) of every element with an id: headings, blocks."""
        pages: dict[str, int] = {}
        for number, page in enumerate(self.pages.pages, 1):
            for name in page.anchors:
                pages.setdefault(name, number)
        return pages

    def page_starts(self) -> Mapping[str, tuple[int, ...]]:
        """For each element where printed pages begin: those page numbers (1-based).

        A page begins at the top-most element that starts on it: the cover's title, the
        contents heading, a heading, a block or a list item. A page on which nothing starts
        (the rest of a long paragraph) begins where the page before it does.
        """
        seen: set[str] = set()
        starts: dict[str, list[int]] = {}
        last = COVER_ID
        for number, page in enumerate(self.pages.pages, 1):
            new = [(at[1], at[0], name) for name, at in page.anchors.items() if name not in seen]
            seen.update(page.anchors)
            if new:
                last = min(new)[2]
            starts.setdefault(last, []).append(number)
        return {name: tuple(pages) for name, pages in starts.items()}


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while WeasyPrint lays out and draws. Both make
    millions of objects that live on, and the collector's full passes over them (7 at 300
    questions, 15 at 1,000) were 15 % of the layout and a quarter of the drawing: at 1,000
    questions, layout 16.5 -> 13.3 s and drawing 4.8 -> 3.7 s, for 51 MB more at the peak
    (the layout's garbage, freed by the next collection: ``pipeline.render`` runs one)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def lay_out(
    document: m.Document,
    template_dir: Path = TEMPLATE_DIR,
    paper: str | None = None,
    standard: str | None = None,
    edition: str = STANDARD,
) -> PrintLayout:
    """Paginate the print edition; ``paper`` and ``standard`` override the source's paper
    size and PDF standards; ``edition`` is the standard edition or large print."""
    standard = standard or document.metadata.pdf_standard
    template_dir = template_dir.resolve()
    html = render_html(document, template_dir, paper, edition)
    images = {image.name: image for image in document.images}
    if document.brand.logo is not None:
        images.setdefault(document.brand.logo.name, document.brand.logo)
    fetcher = SandboxFetcher((template_dir, TEMPLATE_DIR, *fonts.font_folders()), images)
    # WeasyPrint reports unreadable resources as log warnings; the fetcher records them.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        with collector_paused(), engine.patched():
            pages = weasyprint.HTML(
                string=html, base_url=template_dir.as_uri() + "/", url_fetcher=fetcher
            ).render(pdf_variant=VARIANTS[standard], presentational_hints=True)
    except weasyprint.urls.FatalURLFetchingError as exc:
        cause = exc.__cause__
        message = str(cause) if isinstance(cause, RefusedResource) else str(exc)
        raise PdfRenderError(message) from None
    if fetcher.refused:
        raise PdfRenderError(str(fetcher.refused[0]))
    # The PDF names faq-export as its maker (/Creator and xmp:CreatorTool, which PDF/A wants
    # equal; WeasyPrint writes both from this), whatever the template's <meta name=generator>.
    pages.metadata.generator = GENERATOR
    return PrintLayout(document, pages, standard)


def render_pdf(
    document: m.Document,
    template_dir: Path = TEMPLATE_DIR,
    paper: str | None = None,
    standard: str | None = None,
    edition: str = STANDARD,
) -> bytes:
    return lay_out(document, template_dir, paper, standard, edition).pdf()
