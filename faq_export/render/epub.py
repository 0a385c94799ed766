"""Model -> EPUB 3 (ebooklib): a title page, the navigation document, one file per section.

ebooklib pitfalls handled here (see ../shared/validators/README.md): content is passed as a
body fragment, CSS is attached with ``add_item``, ``epub3_pages`` is off (#339), the OPF
``package`` gets ``xml:lang``, and the zip is rewritten with fixed dates and order. The
navigation document (toc, landmarks, page list) is written here, not by ``EpubNav``, which
cannot make landmarks or a page list.

The page list follows the printed PDF: ``page_starts`` (from the print layout) names the
element each printed page begins at, and a page-break marker is put before that element.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from ebooklib import epub
from lxml import etree
from markupsafe import Markup

from faq_export import model as m
from faq_export.fonts import font_faces
from faq_export.output import build_time, reproducible_zip, zip_entries
from faq_export.render.html import HtmlWriter, Targets
from faq_export.render.pdf import CONTENTS_ID, COVER_ID, display_date
from faq_export.resources import EPUB_FILES

FILES = EPUB_FILES
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLE_FILE = "title.xhtml"
NAV_FILE = "nav.xhtml"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    def _write_opf_file(self, root: etree._Element) -> None:
        # ebooklib has no API for the package's language (Ace: epub-lang).
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)


def section_file(index: int) -> str:
    return f"section-{index + 1:02d}.xhtml"


def print_edition(metadata: m.Metadata) -> str:
    """The identifier of the printed edition the page list follows."""
    return f"{metadata.identifier}#print-{metadata.version}"


def render_epub(
    document: m.Document, page_starts: Mapping[str, tuple[int, ...]] | None = None
) -> bytes:
    """The EPUB; with ``page_starts`` (from the print layout) it has a page list."""
    meta = document.metadata
    starts = page_starts or {}
    files = _files(document)
    pictures = image_files(document)
    writer = HtmlWriter(
        document,
        Targets(
            crossref=lambda i: f"{files[i]}#{i}",
            image=lambda img: pictures[img.name],
            page_markers=starts,
        ),
    )
    book = epub.EpubBook()
    book.set_identifier(meta.identifier)
    book.set_title(meta.title)
    book.set_language(meta.language)
    _add_metadata(book, document, paged=bool(starts))

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
    added: set[str] = set()
    for image in document.images:
        if image.name not in added:
            added.add(image.name)
            book.add_item(
                epub.EpubItem(
                    uid=f"image-{len(added)}",
                    file_name=pictures[image.name],
                    media_type=image.media_type,
                    content=image.data,
                )
            )

    def page(title: str, file_name: str, body: Markup, nav: bool = False) -> epub.EpubHtml:
        item = epub.EpubHtml(title=title, file_name=file_name, lang=meta.language)
        item.content = str(body)
        item.add_item(css)
        if nav:
            item.properties.append("nav")
        book.add_item(item)
        return item

    title_page = page(meta.title, TITLE_FILE, _title_page(document, writer))
    sections = []
    for index, section in enumerate(document.sections):
        body = _section_page(section, writer)
        if index == 0 and document.intro:
            intro = Markup('<div class="intro">{}</div>').format(
                writer.blocks(document.intro, "_intro")
            )
            body = intro + body
        sections.append(page(section.title, section_file(index), body))
    nav = page("Contents", NAV_FILE, _nav_page(document, writer, files, starts), nav=True)

    # The NCX, for EPUB 2 reading systems, is made by ebooklib from book.toc.
    book.toc = [epub.Link(TITLE_FILE, meta.title, "title")]
    for section in document.sections:
        href = f"{files[section.id]}#{section.id}"
        if section.questions:
            questions = [
                epub.Link(f"{files[q.id]}#{q.id}", f"{q.number}. {q.text}", q.id)
                for q in section.questions
            ]
            book.toc.append((epub.Section(section.title, href=href), questions))
        else:
            book.toc.append(epub.Link(href, section.title, section.id))
    book.add_item(epub.EpubNcx())
    book.spine = [title_page, nav, *sections]

    buffer = io.BytesIO()
    when = build_time(meta)
    options = {"epub3_pages": False, "mtime": when.replace(tzinfo=None), "raise_exceptions": True}
    out = _Writer(buffer, book, options)
    out.process()
    out.write()
    return reproducible_zip(zip_entries(buffer.getvalue()), when, stored=frozenset({"mimetype"}))


def image_files(document: m.Document) -> dict[str, str]:
    """Each image's file in the EPUB, by its source name: numbered, never the source's own
    name, which may hold spaces, quotes, '#' or '%' (EPUBCheck RSC-020, PKG-009)."""
    names: dict[str, str] = {}
    for image in document.images:
        if image.name not in names:
            extension = "png" if image.media_type == "image/png" else "jpg"
            names[image.name] = f"images/image-{len(names) + 1}.{extension}"
    return names


def _files(document: m.Document) -> dict[str, str]:
    """The content file of every id an element can have (sections, questions, markers)."""
    files = {COVER_ID: TITLE_FILE, CONTENTS_ID: NAV_FILE, "_intro": section_file(0)}
    for index, section in enumerate(document.sections):
        files[section.id] = section_file(index)
        for question in section.questions:
            files[question.id] = section_file(index)
    return files


def _add_metadata(book: epub.EpubBook, document: m.Document, paged: bool) -> None:
    meta = document.metadata

    def prop(name: str, value: str, extra: dict[str, str] | None = None) -> None:
        book.add_metadata(None, "meta", value, {"property": name, **(extra or {})})

    if meta.publisher:
        book.add_metadata("DC", "publisher", meta.publisher)
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    if meta.source:
        book.add_metadata("DC", "relation", meta.source)
    book.add_metadata("DC", "date", meta.date.isoformat())

    has_images = bool(document.images)
    prop("schema:accessMode", "textual")
    if has_images:
        prop("schema:accessMode", "visual")
    # Every image has alternative text (the source refuses one without), so text suffices.
    prop("schema:accessModeSufficient", "textual")
    features = ["tableOfContents", "readingOrder", "structuralNavigation"]
    if paged:
        features += ["pageBreakMarkers", "pageNavigation"]
    if has_images:
        features.append("alternativeText")
    for feature in features:
        prop("schema:accessibilityFeature", feature)
    # Text and still PNG/JPEG images cannot flash, move or make sound.
    prop("schema:accessibilityHazard", "none")
    prop("schema:accessibilitySummary", meta.accessibility_summary)
    prop("dcterms:conformsTo", CONFORMANCE, {"id": "conformance"})
    if meta.certified_by:
        prop("a11y:certifiedBy", meta.certified_by, {"refines": "#conformance"})
    if paged:
        # The page list follows the printed edition (EPUB Accessibility 1.1, "page source"):
        # dc:source names it and source-of marks it as the source of the pagination.
        book.add_metadata("DC", "source", print_edition(meta), {"id": "print-source"})
        prop("source-of", "pagination", {"refines": "#print-source"})


def _title_page(document: m.Document, writer: HtmlWriter) -> Markup:
    meta = document.metadata
    rows = [("Version", meta.version), ("Date", display_date(meta))]
    if meta.publisher:
        rows.insert(0, ("Publisher", meta.publisher))
    release = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in rows)
    if meta.source:
        # Words, not the address, for the link: a screen reader would spell the address out.
        release += Markup('<dt>Source</dt><dd><a href="{0}">The original web page</a></dd>').format(
            meta.source
        )
    subtitle = Markup('<p class="subtitle">{}</p>').format(meta.subtitle) if meta.subtitle else ""
    return Markup(
        '<section epub:type="titlepage" aria-labelledby="{0}">'
        '{1}<h1 id="{0}">{2}</h1>{3}<dl class="release">{4}</dl></section>'
    ).format(COVER_ID, writer.page_marker(COVER_ID), meta.title, subtitle, release)


def _section_page(section: m.Section, writer: HtmlWriter) -> Markup:
    questions = Markup("").join(
        Markup('<section aria-labelledby="{0}">{1}<h3 id="{0}">{2}. {3}</h3>{4}</section>').format(
            q.id,
            writer.page_marker(q.id),
            q.number,
            writer.inlines(q.heading),
            writer.blocks(q.answer, q.id),
        )
        for q in section.questions
    )
    return Markup(
        '<section epub:type="bodymatter chapter" role="doc-chapter" aria-labelledby="{0}">'
        '{1}<h2 id="{0}">{2}</h2>{3}{4}</section>'
    ).format(
        section.id,
        writer.page_marker(section.id),
        section.title,
        writer.blocks(section.body, section.id),
        questions,
    )


def _nav_page(
    document: m.Document,
    writer: HtmlWriter,
    files: dict[str, str],
    starts: Mapping[str, tuple[int, ...]],
) -> Markup:
    entries = []
    for section in document.sections:
        questions = Markup("").join(
            Markup('<li><a href="{}#{}">{}. {}</a></li>').format(
                files[q.id], q.id, q.number, q.text
            )
            for q in section.questions
        )
        nested = Markup("<ol>{}</ol>").format(questions) if section.questions else ""
        entries.append(
            Markup('<li><a href="{}#{}">{}</a>{}</li>').format(
                files[section.id], section.id, section.title, nested
            )
        )
    # A nav holds only a heading and a list: the contents page's marker stands before it.
    toc = Markup(
        '{1}<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="{0}">'
        '<h2 id="{0}">Contents</h2><ol>{2}</ol></nav>'
    ).format(CONTENTS_ID, writer.page_marker(CONTENTS_ID), Markup("").join(entries))
    first = section_file(0)
    landmarks = Markup(
        '<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-heading" hidden="">'
        '<h2 id="landmarks-heading">Landmarks</h2><ol>'
        '<li><a epub:type="titlepage" href="{}">Title page</a></li>'
        '<li><a epub:type="toc" href="{}#toc">Contents</a></li>'
        '<li><a epub:type="bodymatter" href="{}">Start of content</a></li>'
        "</ol></nav>"
    ).format(TITLE_FILE, NAV_FILE, first)
    if not starts:
        return toc + landmarks
    pages = sorted((page, element) for element, numbers in starts.items() for page in numbers)
    page_links = Markup("").join(
        Markup('<li><a href="{}#page-{}">{}</a></li>').format(
            files[element.split(".")[0]], page, page
        )
        for page, element in pages
    )
    page_list = Markup(
        '<nav epub:type="page-list" role="doc-pagelist" id="page-list" '
        'aria-labelledby="page-list-heading" hidden="">'
        '<h2 id="page-list-heading">Pages</h2><ol>{}</ol></nav>'
    ).format(page_links)
    return toc + landmarks + page_list
