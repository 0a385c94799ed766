"""faq-export's own PDF rules (FE-PDF-…), each a small function registered with its metadata
(``PDF.check(Rule(…))``) and reading from a ``PdfContext`` (pdf_context.py): the basics (run
without page-validation too), the structure, the links; then, in this order, the PDF/UA-2
rules (pdf_ua2.py) and those of the engine's repairs for other languages (pdf_languages.py),
so that ``PDF`` holds every rule of a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from faq_export.checks import wording
from faq_export.checks.content import ALT_TEXT
from faq_export.checks.findings import Rule
from faq_export.checks.pdf_context import PdfContext, annotation_action
from faq_export.checks.pdf_languages import RULES as LANGUAGE_RULES
from faq_export.checks.pdf_ua2 import UA2
from faq_export.checks.registry import E, Hit, Registry, W
from faq_export.lazy import LazyModule
from faq_export.render.pdf_struct import is_element as _is_element
from faq_export.render.pdf_struct import kids as _kids

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")

WEB_ADDRESS = re.compile(r"^(https?://|mailto:|www\.)\S*$", re.IGNORECASE)
ANCHOR_ID = re.compile(r"^#?[A-Za-z_][\w.:-]*$")

PDF: Registry[PdfContext] = Registry("pdf")


# --- the basics (run without page-validation too) --------------------------------------------


@PDF.check(
    Rule(
        "FE-PDF-TAGGED",
        E,
        "The PDF is not tagged",
        "Matterhorn 01-001..01-006; ISO 14289-1 7.1",
        "Export with tags (WeasyPrint: pdf_variant='pdf/ua-1'; Word: 'Document structure "
        "tags for accessibility').",
        "A PDF without /StructTreeRoot, or with /MarkInfo /Marked false.",
    )
)
def tagged(ctx: PdfContext) -> Iterator[Hit]:
    mark_info: Any = ctx.pdf.Root.get("/MarkInfo", pikepdf.Dictionary())
    if not ctx.tagged:
        yield Hit(
            "document",
            "the PDF has no structure tree (tags), so assistive technology cannot tell "
            "headings, lists and paragraphs apart",
        )
    elif not bool(mark_info.get("/Marked", False)):
        yield Hit("document", "the PDF does not declare itself tagged (/MarkInfo /Marked true)")


@PDF.check(
    Rule(
        "FE-PDF-LANG",
        E,
        "The document language is not set",
        "Matterhorn 11-006; ISO 14289-1 7.2; WCAG 3.1.1",
        "Set the language of the document (the /Lang entry; in HTML, <html lang>).",
        "A catalog without /Lang: screen readers guess the pronunciation.",
    )
)
def language(ctx: PdfContext) -> Iterator[Hit]:
    if str(ctx.pdf.Root.get("/Lang", "")).strip():
        return
    # A language anywhere: on a structure element or a marked-content sequence. (Whether every
    # piece of text is covered is page-validation's rule: this is the basic check.)
    if ctx.tagged and (
        any(str(e.get("/Lang", "")).strip() for e, _ in ctx.elements)
        or any(
            "/Lang" in properties
            for index in range(len(ctx.pages))
            for properties, _ in ctx.marked_content(index)
        )
    ):
        return
    yield Hit("document", "no document language (/Lang)")


@PDF.check(
    Rule(
        "FE-PDF-TITLE",
        E,
        "The document has no title shown as its title",
        "Matterhorn 06-003, 07-001; ISO 14289-1 7.1; WCAG 2.4.2",
        "Give the document a title (XMP dc:title) and set /ViewerPreferences "
        "/DisplayDocTitle true.",
        "A window showing 'faq-v3-final.pdf' instead of 'Sharing Quality Services FAQ'.",
    )
)
def title(ctx: PdfContext) -> Iterator[Hit]:
    try:
        with ctx.pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            text = str(xmp.get("dc:title", "") or "").strip()
    except (pikepdf.PdfError, ValueError, SyntaxError):  # a broken XMP packet: no title
        text = ""
    preferences: Any = ctx.pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
    shown = bool(preferences.get("/DisplayDocTitle", False))
    if not text:
        yield Hit(
            "document",
            "no document title (dc:title in the XMP metadata)"
            + ("" if shown else ", and the window is not set to show one (/DisplayDocTitle)"),
        )
    elif not shown:
        yield Hit(
            "document", "the title is not what the window shows (/DisplayDocTitle is not true)"
        )


@PDF.check(
    Rule(
        "FE-PDF-CONTENT-STREAM",
        E,
        "A page's content cannot be read",
        "ISO 32000-1 7.8.2 (content streams); nothing on such a page can be checked or read aloud",
        "Regenerate the PDF; the tool that wrote it produced a broken or undecodable content "
        "stream.",
        "A page whose content stream is truncated Flate data.",
    )
)
def unreadable_content(ctx: PdfContext) -> Iterator[Hit]:
    for index in range(len(ctx.pages)):
        if not ctx.page_facts(index).readable:
            yield Hit(f"page {index + 1}", "the page's content stream cannot be decoded")


# --- structure -------------------------------------------------------------------------------


@PDF.check(
    Rule(
        "FE-PDF-UNTAGGED",
        E,
        "Content is neither tagged nor marked as an artifact",
        "Matterhorn 01-005; ISO 14289-1 7.1",
        "Tag the content, or mark page furniture (headers, footers, page numbers) as /Artifact.",
        "Running headers whose marked content belongs to no element in the structure tree.",
    )
)
def untagged(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.tagged:
        return
    for index, page in enumerate(ctx.pages):
        unclaimed = 0
        outside_text = 0
        for properties, outside in ctx.marked_content(index):
            outside_text += outside
            if "/MCID" in properties and (page.objgen, int(properties.MCID)) not in ctx.claimed:
                unclaimed += 1
        if unclaimed:
            yield Hit(
                f"page {index + 1}",
                f"{unclaimed} piece(s) of marked content belong to no element of the structure "
                "tree (often running headers and footers, read aloud among the text)",
            )
        if outside_text:
            yield Hit(
                f"page {index + 1}", f"{outside_text} text operation(s) outside any tag or artifact"
            )


@PDF.check(
    Rule(
        "FE-PDF-LINK-NESTED",
        E,
        "A link is nested inside another link",
        "Matterhorn 28-011; ISO 14289-1 7.18.5",
        "Make each link one Link element holding its annotations and text.",
        "A contents entry whose page number is a Link inside the entry's Link.",
    )
)
def nested_links(ctx: PdfContext) -> Iterator[Hit]:
    for element, path in ctx.elements:
        if element.S == "/Link":
            for kid in _kids(element):
                if _is_element(kid) and kid.S == "/Link":
                    yield Hit(
                        ctx.where(kid, path),
                        "a link inside a link: screen readers announce it twice",
                    )


@PDF.check(ALT_TEXT)
def alt_text(ctx: PdfContext) -> Iterator[Hit]:
    for element, path in ctx.elements:
        if element.S == "/Figure" and "/Alt" in element:
            alt = str(element.Alt).strip()
            if weak := wording.weak_alt_text(alt):
                yield Hit(
                    ctx.where(element, path),
                    f"the alternative text '{alt}' {weak}: it does not say what the image shows",
                    subject=wording.normal(alt),
                )


@PDF.check(
    Rule(
        "FE-PDF-TOC",
        W,
        "A list of links to the document's own pages is not tagged TOC",
        "ISO 32000-1 14.8.4.3.3 (TOC, TOCI); PDF/UA best practice",
        "Tag the table of contents as TOC with one TOCI per entry.",
        "WeasyPrint's <nav> contents tagged NonStruct/L/LI.",
    )
)
def contents_not_toc(ctx: PdfContext) -> Iterator[Hit]:
    lists = ctx.contents_lists
    for index, (element, path) in enumerate(ctx.elements):
        if index in lists:
            yield Hit(
                ctx.where(element, path),
                "a list of links into this document, not tagged as a table of contents (TOC/TOCI)",
            )


@PDF.check(
    Rule(
        "FE-PDF-ONE-H1",
        W,
        "More than one H1 heading",
        "WCAG 1.3.1, 2.4.6 (techniques PDF9)",
        "Keep one H1 for the document title; use H2 and below for its parts.",
        "Every section title tagged H1.",
    )
)
def one_h1(ctx: PdfContext) -> Iterator[Hit]:
    count = sum(1 for level, _, _ in ctx.headings if level == 1)
    if count > 1:
        yield Hit("document", f"{count} H1 headings")


@PDF.check(
    Rule(
        "FE-PDF-HEADING-SKIP",
        E,
        "Heading levels are skipped",
        "Matterhorn 14-002, 14-003; ISO 14289-1 7.4.2 (the first heading is H1; no level is "
        "skipped)",
        "Use heading levels in order, starting at H1: an H3 follows an H2, not an H1.",
        "An H1 followed directly by an H3; a document whose first heading is an H3.",
    )
)
def heading_skip(ctx: PdfContext) -> Iterator[Hit]:
    previous = 0  # the first heading is judged too: it should be an H1
    for level, element, path in ctx.headings:
        if level > previous + 1:
            yield Hit(
                ctx.where(element, path),
                f"an H{level} follows an H{previous}"
                if previous
                else f"the first heading is an H{level}: the levels above it are missing",
            )
        previous = level


@PDF.check(
    Rule(
        "FE-PDF-BOOKMARKS",
        W,
        "Headings have no bookmarks",
        "WCAG 2.4.5 (technique PDF2)",
        "Generate bookmarks (the outline) from the headings.",
        "A 40-page PDF with 25 headings and no outline.",
    )
)
def bookmarks(ctx: PdfContext) -> Iterator[Hit]:
    headings, marks = len(ctx.headings), len(ctx.bookmarks)
    if ctx.tagged and headings >= 3 and marks < headings:
        yield Hit("document", f"{headings} headings and {marks or 'no'} bookmarks")


@PDF.check(
    Rule(
        "FE-PDF-OUTLINE-ORDER",
        W,
        "Bookmarks are not in reading order",
        "WCAG 2.4.5, 1.3.2 (technique PDF2)",
        "Generate bookmarks from the headings, in the order they appear.",
        "Bookmark 3 leads to page 9, bookmark 4 back to page 2.",
    )
)
def outline_order(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.tagged:
        return
    marks = ctx.bookmarks
    for (name, here), (_, before) in zip(marks[1:], marks, strict=False):
        # Within a page, bookmarks often point at its top or another column: no disorder.
        if here is not None and before is not None and here[0] < before[0]:
            yield Hit(
                f"bookmark '{name}'", "it leads back to an earlier page than the bookmark before it"
            )
            return


@PDF.check(
    Rule(
        "FE-PDF-READING-ORDER",
        W,
        "Text comes out in another order than the structure says",
        "Matterhorn 09-001 (human checkpoint: reading order); WCAG 1.3.2",
        "Draw the page's content in reading order, or check that the tags' order is the "
        "intended one: copying text, reflow and some readers follow the drawing order.",
        "A two-column page whose right column is drawn before the left one.",
    )
)
def reading_order(ctx: PdfContext, limit: float = 0.1) -> Iterator[Hit]:
    """Pages where more than ``limit`` of the pairs of tagged pieces are drawn in the other
    order than the structure reads them (a Kendall tau distance). List labels and figures are
    left out: producers paint bullets, numbers and images in passes of their own, and text
    extraction is about the text."""
    if not ctx.tagged:
        return
    for index, page in enumerate(ctx.pages):
        tagged = ctx.text_order.get(page.objgen, [])
        if len(tagged) < 3:
            continue
        drawn = {
            int(p.MCID): i for i, (p, _) in enumerate(ctx.marked_content(index)) if "/MCID" in p
        }
        sequence = [drawn[mcid] for mcid in tagged if mcid in drawn]
        pairs = len(sequence) * (len(sequence) - 1) // 2
        swapped = _inversions(sequence)
        if pairs and swapped / pairs > limit:
            yield Hit(
                f"page {index + 1}",
                f"{swapped / pairs:.0%} of the pairs of tagged text are drawn in the other order",
            )


@PDF.check(
    Rule(
        "FE-PDF-SMALL-TEXT",
        W,
        "Text smaller than 9 pt",
        "WCAG 1.4.4 (print: legibility for low vision); faq-export house rule",
        "Set body text at 11 pt or more; keep notes and captions at 9 pt or more.",
        "An answer set at 7 pt to fit one page.",
    )
)
def small_text(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.tagged:
        return
    for index in range(len(ctx.pages)):
        small = ctx.page_facts(index).small
        if small:
            yield Hit(
                f"page {index + 1}",
                f"{small[0]} piece(s) of text under 9 pt (the smallest {small[1]:.1f} pt)",
            )


# --- links -----------------------------------------------------------------------------------


def _link_annotations(ctx: PdfContext) -> Iterator[tuple[str, str, Any]]:
    """(where, /Contents, annotation) of every link annotation that has a description."""
    for number, page in enumerate(ctx.pages, 1):
        for index, annot in enumerate(page.obj.get("/Annots", []), 1):
            if annot.get("/Subtype") != "/Link" or "/Contents" not in annot:
                continue  # a missing /Contents is page-validation's PDFUA1 rule
            yield f"page {number}, link {index}", str(annot.Contents).strip(), annot


@PDF.check(
    Rule(
        "FE-PDF-LINK-DESCRIPTION",
        E,
        "A link's description is an anchor id",
        "Matterhorn 28-004 (human checkpoint); ISO 14289-1 7.18.5; WCAG 2.4.4",
        "Describe where the link goes in /Contents: the heading it leads to.",
        "A link whose /Contents is 'faq3' or '#faq3'.",
    )
)
def link_description(ctx: PdfContext) -> Iterator[Hit]:
    for where, contents, annot in _link_annotations(ctx):
        if _is_anchor_id(contents, annot, ctx.destination_names):
            yield Hit(
                where, f"the link is described as '{contents}', an id that says nothing to a person"
            )


@PDF.check(
    Rule(
        "FE-PDF-LINK-ADDRESS",
        W,
        "A link's description is a bare web address",
        "Matterhorn 28-004 (human checkpoint); WCAG 2.4.4",
        'Describe the page the link opens in /Contents ("the city\'s parking rules"); an '
        "address is enough only when the visible text is the address itself.",
        "A link whose /Contents is 'https://example.org/parking/rules'.",
    )
)
def link_address(ctx: PdfContext) -> Iterator[Hit]:
    for where, contents, annot in _link_annotations(ctx):
        if WEB_ADDRESS.match(contents) and not _is_anchor_id(
            contents, annot, ctx.destination_names
        ):
            yield Hit(where, f"the link is described only by its address '{contents}'")


def _inversions(sequence: list[int]) -> int:
    """Pairs out of order, counted by merge sort: O(n log n) for pages with many pieces."""
    if len(sequence) < 2:
        return 0
    middle = len(sequence) // 2
    left, right = sequence[:middle], sequence[middle:]
    count = _inversions(left) + _inversions(right)
    left.sort()
    right.sort()
    j = 0
    for value in left:
        while j < len(right) and right[j] < value:
            j += 1
        count += j
    return count


def _is_anchor_id(contents: str, annot: Any, names: set[str]) -> bool:
    """Whether a link is described by an anchor id ('faq3', '#faq3'): a named destination of
    the file, the link's own destination, or the fragment of its own address. Text that only
    starts with '#' ('#lineageos@Libera.Chat', a chat channel) is a name people use."""
    bare = contents.removeprefix("#")
    if bare in names or contents in names or bare == str(annot.get("/Dest", "")).lstrip("/"):
        return True
    action = annotation_action(annot)
    uri = str(action.get("/URI", "")) if "/URI" in action else ""
    if uri and "#" in uri and bare == uri.rsplit("#", 1)[1] and ANCHOR_ID.match(contents):
        return True
    # An internal link described by something id-shaped (letters with digits, '-' or '_').
    internal = "/Dest" in annot or str(action.get("/S")) == "/GoTo"
    return internal and bool(ANCHOR_ID.match(contents) and re.search(r"[\d_-]", bare))


# PDF/UA-2's rules (pdf_ua2.py) after ours, then those of the engine's repairs for other
# languages (checks/pdf_languages.py); the catalogue (checks.pdf.RULES, docs/rules.md) holds
# them all.
for _rule, _check in (*UA2.checks, *LANGUAGE_RULES):
    PDF.check(_rule)(_check)
