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
from typing import Any

from ebooklib import epub
from lxml import etree

import faq_export.colours as colours
import faq_export.fonts as fonts
import faq_export.model as m
from faq_export._version import GENERATOR
from faq_export.options import LARGE_PRINT, STANDARD
from faq_export.output import build_time, reproducible_zip, zip_entries
from faq_export.render.cover import cover_alt, render_cover
from faq_export.render.html import (
    CONTENTS_ID,
    COVER_ID,
    HtmlWriter,
    Targets,
    render_template,
    template_environment,
)
from faq_export.resources import EPUB_FILES, EPUB_TEMPLATES, TEMPLATE_DIR

FILES = EPUB_FILES
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLE_FILE = "title.xhtml"
COVER_FILE = "cover.xhtml"
COVER_IMAGE = "images/cover.png"
NAV_FILE = "nav.xhtml"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    def _write_opf_file(self, root: etree._Element) -> None:
        # ebooklib has no API for the package's language (Ace: epub-lang).
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)


def section_file(index: int) -> str:
    return f"section-{index + 1:02d}.xhtml"


def print_edition(metadata: m.Metadata, edition: str = STANDARD) -> str:
    """The identifier of the printed edition the page list follows (the large-print PDF's
    pages are other pages)."""
    kind = "print" if edition == STANDARD else edition
    return f"{metadata.identifier}#{kind}-{metadata.version}"


# The style sheet each edition adds to epub.css: large print's sets the text larger in
# relative units only, so the reader's own size and typeface settings still rule.
EDITION_STYLESHEETS = {LARGE_PRINT: "large-print.css"}


