"""Model -> a web page: one self-contained HTML file, the FAQ as an organisation publishes it.

The page is ``templates/web/page.html.j2`` (sandboxed and within its budget, as the print
template and the EPUB's pages are), with the contents and the release details of
``templates/print/frame.j2``, and every answer, section body and introduction written by
the model -> HTML step the PDF and the EPUB share (``render/html.py``). What is the web
page's own is here: addresses within the page (``#id``), images as ``data:`` addresses (the
page loads nothing from anywhere), and its search data, a schema.org ``FAQPage``.

The same document gives the same bytes: nothing is dated but by the source's own date.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

import faq_export.colours as colours
import faq_export.model as m
from faq_export._version import GENERATOR
from faq_export.errors import RenderError
from faq_export.options import STANDARD
from faq_export.render.html import (
    HtmlWriter,
    Targets,
    intro_heading_missing,
    render_template,
    template_environment,
    template_errors,
)
from faq_export.resources import TEMPLATE_DIR, WEB_TEMPLATES

PAGE_TEMPLATE = "page.html.j2"


def render_webpage(
    document: m.Document, template_dir: Path | None = None, edition: str = STANDARD
) -> bytes:
    """The web page of ``document``, UTF-8; ``template_dir``, a folder of the user's own
    ``page.html.j2``/``web.css``/``frame.j2``, wins over the shipped ones. A template that
    fails (a limit, an unknown name, something a template may not do) is a ``RenderError``
    at its file and line, as the print template's is. The large-print ``edition`` adds
    ``web-large-print.css`` to the page's style sheet."""
    writer = HtmlWriter(document, Targets(crossref=lambda target: f"#{target}", image=data_url))
    folders: tuple[Path, ...] = (WEB_TEMPLATES, TEMPLATE_DIR)
    if template_dir is not None:
        folders = (template_dir, *folders)
    env = template_environment(folders, writer, document.limits)
    brand = document.brand
    with template_errors("the web template"):
        page = render_template(
            env,
            PAGE_TEMPLATE,
            search_data=Markup(search_data(document)),
            generator=GENERATOR,
            edition=edition,
            brand_logo=data_url(brand.logo) if brand.logo is not None else "",
            # Links are also drawn on the shading (--shade): the lighter shade is held to
            # 4.5:1 against that, and so has more against the page.
            accent_dark=colours.lighter(brand.colour, colours.DARK_SHADE),
        )
    missing = intro_heading_missing(document, page)
    if missing is not None:
        raise RenderError(f"the web template ({PAGE_TEMPLATE}): {missing}")
    return page.encode("utf-8")


def data_url(image: m.Image) -> str:
    """The image as a ``data:`` address, so the page is one file and asks for nothing."""
    return f"data:{image.media_type};base64,{base64.b64encode(image.data).decode('ascii')}"


def search_data(document: m.Document) -> str:
    """The schema.org ``FAQPage`` of the document as JSON-LD, for search engines: each
    question with its answer as plain text (paragraphs and list items on lines of their
    own), safe inside ``<script>`` (``<``, ``>`` and ``&`` written as ``\\u`` escapes)."""
    meta = document.metadata
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": meta.title,
        "inLanguage": meta.language,
        "identifier": meta.identifier,
        "version": meta.version,
        "dateModified": meta.date.isoformat(),
    }
    if meta.description:
        page["description"] = meta.description
    if meta.publisher:
        page["publisher"] = {"@type": "Organization", "name": meta.publisher}
    if meta.source:
        page["isBasedOn"] = meta.source
    page["mainEntity"] = [
        {
            "@type": "Question",
            "@id": f"#{question.id}",
            "name": question.text,
            "acceptedAnswer": {"@type": "Answer", "text": m.blocks_text(question.answer)},
        }
        for question in document.questions
    ]
    text = json.dumps(page, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
