"""The PDF/UA-2 rules (ISO 14289-2), for files that claim it: page-validation has no UA-2
profile. Registered in ``UA2``, which ``checks.pdf_rules.PDF`` takes in after faq-export's
own rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from faq_export.checks.findings import Rule
from faq_export.checks.pdf_context import PdfContext, xmp_value
from faq_export.checks.registry import E, Hit, Registry
from faq_export.lazy import LazyModule
from faq_export.render.pdf_struct import is_element as _is_element
from faq_export.render.pdf_struct import kids as _kids

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")

UA2: Registry[PdfContext] = Registry("pdf")


@UA2.check(
    Rule(
        "FE-PDF-UA-PART",
        E,
        "A PDF/UA claim of a part of the standard that does not exist",
        "ISO 14289-1 and ISO 14289-2 clause 5 (pdfuaid:part is the part the file conforms "
        "to: 1 or 2)",
        "Claim the part of PDF/UA the file meets (pdfuaid:part 1 or 2 in its XMP metadata), "
        "or remove the claim.",
        "An XMP packet that says pdfuaid:part 3.",
    )
)
def ua_part(ctx: PdfContext) -> Iterator[Hit]:
    part = xmp_value(ctx.pdf, "http://www.aiim.org/pdfua/ns/id/", "part")
    if part and part not in UA_PARTS:
        yield Hit(
            "the XMP metadata",
            f"the file claims PDF/UA part {part!r}, which does not exist (ISO 14289 has parts "
            "1 and 2)",
        )


UA_PARTS = ("1", "2")


@UA2.check(
    Rule(
        "FE-PDF-UA2-VERSION",
        E,
        "A PDF/UA-2 claim in a file that cannot meet it",
        "ISO 14289-2 clause 5 (PDF 2.0; pdfuaid:part 2 with pdfuaid:rev)",
        "Write the file as PDF 2.0 with pdfuaid:part 2 and pdfuaid:rev in its XMP metadata, "
        "or claim the standard the file meets.",
        "A PDF 1.7 file whose XMP says pdfuaid:part 2.",
        ours="build with --pdf-standard ua-2.",
    )
)
def ua2_version(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.ua2:
        return
    if str(ctx.pdf.pdf_version) < "2.0":
        yield Hit("document", f"the file claims PDF/UA-2 but is a PDF {ctx.pdf.pdf_version} file")
    if not xmp_value(ctx.pdf, "http://www.aiim.org/pdfua/ns/id/", "rev"):
        yield Hit("document", "the PDF/UA-2 claim has no pdfuaid:rev (the edition, e.g. 2024)")


@UA2.check(
    Rule(
        "FE-PDF-UA2-STRUCT-DEST",
        E,
        "An internal link or bookmark leads to a place, not to a structure element",
        "ISO 14289-2 clause 8.8 (structure destinations)",
        "Point the GoTo action at the heading's structure element with /SD (PDF 2.0).",
        "A contents entry whose /Dest is [page /XYZ 56 700 0].",
    )
)
def ua2_structure_destinations(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.ua2:
        return
    for number, page in enumerate(ctx.pages, 1):
        for index, annot in enumerate(page.obj.get("/Annots", []), 1):
            if annot.get("/Subtype") == "/Link" and not _goes_to_structure(annot):
                yield Hit(f"page {number}, link {index}", "the link's destination is a place")
    for title, item in ctx.outline:
        if not _goes_to_structure(item):
            yield Hit(f"bookmark '{title}'", "the bookmark's destination is a place")


@UA2.check(
    Rule(
        "FE-PDF-UA2-LIST-NUMBERING",
        E,
        "A list with labels does not say how it is numbered",
        "ISO 14289-2 clause 8.2.5.25; ISO 32000-2 table 380 (ListNumbering)",
        "Give the L element /A << /O /List /ListNumbering /Decimal >> (or /Disc, …).",
        "A numbered list whose L has no ListNumbering attribute.",
    )
)
def ua2_list_numbering(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.ua2:
        return
    for element, path in ctx.elements:
        if element.S != "/L":
            continue
        labelled = any(
            _is_element(part) and part.S == "/Lbl"
            for item in _kids(element)
            if _is_element(item)
            for part in _kids(item)
        )
        numbering = _attribute(element, "/ListNumbering")
        if labelled and (numbering is None or str(numbering) == "/None"):
            yield Hit(
                ctx.where(element, path), "the list's items have labels, but no ListNumbering"
            )


@UA2.check(
    Rule(
        "FE-PDF-UA2-TOCI",
        E,
        "A table of contents entry is not as PDF 2.0 builds one",
        "ISO 14289-2 clause 8.2.5.8 and ISO 32000-2 table 368 (TOCI content)",
        "Put the entry's Link in a Reference element, and name the heading it leads to with "
        "/Ref on the TOCI.",
        "A TOCI holding a Link directly, or without /Ref.",
    )
)
def ua2_toc_entries(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.ua2:
        return
    allowed = {"/Lbl", "/Reference", "/NonStruct", "/P", "/TOC", "/TOCI"}
    for element, path in ctx.elements:
        if element.S != "/TOCI":
            continue
        wrong = sorted({str(k.S) for k in _kids(element) if _is_element(k)} - allowed)
        if wrong:
            yield Hit(ctx.where(element, path), f"the entry holds {', '.join(wrong)} directly")
        if "/Ref" not in element:
            yield Hit(ctx.where(element, path), "the entry does not name its target with /Ref")


@UA2.check(
    Rule(
        "FE-PDF-UA2-CAPTION-POSITION",
        E,
        "A caption is neither the first nor the last part of what it captions",
        "ISO 14289-2 clause 8.2.5.27 (veraPDF 8.2.5.27-1); ISO 32000-2 14.8.4.7.2 (Caption)",
        "Make the Caption the first or the last child of the element it captions (a Table, "
        "Figure, list, …), so that a reader meets it just before or just after that element.",
        "A Table whose Caption comes between its THead and its TBody.",
    )
)
def ua2_caption_position(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.ua2:
        return
    for parent, kids in ctx.element_kids.items():
        for place, index in enumerate(kids):
            element, path = ctx.elements[index]
            if element.S == "/Caption" and 0 < place < len(kids) - 1:
                within = str(ctx.elements[parent][0].S).lstrip("/") if parent >= 0 else "tree"
                yield Hit(
                    ctx.where(element, path),
                    f"the caption is part {place + 1} of the {len(kids)} parts of its {within}",
                )


@UA2.check(
    Rule(
        "FE-PDF-UA2-DOCUMENT-CAPTION",
        E,
        "A caption stands directly in the Document element",
        "ISO 14289-2 clause 8.2.2 with ISO 32005 (Document shall not contain Caption); "
        "veraPDF's ua2 profile",
        "Put the Caption inside the element it captions (a Table, Figure, list, …).",
        "A Caption whose parent is the Document element.",
    )
)
def ua2_document_caption(ctx: PdfContext) -> Iterator[Hit]:
    if not ctx.ua2:
        return
    for parent, kids in ctx.element_kids.items():
        if parent < 0 or ctx.elements[parent][0].S != "/Document":
            continue
        for index in kids:
            element, path = ctx.elements[index]
            if element.S == "/Caption":
                yield Hit(ctx.where(element, path), "a caption of nothing: its parent is Document")


def _goes_to_structure(item: Any) -> bool:
    """Internal destinations must be structure destinations; web links have none."""
    action = item.get("/A")
    if isinstance(action, pikepdf.Dictionary):
        if str(action.get("/S")) != "/GoTo":
            return True  # a URI or other action: no destination in this file
        return "/SD" in action
    return "/Dest" not in item and "/SD" not in item


def _attribute(element: Any, name: str) -> Any:
    attributes = element.get("/A")
    for entry in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(entry, pikepdf.Dictionary) and name in entry:
            return entry[name]
    return None