def render_epub(
    document: m.Document,
    page_starts: Mapping[str, tuple[int, ...]] | None = None,
    edition: str = STANDARD,
) -> bytes:
    """The EPUB; with ``page_starts`` (from the print layout of the same ``edition``) it has
    a page list."""
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
        xhtml=True,
    )
    book = epub.EpubBook()
    book.set_identifier(meta.identifier)
    book.set_title(meta.title)
    book.set_language(meta.language)
    _add_metadata(book, document, paged=bool(starts), edition=edition)

    css = epub.EpubItem(
        uid="style",
        file_name="style.css",
        media_type="text/css",
        content=(FILES / "epub.css").read_bytes(),
    )
    book.add_item(css)
    brand_css = epub.EpubItem(
        uid="brand",
        file_name="brand.css",
        media_type="text/css",
        content=brand_stylesheet(document.brand).encode(),
    )
    book.add_item(brand_css)
    stylesheets = [css, brand_css]
    if edition in EDITION_STYLESHEETS:
        name = EDITION_STYLESHEETS[edition]
        stylesheets.append(
            epub.EpubItem(
                uid="edition",
                file_name=name,
                media_type="text/css",
                content=(FILES / name).read_bytes(),
            )
        )
        book.add_item(stylesheets[-1])
    # The cover image (a tile in the reader's library), marked as such for EPUB 3
    # (properties="cover-image") and EPUB 2 reading systems (<meta name="cover">).
    cover = epub.EpubCover(uid="cover-image", file_name=COVER_IMAGE)
    cover.media_type = "image/png"
    cover.content = render_cover(document)
    book.add_item(cover)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    choice = fonts.for_document(document)
    font_css = epub.EpubItem(
        uid="fonts",
        file_name="fonts.css",
        media_type="text/css",
        content=_font_css(choice).encode(),
    )
    book.add_item(font_css)
    characters = fonts.characters(document)
    for face in choice.faces:
        book.add_item(
            epub.EpubItem(
                uid=f"font-{_font_name(face)}",
                file_name=f"fonts/{_font_name(face)}",
                media_type="font/otf" if face.format == "opentype" else "font/ttf",
                content=subset_font(face, characters),
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

    env = template_environment((EPUB_TEMPLATES, TEMPLATE_DIR), writer, document.limits)

    def page(title: str, file_name: str, template: str, nav: bool = False, **values: Any) -> Any:
        direction = writer.direction if writer.direction == "rtl" else None
        item = epub.EpubHtml(
            title=title, file_name=file_name, lang=meta.language, direction=direction
        )
        item.content = render_template(env, template, **values)
        for sheet in stylesheets:
            item.add_item(sheet)
        item.add_item(font_css)
        if nav:
            item.properties.append("nav")
        book.add_item(item)
        return item

    cover_page = page(
        meta.title,
        COVER_FILE,
        "cover.xhtml.j2",
        cover_file=COVER_IMAGE,
        cover_alt=cover_alt(document),
    )
    title_page = page(meta.title, TITLE_FILE, "title.xhtml.j2")
    # A file's title names its first heading: the first file opens with the introduction's.
    intro_title = document.intro_heading if document.intro else None
    sections = [
        page(
            (intro_title or section.title) if index == 0 else section.title,
            section_file(index),
            "section.xhtml.j2",
            section=section,
            intro=index == 0 and bool(document.intro),
        )
        for index, section in enumerate(document.sections)
    ]
    pages = sorted((number, element) for element, numbers in starts.items() for number in numbers)
    nav = page(
        document.words("contents"),
        NAV_FILE,
        "nav.xhtml.j2",
        nav=True,
        title_file=TITLE_FILE,
        nav_file=NAV_FILE,
        first_file=section_file(0),
        pages=[(number, files[element.split(".")[0]]) for number, element in pages],
    )
    if writer.direction == "rtl":
        book.set_direction("rtl")  # the spine's page-progression-direction

    # The NCX, for EPUB 2 reading systems, is made by ebooklib from book.toc.
    book.toc = [epub.Link(TITLE_FILE, meta.title, "title")]
    if document.intro_heading is not None:
        book.toc.append(
            epub.Link(f"{files[m.INTRO_ID]}#{m.INTRO_ID}", document.intro_heading, m.INTRO_ID)
        )
    for section in document.sections:
        href = f"{files[section.id]}#{section.id}"
        if section.questions:
            questions = [
                epub.Link(f"{files[q.id]}#{q.id}", document.question_heading(q), q.id)
                for q in section.questions
            ]
            book.toc.append((epub.Section(section.title, href=href), questions))
        else:
            book.toc.append(epub.Link(href, section.title, section.id))
    book.add_item(epub.EpubNcx())
    book.spine = [cover_page, title_page, nav, *sections]

    buffer = io.BytesIO()
    when = build_time(meta)
    options = {"epub3_pages": False, "mtime": when.replace(tzinfo=None), "raise_exceptions": True}
    out = _Writer(buffer, book, options)
    out.process()
    out.write()
    return reproducible_zip(zip_entries(buffer.getvalue()), when, stored=frozenset({"mimetype"}))


def brand_stylesheet(brand: m.Brand) -> str:
    """brand.css: headings and links in the brand's accent (a lighter shade of it where the
    reading system shows dark pages), the table header shaded with a pale tint of it. Body
    text keeps the reader's colour."""
    accent = brand.colour
    red, green, blue = (int(accent[i : i + 2], 16) for i in (1, 3, 5))
    return (
        f"h1, h2, h3, a {{ color: {accent}; }}\n"
        f"thead th {{ background-color: rgba({red}, {green}, {blue}, 0.12); }}\n"
        "@media (prefers-color-scheme: dark) {\n"
        f"  h1, h2, h3, a {{ color: {colours.lighter(accent)}; }}\n"
        "}\n"
    )


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
    files = {COVER_ID: TITLE_FILE, CONTENTS_ID: NAV_FILE, m.INTRO_ID: section_file(0)}
    for index, section in enumerate(document.sections):
        files[section.id] = section_file(index)
        for question in section.questions:
            files[question.id] = section_file(index)
    return files


def _add_metadata(
    book: epub.EpubBook, document: m.Document, paged: bool, edition: str = STANDARD
) -> None:
    meta = document.metadata

    def prop(name: str, value: str, extra: dict[str, str] | None = None) -> None:
        book.add_metadata(None, "meta", value, {"property": name, **(extra or {})})

    # faq-export, not ebooklib, is the EPUB's maker (checks/provenance.py reads it back).
    book.metadata[epub.NAMESPACES["OPF"]]["generator"] = [
        ("", {"name": "generator", "content": GENERATOR})
    ]

    if meta.publisher:
        book.add_metadata("DC", "publisher", meta.publisher)
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    if meta.source:
        book.add_metadata("DC", "relation", meta.source)
    book.add_metadata("DC", "date", meta.date.isoformat())

    # The cover image is left out: its alternative text is words the title page holds, so
    # it brings nothing only sight could get (and a summary saying "no images" stays true).
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
        book.add_metadata("DC", "source", print_edition(meta, edition), {"id": "print-source"})
        prop("source-of", "pagination", {"refines": "#print-source"})


def _font_name(face: fonts.FontFace) -> str:
    stem = face.path.stem if face.path.suffix != ".ttc" else f"{face.path.stem}-{face.index}"
    return stem + (".otf" if face.format == "opentype" else ".ttf")


def _font_css(choice: fonts.FontChoice) -> str:
    """The @font-face rules of the document's typefaces, and the order they are tried in."""
    rules = [
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-style: {face.style}; src: url("fonts/{_font_name(face)}"); }}'
        for face in choice.faces
    ]
    rules.append(f"body {{ font-family: {choice.css_families()}, sans-serif; }}")
    rules.append(f"code, pre {{ font-family: {choice.css_families(code=True)}, monospace; }}")
    return "\n".join(rules) + "\n"


def subset_font(face: fonts.FontFace, characters: str) -> bytes:
    """``face`` cut down to the glyphs of ``characters`` (and what shaping them needs: the
    Arabic joining forms and ligatures stay), so a Chinese EPUB carries a few hundred
    kilobytes of its typeface, not 16 MB; the same characters give the same bytes, kept in
    the cache folder (cutting the Chinese face takes two seconds)."""
    return fonts.cached(
        "subset", (fonts.digest(face.file), characters), lambda: _subset(face, characters)
    )


def _subset(face: fonts.FontFace, characters: str) -> bytes:
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    options = subset.Options()
    options.layout_features = ["*"]  # keep shaping: joining forms, ligatures, marks
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    # FontForge's timestamp table (DejaVu has one): fontTools drops it anyway, but first warns
    # "FFTM NOT subset; don't know how to subset; dropped" through logging, which reached a
    # user's terminal on every build with an empty cache (#24 item 8: quiet builds).
    options.drop_tables += ["FFTM"]
    font = TTFont(face.file, lazy=False, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()
