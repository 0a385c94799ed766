"""Model -> EPUB 3 (ebooklib): a title page, one file per section, nav and NCX.

ebooklib pitfalls handled here (see ../shared/validators/README.md): content is passed as
a body fragment, CSS is attached with ``add_item``, ``epub3_pages`` is off (#339), the OPF
``package`` gets ``xml:lang``, and the zip is rewritten with fixed dates and order.
"""

from __future__ import annotations

import io
from pathlib import Path

from ebooklib import epub
from lxml import etree
from markupsafe import Markup

from exporter import model as m
from exporter.fonts import font_faces
from exporter.output import build_time, reproducible_zip, zip_entries
from exporter.render.html import HtmlWriter, Targets

FILES = Path(__file__).resolve().parent / "epub_files"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    def _write_opf_file(self, root: etree._Element) -> None:
        # ebooklib has no API for the package's language (Ace: epub-lang).
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)


def section_file(index: int) -> str:
    return f"section-{index + 1:02d}.xhtml"


def render_epub(document: m.Document) -> bytes:
    meta = document.metadata
    when = build_time(meta)
    files = {s.id: section_file(i) for i, s in enumerate(document.sections)}
    for index, section in enumerate(document.sections):
        for question in section.questions:
            files[question.id] = section_file(index)
    writer = HtmlWriter(
        document,
        Targets(crossref=lambda i: f"{files[i]}#{i}", image=lambda img: f"images/{img.name}"),
    )

    book = epub.EpubBook()
    book.set_identifier(meta.identifier)
    book.set_title(meta.title)
    book.set_language(meta.language)
    if meta.publisher:
        book.add_metadata("DC", "publisher", meta.publisher)
    if meta.source:
        book.add_metadata("DC", "source", meta.source)
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    book.add_metadata("DC", "date", meta.date.isoformat())
    _add_accessibility_metadata(book, meta)

    css = epub.EpubItem(
        uid="style",
        file_name="style.css",
        media_type="text/css",
        content=(FILES / "epub.css").read_bytes(),
    )
    book.add_item(css)
    for face in font_faces():
        book.add_item(
            epub.EpubItem(
                uid=f"font-{face.path.stem}",
                file_name=f"fonts/{face.path.name}",
                media_type="font/ttf",
                content=face.path.read_bytes(),
            )
        )
    images: dict[str, m.Image] = {}

    title_page = epub.EpubHtml(title=meta.title, file_name="title.xhtml", lang=meta.language)
    title_page.content = str(_title_page(document, writer))
    title_page.add_item(css)
    book.add_item(title_page)

    chapters = [title_page]
    toc: list[object] = [epub.Link("title.xhtml", meta.title, "title")]
    for index, section in enumerate(document.sections):
        chapter = epub.EpubHtml(
            title=section.title, file_name=section_file(index), lang=meta.language
        )
        chapter.content = str(_section_page(section, writer))
        chapter.add_item(css)
        book.add_item(chapter)
        chapters.append(chapter)
        link = epub.Link(f"{chapter.file_name}#{section.id}", section.title, section.id)
        if section.questions:
            toc.append(
                (
                    epub.Section(section.title, href=link.href),
                    [
                        epub.Link(f"{chapter.file_name}#{q.id}", f"{q.number}. {q.text}", q.id)
                        for q in section.questions
                    ],
                )
            )
        else:
            toc.append(link)
    for image in document.images:
        if image.name not in images:
            images[image.name] = image
            book.add_item(
                epub.EpubItem(
                    uid=f"image-{len(images)}",
                    file_name=f"images/{image.name}",
                    media_type=image.media_type,
                    content=image.data,
                )
            )

    book.toc = toc
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title="Contents")
    nav.add_item(css)
    book.add_item(nav)
    book.spine = [title_page, "nav", *chapters[1:]]

    buffer = io.BytesIO()
    options = {"epub3_pages": False, "mtime": when.replace(tzinfo=None), "raise_exceptions": True}
    out = _Writer(buffer, book, options)
    out.process()
    out.write()
    entries = zip_entries(buffer.getvalue())
    return reproducible_zip(entries, when, stored=frozenset({"mimetype"}))


def _add_accessibility_metadata(book: epub.EpubBook, meta: m.Metadata) -> None:
    def prop(name: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": name})

    prop("schema:accessMode", "textual")
    prop("schema:accessModeSufficient", "textual")
    for feature in ("tableOfContents", "readingOrder", "structuralNavigation"):
        prop("schema:accessibilityFeature", feature)
    # Text and static images cannot flash, move or make sound; animated images are not
    # accepted by the source (PNG and JPEG only).
    prop("schema:accessibilityHazard", "none")
    prop("schema:accessibilitySummary", meta.accessibility_summary)


def _title_page(document: m.Document, writer: HtmlWriter) -> Markup:
    meta = document.metadata
    rows = []
    if meta.publisher:
        rows.append(("Publisher", meta.publisher))
    rows.append(("Version", meta.version))
    rows.append(("Date", meta.date.isoformat()))
    release = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in rows)
    if meta.source:
        release += Markup('<dt>Source</dt><dd><a href="{0}">{0}</a></dd>').format(meta.source)
    subtitle = Markup('<p class="subtitle">{}</p>').format(meta.subtitle) if meta.subtitle else ""
    return Markup(
        '<section><h1 id="title">{}</h1>{}<dl class="release">{}</dl>{}</section>'
    ).format(meta.title, subtitle, release, writer.blocks(document.intro))


def _section_page(section: m.Section, writer: HtmlWriter) -> Markup:
    questions = Markup("").join(
        Markup('<section aria-labelledby="{0}"><h3 id="{0}">{1}. {2}</h3>{3}</section>').format(
            q.id, q.number, q.text, writer.blocks(q.answer)
        )
        for q in section.questions
    )
    return Markup('<section aria-labelledby="{0}"><h2 id="{0}">{1}</h2>{2}{3}</section>').format(
        section.id, section.title, writer.blocks(section.body), questions
    )
