"""PDF checks: page-validation's PDF/UA-1 rules, and our own pikepdf rules for what a machine
validator passes but a reader suffers from (and the basics, when page-validation is missing).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pikepdf

from exporter.check import wording
from exporter.check.content import ALT_TEXT
from exporter.check.findings import CheckInputError, Finding, Rule, Severity

if TYPE_CHECKING:
    from exporter.render.pdf import Overflow

E, W = Severity.ERROR, Severity.WARNING

RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "FE-PDF-TAGGED",
            E,
            "The PDF is not tagged",
            "Matterhorn 01-001..01-006; ISO 14289-1 7.1",
            "Export with tags (WeasyPrint: pdf_variant='pdf/ua-1'; Word: 'Document structure "
            "tags for accessibility').",
            "A PDF without /StructTreeRoot, or with /MarkInfo /Marked false.",
        ),
        Rule(
            "FE-PDF-LANG",
            E,
            "The document language is not set",
            "Matterhorn 11-006; ISO 14289-1 7.2; WCAG 3.1.1",
            "Set the language of the document (the /Lang entry; in HTML, <html lang>).",
            "A catalog without /Lang: screen readers guess the pronunciation.",
        ),
        Rule(
            "FE-PDF-TITLE",
            E,
            "The document has no title shown as its title",
            "Matterhorn 06-003, 07-001; ISO 14289-1 7.1; WCAG 2.4.2",
            "Give the document a title (XMP dc:title) and set /ViewerPreferences "
            "/DisplayDocTitle true.",
            "A window showing 'faq-v3-final.pdf' instead of 'Sharing Quality Services FAQ'.",
        ),
        Rule(
            "FE-PDF-UNTAGGED",
            E,
            "Content is neither tagged nor marked as an artifact",
            "Matterhorn 01-005; ISO 14289-1 7.1",
            "Tag the content, or mark page furniture (headers, footers, page numbers) as "
            "/Artifact.",
            "Running headers whose marked content belongs to no element in the structure tree.",
        ),
        Rule(
            "FE-PDF-LINK-DESCRIPTION",
            E,
            "A link's description is an anchor id",
            "Matterhorn 28-004 (human checkpoint); ISO 14289-1 7.18.5; WCAG 2.4.4",
            "Describe where the link goes in /Contents: the heading it leads to.",
            "A link whose /Contents is 'faq3' or '#faq3'.",
        ),
        Rule(
            "FE-PDF-LINK-ADDRESS",
            W,
            "A link's description is a bare web address",
            "Matterhorn 28-004 (human checkpoint); WCAG 2.4.4",
            "Describe the page the link opens ('QSMO marketplaces'); an address is enough only "
            "when the visible text is the address itself.",
            "A link whose /Contents is 'https://ussm.gsa.gov/qsmo'.",
        ),
        Rule(
            "FE-PDF-LINK-NESTED",
            E,
            "A link is nested inside another link",
            "Matterhorn 28-011; ISO 14289-1 7.18.5",
            "Make each link one Link element holding its annotations and text.",
            "A contents entry whose page number is a Link inside the entry's Link.",
        ),
        Rule(
            "FE-PDF-TOC",
            W,
            "A list of links to the document's own pages is not tagged TOC",
            "ISO 32000-1 14.8.4.3.3 (TOC, TOCI); PDF/UA best practice",
            "Tag the table of contents as TOC with one TOCI per entry.",
            "WeasyPrint's <nav> contents tagged NonStruct/L/LI.",
        ),
        Rule(
            "FE-PDF-ONE-H1",
            W,
            "More than one H1 heading",
            "WCAG 1.3.1, 2.4.6 (techniques PDF9)",
            "Keep one H1 for the document title; use H2 and below for its parts.",
            "Every section title tagged H1.",
        ),
        Rule(
            "FE-PDF-HEADING-SKIP",
            E,
            "Heading levels are skipped",
            "Matterhorn 14-003; ISO 14289-1 7.4.2",
            "Use heading levels in order: an H3 follows an H2, not an H1.",
            "An H1 followed directly by an H3.",
        ),
        Rule(
            "FE-PDF-BOOKMARKS",
            W,
            "Headings have no bookmarks",
            "WCAG 2.4.5 (technique PDF2)",
            "Generate bookmarks (the outline) from the headings.",
            "A 40-page PDF with 25 headings and no outline.",
        ),
        Rule(
            "FE-PDF-OUTLINE-ORDER",
            W,
            "Bookmarks are not in reading order",
            "WCAG 2.4.5, 1.3.2 (technique PDF2)",
            "Generate bookmarks from the headings, in the order they appear.",
            "Bookmark 3 leads to page 9, bookmark 4 back to page 2.",
        ),
        Rule(
            "FE-PDF-READING-ORDER",
            W,
            "Text comes out in another order than the structure says",
            "Matterhorn 09-001 (human checkpoint: reading order); WCAG 1.3.2",
            "Draw the page's content in reading order, or check that the tags' order is the "
            "intended one: copying text, reflow and some readers follow the drawing order.",
            "A two-column page whose right column is drawn before the left one.",
        ),
        Rule(
            "FE-PDF-SMALL-TEXT",
            W,
            "Text smaller than 9 pt",
            "WCAG 1.4.4 (print: legibility for low vision); faq-export house rule",
            "Set body text at 11 pt or more; keep notes and captions at 9 pt or more.",
            "An answer set at 7 pt to fit one page.",
        ),
        ALT_TEXT,
        Rule(
            "FE-PDF-OVERFLOW",
            E,
            "Text runs outside the text column",
            "WCAG 1.4.10 (reflow) and 1.3.1; print: text in the margin is cut by printers "
            "and binders; faq-export layout check (build only)",
            "Break the long word, address or code (a space, or a shorter link text), or give "
            "a wide table fewer or narrower columns; the print template wraps what it can.",
            "A 70-character Java class name in a list item, half an inch into the margin.",
        ),
    )
}

WEB_ADDRESS = re.compile(r"^(https?://|mailto:|www\.)\S*$", re.IGNORECASE)


def overflow_findings(overflows: Iterable[Overflow]) -> list[Finding]:
    """FE-PDF-OVERFLOW for each text the layout drew outside the text column (a check of the
    layout, which a finished PDF no longer tells: it does not say where its margins are)."""
    return [
        _finding(
            "FE-PDF-OVERFLOW",
            f"page {o.page}",
            f"'{o.text}' runs {o.mm} mm outside the text column",
            o.text,
        )
        for o in overflows
    ]


def check_pdf(data: bytes) -> list[Finding]:
    """All findings for the PDF ``data``: page-validation's (when installed) and ours."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, pikepdf.PasswordError) as exc:
        raise CheckInputError(f"not a readable PDF: {exc}") from None
    with pdf:
        if pdf.is_encrypted:
            raise CheckInputError("the PDF is encrypted; checks need to read its structure")
        findings = list(_own_findings(pdf))
    return _validator_findings(data) + findings


