"""Model -> tagged PDF: the print template (templates/print/) through WeasyPrint."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import weasyprint

from exporter import model as m
from exporter.fonts import font_faces, font_folder
from exporter.output import build_time
from exporter.render.html import HtmlWriter, Targets, template_environment
from exporter.sandbox import RefusedResource, SandboxFetcher, image_url

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "print"
TEMPLATE = "document.html.j2"


class PdfRenderError(Exception):
    """The print template could not be turned into a PDF (a message for the user)."""


def display_date(metadata: m.Metadata) -> str:
    date = metadata.date
    return f"{date:%B} {date.day}, {date.year}"


def render_html(document: m.Document, template_dir: Path = TEMPLATE_DIR) -> str:
    """The print HTML: one file, cross-references as fragment links."""
    writer = HtmlWriter(document, Targets(crossref=lambda i: f"#{i}", image=image_url))
    env = template_environment(template_dir, writer)
    when = build_time(document.metadata).strftime("%Y-%m-%dT%H:%M:%SZ")
    html = env.get_template(TEMPLATE).render(
        doc=document,
        meta=document.metadata,
        fonts=font_faces(),
        date=display_date(document.metadata),
        modified=when,
    )
    return html


def render_pdf(document: m.Document, template_dir: Path = TEMPLATE_DIR) -> bytes:
    html = render_html(document, template_dir)
    images = {image.name: image for image in document.images}
    fetcher = SandboxFetcher((template_dir, font_folder()), images)
    meta = document.metadata
    identifier = hashlib.sha256(f"{meta.identifier}\n{meta.version}".encode()).digest()[:16]
    # WeasyPrint reports unreadable resources as log warnings; the fetcher records them.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        pdf = weasyprint.HTML(
            string=html, base_url=template_dir.as_uri() + "/", url_fetcher=fetcher
        ).write_pdf(
            pdf_variant="pdf/ua-1",
            pdf_identifier=identifier,
            # Without presentational hints WeasyPrint ignores <ol start="3">.
            presentational_hints=True,
        )
    except weasyprint.urls.FatalURLFetchingError as exc:
        cause = exc.__cause__
        message = str(cause) if isinstance(cause, RefusedResource) else str(exc)
        raise PdfRenderError(message) from None
    if fetcher.refused:
        raise PdfRenderError(str(fetcher.refused[0]))
    assert isinstance(pdf, bytes)
    return pdf