def _finding(rule: str, where: str, message: str, subject: str | None = None) -> Finding:
    spec = RULES[rule]
    return Finding(rule, spec.severity, where, message, spec.fix, subject=subject)


def _own_findings(pdf: pikepdf.Pdf) -> Iterator[Finding]:
    root = pdf.Root
    tagged = "/StructTreeRoot" in root
    mark_info: Any = root.get("/MarkInfo", pikepdf.Dictionary())
    if not tagged or not bool(mark_info.get("/Marked", False)):
        yield _finding(
            "FE-PDF-TAGGED",
            "document",
            "the PDF has no structure tree (tags), so assistive technology cannot tell "
            "headings, lists and paragraphs apart"
            if not tagged
            else "the PDF does not declare itself tagged (/MarkInfo /Marked true)",
        )
    if not str(root.get("/Lang", "")).strip() and not (tagged and _declares_a_language(pdf)):
        yield _finding("FE-PDF-LANG", "document", "no document language (/Lang)")
    title = _title(pdf)
    preferences: Any = root.get("/ViewerPreferences", pikepdf.Dictionary())
    display = bool(preferences.get("/DisplayDocTitle", False))
    if not title or not display:
        yield _finding(
            "FE-PDF-TITLE",
            "document",
            "no document title"
            if not title
            else "the title is not what the window shows (/DisplayDocTitle is not true)",
        )
    if tagged:
        yield from _structure_findings(pdf)
    yield from _link_findings(pdf)


def _title(pdf: pikepdf.Pdf) -> str:
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            title = str(xmp.get("dc:title", "") or "")
    except (pikepdf.PdfError, ValueError, SyntaxError):  # a broken XMP packet: no title
        title = ""
    return title.strip()


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(obj: Any) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def _elements(element: Any, path: str, seen: set[Any]) -> Iterator[tuple[Any, str]]:
    for index, kid in enumerate(_kids(element)):
        if not _is_element(kid):
            continue
        if kid.is_indirect:  # a direct object has no identity of its own: (0, 0)
            if kid.objgen in seen:
                continue  # a cycle or an element listed twice
            seen.add(kid.objgen)
        kid_path = f"{path}/{str(kid.S).lstrip('/')}[{index + 1}]"
        yield kid, kid_path
        yield from _elements(kid, kid_path, seen)


def _declares_a_language(pdf: pikepdf.Pdf) -> bool:
    """A language anywhere: on a structure element or a marked-content sequence. (Whether
    every piece of text is covered is page-validation's rule: this is the basic check.)"""
    root = pdf.Root.StructTreeRoot
    if any(str(e.get("/Lang", "")).strip() for e, _ in _elements(root, "", set())):
        return True
    return any(
        "/Lang" in properties for page in pdf.pages for properties, _ in _marked_content(page)
    )


def _page_numbers(pdf: pikepdf.Pdf) -> dict[Any, int]:
    return {page.objgen: number for number, page in enumerate(pdf.pages, 1)}


def _structure_findings(pdf: pikepdf.Pdf) -> Iterator[Finding]:
    root = pdf.Root.StructTreeRoot
    pages = _page_numbers(pdf)
    elements = list(_elements(root, "", set()))

    def where(element: Any, path: str) -> str:
        page = element.get("/Pg")
        number = pages.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
        return f"page {number}, {path}" if number else path

    headings = []
    for element, path in elements:
        kind = str(element.S)
        if re.fullmatch(r"/H[1-6]", kind):
            headings.append((int(kind[2]), element, path))
        if kind == "/Link":
            for kid in _kids(element):
                if _is_element(kid) and kid.S == "/Link":
                    yield _finding(
                        "FE-PDF-LINK-NESTED",
                        where(kid, path),
                        "a link inside a link: screen readers announce it twice",
                    )
        if kind == "/Figure" and "/Alt" in element:
            alt = str(element.Alt).strip()
            if weak := wording.weak_alt_text(alt):
                yield _finding(
                    "FE-ALT-TEXT",
                    where(element, path),
                    f"the alternative text '{alt}' {weak}: it does not say what the image shows",
                    wording.normal(alt),
                )
        if kind in ("/NonStruct", "/Div", "/L") and _is_contents_list(element):
            yield _finding(
                "FE-PDF-TOC",
                where(element, path),
                "a list of links into this document, not tagged as a table of contents (TOC/TOCI)",
            )
    if sum(1 for level, _, _ in headings if level == 1) > 1:
        yield _finding(
            "FE-PDF-ONE-H1", "document", f"{sum(1 for lv, _, _ in headings if lv == 1)} H1 headings"
        )
    previous = 0
    for level, element, path in headings:
        if previous and level > previous + 1:
            yield _finding(
                "FE-PDF-HEADING-SKIP", where(element, path), f"an H{level} follows an H{previous}"
            )
        previous = level
    bookmarks = _bookmarks(pdf)
    if len(headings) >= 3 and len(bookmarks) < len(headings):
        yield _finding(
            "FE-PDF-BOOKMARKS",
            "document",
            f"{len(headings)} headings and {len(bookmarks) or 'no'} bookmarks",
        )
    for (title, here), (_, before) in zip(bookmarks[1:], bookmarks, strict=False):
        if here is not None and before is not None and _earlier(here, before):
            yield _finding(
                "FE-PDF-OUTLINE-ORDER",
                f"bookmark '{title}'",
                "it leads back to an earlier page than the bookmark before it",
            )
            break
    yield from _marked_content_findings(pdf, root)
    yield from _reading_order_findings(pdf, root)
    for number, page in enumerate(pdf.pages, 1):
        small = _small_text(page)
        if small:
            yield _finding(
                "FE-PDF-SMALL-TEXT",
                f"page {number}",
                f"{small[0]} piece(s) of text under 9 pt (the smallest {small[1]:.1f} pt)",
            )


Place = tuple[int, float | None]  # page index, top of the destination (None: not given)


def _earlier(here: Place, before: Place) -> bool:
    """Whether ``here`` is on an earlier page than ``before``. (Within a page, bookmarks
    often point at the page's top or at another column: not a sign of disorder.)"""
    return here[0] < before[0]


def _bookmarks(pdf: pikepdf.Pdf) -> list[tuple[str, Place | None]]:
    """Outline entries in outline order, each with the place its destination names."""
    pages: dict[Any, int] = {page.objgen: index for index, page in enumerate(pdf.pages)}
    names: dict[str, Any] = {}
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        names = {str(k): v for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    found: list[tuple[str, Place | None]] = []

    def place(item: Any) -> Place | None:
        dest = item.get("/Dest")
        action = item.get("/A")
        if dest is None and isinstance(action, pikepdf.Dictionary):
            dest = action.get("/D")
        if isinstance(dest, (pikepdf.Name, pikepdf.String)):
            dest = names.get(str(dest))
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.get("/D")
        if not isinstance(dest, pikepdf.Array) or len(dest) < 1:
            return None
        index = pages.get(dest[0].objgen) if isinstance(dest[0], pikepdf.Dictionary) else None
        if index is None:
            return None
        top: float | None = None
        if len(dest) > 3 and str(dest[1]) == "/XYZ":
            try:
                top = float(dest[3])
            except (TypeError, ValueError):  # a null top: "keep the current position"
                top = None
        return index, top

    def walk(item: Any, seen: set[Any]) -> None:
        while isinstance(item, pikepdf.Dictionary) and item.objgen not in seen:
            seen.add(item.objgen)
            found.append((str(item.get("/Title", "")), place(item)))
            walk(item.get("/First"), seen)
            item = item.get("/Next")

    outlines = pdf.Root.get("/Outlines")
    if isinstance(outlines, pikepdf.Dictionary):
        walk(outlines.get("/First"), set())
    return found


def _is_contents_list(element: Any) -> bool:
    """A list whose entries are all links to destinations in the same document."""
    lists = (
        [element]
        if element.S == "/L"
        else [k for k in _kids(element) if _is_element(k) and k.S == "/L"]
    )
    annots = []
    for lst in lists:
        for link, _ in _elements(lst, "", set()):
            if link.S == "/Link":
                annots += [
                    k.Obj
                    for k in _kids(link)
                    if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                ]
    internal = [a for a in annots if "/Dest" in a or str(_action(a).get("/S")) == "/GoTo"]
    return len(annots) >= 3 and len(internal) == len(annots)


def _tagged_content(root: Any, skip: tuple[str, ...] = ()) -> dict[Any, list[int]]:
    """The MCIDs each page's content has in the structure tree, in the tree's order;
    elements of the types in ``skip`` (and their descendants) are left out."""
    order: dict[Any, list[int]] = {}

    def walk(element: Any, page: Any, seen: set[Any]) -> None:
        page = element.get("/Pg", page)
        if element.get("/S") in skip:
            return
        for kid in _kids(element):
            if isinstance(kid, int) and page is not None:
                order.setdefault(page.objgen, []).append(int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                mcr_page = kid.get("/Pg", page)
                if mcr_page is not None:
                    order.setdefault(mcr_page.objgen, []).append(int(kid.MCID))
            elif _is_element(kid) and not (kid.is_indirect and kid.objgen in seen):
                if kid.is_indirect:
                    seen.add(kid.objgen)
                walk(kid, page, seen)

    walk(root, None, set())
    return order


def _marked_content(page: pikepdf.Page) -> Iterator[tuple[Any, int]]:
    """The properties of each marked-content sequence of ``page`` (with 0), and an empty
    dictionary with the number of text operations outside any sequence, if there are any."""
    try:
        instructions: list[Any] = list(pikepdf.parse_content_stream(page))
    except pikepdf.PdfError:
        return
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    named = resources.get("/Properties", pikepdf.Dictionary())
    depth = 0
    outside = 0
    for operands, operator in instructions:
        name = str(operator)
        if name == "BDC":
            depth += 1
            properties = operands[1]
            if isinstance(properties, pikepdf.Name):
                properties = named.get(properties, pikepdf.Dictionary())
            yield properties, 0
        elif name == "BMC":
            depth += 1
        elif name == "EMC":
            depth = max(depth - 1, 0)
        elif name in ("Tj", "TJ", "'", '"') and depth == 0:
            outside += 1
    if outside:
        yield pikepdf.Dictionary(), outside


def _marked_content_findings(pdf: pikepdf.Pdf, root: Any) -> Iterator[Finding]:
    claimed = {(page, mcid) for page, mcids in _tagged_content(root).items() for mcid in mcids}
    for number, page in enumerate(pdf.pages, 1):
        unclaimed = 0
        untagged = 0
        for properties, outside in _marked_content(page):
            untagged += outside
            if "/MCID" in properties and (page.objgen, int(properties.MCID)) not in claimed:
                unclaimed += 1
        if unclaimed:
            yield _finding(
                "FE-PDF-UNTAGGED",
                f"page {number}",
                f"{unclaimed} piece(s) of marked content belong to no element of the structure "
                "tree (often running headers and footers, read aloud among the text)",
            )
        if untagged:
            yield _finding(
                "FE-PDF-UNTAGGED",
                f"page {number}",
                f"{untagged} text operation(s) outside any tag or artifact",
            )


def _reading_order_findings(pdf: pikepdf.Pdf, root: Any, limit: float = 0.1) -> Iterator[Finding]:
    """Pages where more than ``limit`` of the pairs of tagged pieces are drawn in the other
    order than the structure reads them (a Kendall tau distance). List labels and figures are
    left out: producers paint bullets, numbers and images in passes of their own, and text
    extraction is about the text."""
    structure = _tagged_content(root, skip=("/Lbl", "/Figure"))
    for number, page in enumerate(pdf.pages, 1):
        tagged = structure.get(page.objgen, [])
        if len(tagged) < 3:
            continue
        drawn = {int(p.MCID): i for i, (p, _) in enumerate(_marked_content(page)) if "/MCID" in p}
        sequence = [drawn[mcid] for mcid in tagged if mcid in drawn]
        pairs = len(sequence) * (len(sequence) - 1) // 2
        swapped = _inversions(sequence)
        if pairs and swapped / pairs > limit:
            yield _finding(
                "FE-PDF-READING-ORDER",
                f"page {number}",
                f"{swapped / pairs:.0%} of the pairs of tagged text are drawn in the other order",
            )


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


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _small_text(page: pikepdf.Page, limit: float = 9.0) -> tuple[int, float] | None:
    """How many text-showing operations outside artifacts are smaller than ``limit`` points
    on ``page`` (font size times the scale of the text and graphics matrices)."""
    try:
        instructions: list[Any] = list(pikepdf.parse_content_stream(page))
    except pikepdf.PdfError:
        return None
    ctm, tm, size = IDENTITY, IDENTITY, 0.0
    saved: list[Matrix] = []
    tags: list[bool] = []  # True for an /Artifact sequence
    count, smallest = 0, limit
    for operands, operator in instructions:
        name = str(operator)
        try:
            if name == "q":
                saved.append(ctm)
            elif name == "Q" and saved:
                ctm = saved.pop()
            elif name == "cm":
                ctm = _multiply(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
            elif name == "BT":
                tm = IDENTITY
            elif name == "Tm":
                tm = tuple(float(x) for x in operands)  # type: ignore[assignment]
            elif name == "Tf":
                size = float(operands[1])
            elif name in ("BDC", "BMC"):
                tags.append(str(operands[0]) == "/Artifact" or (bool(tags) and tags[-1]))
            elif name == "EMC" and tags:
                tags.pop()
            elif name in ("Tj", "TJ", "'", '"') and not (tags and tags[-1]):
                a, b, c, d, _, _ = _multiply(tm, ctm)
                effective = abs(size) * abs(a * d - b * c) ** 0.5
                if 0 < effective < limit:
                    count += 1
                    smallest = min(smallest, effective)
        except (TypeError, ValueError):
            continue  # a malformed operator: not this rule's business
    return (count, smallest) if count else None


def _link_findings(pdf: pikepdf.Pdf) -> Iterator[Finding]:
    names: set[str] = set()
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        names = {str(k) for k, _ in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    for number, page in enumerate(pdf.pages, 1):
        for index, annot in enumerate(page.obj.get("/Annots", []), 1):
            if annot.get("/Subtype") != "/Link" or "/Contents" not in annot:
                continue  # a missing /Contents is page-validation's PDFUA1 rule
            contents = str(annot.Contents).strip()
            where = f"page {number}, link {index}"
            if _is_anchor_id(contents, annot, names):
                yield _finding(
                    "FE-PDF-LINK-DESCRIPTION",
                    where,
                    f"the link is described as '{contents}', an id that says nothing to a person",
                )
            elif WEB_ADDRESS.match(contents):
                yield _finding(
                    "FE-PDF-LINK-ADDRESS",
                    where,
                    f"the link is described only by its address '{contents}'",
                )


ANCHOR_ID = re.compile(r"^#?[A-Za-z_][\w.:-]*$")


def _is_anchor_id(contents: str, annot: Any, names: set[str]) -> bool:
    """Whether a link is described by an anchor id ('faq3', '#faq3'): a named destination of
    the file, the link's own destination, or the fragment of its own address. Text that only
    starts with '#' ('#lineageos@Libera.Chat', a chat channel) is a name people use."""
    bare = contents.removeprefix("#")
    if bare in names or contents in names or bare == str(annot.get("/Dest", "")).lstrip("/"):
        return True
    action = _action(annot)
    uri = str(action.get("/URI", "")) if "/URI" in action else ""
    if uri and "#" in uri and bare == uri.rsplit("#", 1)[1] and ANCHOR_ID.match(contents):
        return True
    # An internal link described by something id-shaped (letters with digits, '-' or '_').
    internal = "/Dest" in annot or str(action.get("/S")) == "/GoTo"
    return internal and bool(ANCHOR_ID.match(contents) and re.search(r"[\d_-]", bare))


def _action(annot: Any) -> Any:
    return annot.get("/A", pikepdf.Dictionary())


def _validator_findings(data: bytes) -> list[Finding]:
    try:
        import page as page_validation
    except ImportError:
        return []
    limits = page_validation.SafetyLimits(max_input_size=256 * 1024 * 1024)
    try:
        report = page_validation.validate_pdf_bytes(data, profile="ua1", limits=limits)
    except page_validation.SafetyLimitError as exc:
        return [
            Finding(
                "PDFUA1-LIMIT",
                Severity.ERROR,
                "document",
                f"too large or complex to check safely: {exc}",
                "Check a smaller file, or split the document.",
            )
        ]
    except page_validation.PageError as exc:
        raise CheckInputError(f"not a readable PDF: {exc}") from None
    return [
        Finding(
            failure.rule_id,
            Severity.ERROR,
            f"object {failure.object_id}" if failure.object_id is not None else "document",
            failure.message,
            "See `faq-export check --explain " + failure.rule_id + "`.",
        )
        for failure in report.failures
    ]
