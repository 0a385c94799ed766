"""A PDF, parsed once for every rule that reads it (``PdfContext``): each page's content
stream is parsed once and the structure tree walked once, whatever the number of rules that
read them; what its XMP claims; the names of its objects, for a reader; what a damaged file's
error means.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

import faq_export.model as m
from faq_export.checks.findings import CheckInputError
from faq_export.checks.pdf_bounds import (
    StructPath,
    guard_stream,
    name_tree_items,
    outline_items,
    walk_elements,
)
from faq_export.checks.pdf_text import OPERATORS as TEXT_STATE
from faq_export.checks.pdf_text import MarkedText, ToUnicode
from faq_export.checks.pdf_text_size import count_small_text
from faq_export.lazy import LazyModule
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.render.pdf_struct import is_element as _is_element
from faq_export.render.pdf_struct import is_objr as _is_objr
from faq_export.render.pdf_struct import kids as _kids

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")  # only checking a PDF needs it, not `validate`

TEXT_OPERATORS = ("Tj", "TJ", "'", '"')
# The operators any rule reads (marked content, text and its size, the graphics state): qpdf
# gives only these to Python. A page of 10 MB of paths once took 1 GB and 7 s to parse in
# full, and 50 MB and 0.6 s so.
READ_OPERATORS = " ".join(sorted({*TEXT_STATE, *TEXT_OPERATORS, "q", "Q", "cm", "BT", "Tm"}))
Place = tuple[int, float | None]  # page index, top of the destination (None: not given)


def claimed_standards(pdf: pikepdf.Pdf) -> list[str]:
    """The standards the file's XMP claims: pdfuaid:part, pdfaid:part and conformance."""
    claims = []
    ua = xmp_value(pdf, "http://www.aiim.org/pdfua/ns/id/", "part")
    if ua:
        claims.append(f"PDF/UA-{ua}")
    part = xmp_value(pdf, "http://www.aiim.org/pdfa/ns/id/", "part")
    if part:
        conformance = xmp_value(pdf, "http://www.aiim.org/pdfa/ns/id/", "conformance").lower()
        claims.append(f"PDF/A-{part}{conformance}")
    return claims


def xmp_value(pdf: pikepdf.Pdf, namespace: str, name: str) -> str:
    """A property of the XMP metadata, written as an attribute or an element ('' if none)."""
    metadata = pdf.Root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return ""
    try:
        root = etree.fromstring(
            metadata.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except (etree.XMLSyntaxError, pikepdf.PdfError):
        return ""
    for element in root.iter():
        attribute = element.get(f"{{{namespace}}}{name}")
        if attribute:
            return str(attribute).strip()
        if element.tag == f"{{{namespace}}}{name}" and element.text:
            return str(element.text).strip()
    return ""


# What a PDF library's message about a damaged file means, said plainly.
DAMAGE = (
    ("unable to find trailer", "its end is missing (no trailer): the file may be cut short"),
    ("xref", "its table of objects (the cross-reference table) is broken"),
    ("header", "it does not start as a PDF does"),
)


def unreadable(exc: BaseException) -> CheckInputError:
    """A damaged PDF's error in plain words, without the library's names for our buffers
    ("stream <_io.BytesIO object at 0x…>")."""
    detail = re.sub(r"^(stream )?<[^>]*>:\s*", "", str(exc).strip())
    detail = re.sub(r"<_io\.\w+ object at 0x[0-9a-f]+>", "the file", detail)
    meaning = next((said for key, said in DAMAGE if key in detail.lower()), None)
    plain = f"the PDF is damaged and cannot be read: {meaning or detail}"
    return CheckInputError(
        f"{plain}; open it in the tool that made it and save or export it again"
        + (f" ({detail})" if meaning else "")
    )


# --- the file, parsed once ----------------------------------------------------------------


@dataclass(frozen=True)
class PageFacts:
    """What the rules read from one page's content stream."""

    readable: bool  # the content stream parses
    marked: list[tuple[Any, int]]  # PdfContext.marked_content
    small: tuple[int, float] | None  # text under 9 pt: how many pieces, the smallest size
    texts: dict[int, str]  # MCID -> its text (when the context reads text)


class PdfContext:
    """What the rules read from one PDF; each part is parsed on first use, then kept."""

    document: m.Document | None = None  # the source it was built from, when known

    def __init__(
        self, pdf: pikepdf.Pdf, read_text: bool = False, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.pdf = pdf
        self.limits = limits
        self.pages: list[pikepdf.Page] = list(pdf.pages)
        self._pages: dict[int, PageFacts] = {}
        self.read_text = read_text  # decode each MCID's text while the pages are parsed
        self._unicode_maps: dict[Any, ToUnicode] = {}

    @functools.cached_property
    def tagged(self) -> bool:
        return "/StructTreeRoot" in self.pdf.Root

    @functools.cached_property
    def page_numbers(self) -> dict[Any, int]:
        return {page.objgen: number for number, page in enumerate(self.pages, 1)}

    def walk_trees(self) -> None:
        """Walk the structure tree, the outline and the named destinations now, and guard the
        XMP packet: a file past the limits is refused before anything else reads it."""
        guard_stream(self.pdf.Root.get("/Metadata"), self.limits, "the XMP metadata")
        _ = self.elements, self.bookmarks, self.destination_names

    @functools.cached_property
    def _structure(self) -> tuple[list[tuple[Any, StructPath]], list[int]]:
        if not self.tagged:
            return [], []
        return walk_elements(self.pdf.Root.StructTreeRoot, self.limits.pdf_depth)

    @functools.cached_property
    def elements(self) -> list[tuple[Any, StructPath]]:
        """Every structure element with its path (``/Document[1]/H1[2]``), in tree order."""
        return self._structure[0]

    @functools.cached_property
    def element_kids(self) -> dict[int, list[int]]:
        """The index (in ``elements``) of each element's parent element (-1: the root) ->
        the indices of its child elements, in order."""
        found: dict[int, list[int]] = {}
        for index, parent in enumerate(self._structure[1]):
            found.setdefault(parent, []).append(index)
        return found

    @functools.cached_property
    def contents_lists(self) -> set[int]:
        """The indices (in ``elements``) of the NonStruct, Div and L elements that are a list
        of three or more links all into this document (``_is_contents_list``). Counted in
        one walk up the tree, not one walk of each element's descendants: a chain of 1,000
        nested lists is 1,000 steps, not half a million."""
        elements, parents = self._structure
        links = [0] * len(elements)  # link annotations among each element's descendants
        internal = [0] * len(elements)  # of which lead into this document
        in_lists = [0] * len(elements)  # the same, among the descendants of its kids that are L
        internal_in_lists = [0] * len(elements)
        for index in range(len(elements) - 1, -1, -1):  # each element after its descendants
            element = elements[index][0]
            total, inside = links[index], internal[index]
            if element.S == "/Link":
                for kid in _kids(element):
                    if _is_objr(kid):
                        annot = kid.get("/Obj")
                        if isinstance(annot, pikepdf.Dictionary):
                            total += 1
                            goes_here = (
                                "/Dest" in annot
                                or str(annotation_action(annot).get("/S")) == "/GoTo"
                            )
                            inside += goes_here
            parent = parents[index]
            if parent >= 0:
                links[parent] += total
                internal[parent] += inside
                if element.S == "/L":
                    in_lists[parent] += links[index]
                    internal_in_lists[parent] += internal[index]
        found = set()
        for index, (element, _) in enumerate(elements):
            kind = str(element.S)
            if kind == "/L":
                total, inside = links[index], internal[index]
            elif kind in ("/NonStruct", "/Div"):
                total, inside = in_lists[index], internal_in_lists[index]
            else:
                continue
            if total >= 3 and inside == total:
                found.add(index)
        return found

    @functools.cached_property
    def headings(self) -> list[tuple[int, Any, StructPath]]:
        found = []
        for element, path in self.elements:
            kind = str(element.S)
            if re.fullmatch(r"/H[1-6]", kind):
                found.append((int(kind[2]), element, path))
        return found

    @functools.cached_property
    def claims(self) -> list[str]:
        return claimed_standards(self.pdf)

    @functools.cached_property
    def ua2(self) -> bool:
        """The file claims PDF/UA-2: the rules of ISO 14289-2 apply."""
        return "PDF/UA-2" in self.claims

    @functools.cached_property
    def destinations(self) -> dict[str, Any]:
        """The named destinations (the name tree /Names /Dests), walked to ``pdf_depth``."""
        names = self.pdf.Root.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
            return dict(name_tree_items(names.Dests, self.limits.pdf_depth))
        return {}

    @functools.cached_property
    def destination_names(self) -> set[str]:
        return set(self.destinations)

    @functools.cached_property
    def outline(self) -> list[tuple[str, Any]]:
        """(title, item) of each bookmark, in outline order, walked to ``pdf_depth``."""
        return outline_items(self.pdf, self.limits.pdf_depth)

    @functools.cached_property
    def bookmarks(self) -> list[tuple[str, Place | None]]:
        return _bookmarks(self.pdf, self.outline, self.destinations)

    @functools.cached_property
    def _tagged(self) -> tuple[dict[Any, list[int]], dict[Any, list[int]]]:
        return _tagged_content(self.pdf.Root.StructTreeRoot, skip=("/Lbl", "/Figure"))

    @functools.cached_property
    def claimed(self) -> set[tuple[Any, int]]:
        """(page, MCID) of every piece of marked content an element claims."""
        return {(page, mcid) for page, mcids in self._tagged[0].items() for mcid in mcids}

    @functools.cached_property
    def text_order(self) -> dict[Any, list[int]]:
        """Per page, the MCIDs of text in the structure's order (labels and figures aside)."""
        return self._tagged[1]

    def instructions(self, index: int) -> list[Any] | None:
        """The parsed content stream of page ``index`` (0-based), each operator's name read
        once; None if it cannot be. Not kept: what the rules need of a page is
        (``page_facts``), and the parsed pages of a long PDF took hundreds of megabytes. Only
        the operators the rules read (READ_OPERATORS); each content stream is guarded first
        (``pdf_stream_bytes``, ``pdf_stream_ratio``)."""
        contents = self.pages[index].obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            guard_stream(stream, self.limits, f"the content of page {index + 1}")
        try:
            return [
                (instruction.operands, str(instruction.operator))
                for instruction in pikepdf.parse_content_stream(self.pages[index], READ_OPERATORS)
            ]
        except pikepdf.PdfError:
            return None

    def page_facts(self, index: int) -> PageFacts:
        """What the rules read from the content of page ``index``, from one parse."""
        if index not in self._pages:
            instructions = self.instructions(index)
            self._pages[index] = PageFacts(
                instructions is not None,
                self._read_marked_content(index, instructions or []),
                count_small_text(instructions),
                self._read_text(index, instructions or []) if self.read_text else {},
            )
        return self._pages[index]

    def page_text(self, index: int) -> dict[int, str]:
        """The text of each marked-content sequence of page ``index`` (MCID -> text); the
        context must have been made with ``read_text``."""
        return self.page_facts(index).texts

    def _read_text(self, index: int, instructions: list[Any]) -> dict[int, str]:
        resources = self.pages[index].obj.get("/Resources", pikepdf.Dictionary())
        reader = MarkedText(
            resources.get("/Font", pikepdf.Dictionary()), self._unicode_maps, self._guard_map
        )
        for operands, operator in instructions:
            if operator in TEXT_STATE:
                reader.read(operands, operator)
        return reader.texts()

    def _guard_map(self, stream: Any) -> None:
        guard_stream(stream, self.limits, "a font's ToUnicode map")

    def marked_content(self, index: int) -> list[tuple[Any, int]]:
        """The properties of each marked-content sequence of page ``index`` (with 0), and an
        empty dictionary with the number of text operations outside any sequence, if any."""
        return self.page_facts(index).marked

    def _read_marked_content(self, index: int, instructions: list[Any]) -> list[tuple[Any, int]]:
        resources = self.pages[index].obj.get("/Resources", pikepdf.Dictionary())
        named = resources.get("/Properties", pikepdf.Dictionary())
        found: list[tuple[Any, int]] = []
        depth = 0
        outside = 0
        for operands, operator in instructions:
            name = str(operator)
            if name == "BDC":
                depth += 1
                properties = operands[1]
                if isinstance(properties, pikepdf.Name):
                    properties = named.get(properties, pikepdf.Dictionary())
                found.append((properties, 0))
            elif name == "BMC":
                depth += 1
            elif name == "EMC":
                depth = max(depth - 1, 0)
            elif name in TEXT_OPERATORS and depth == 0:
                outside += 1
        if outside:
            found.append((pikepdf.Dictionary(), outside))
        return found

    @functools.cached_property
    def object_pages(self) -> dict[tuple[int, int], int]:
        """Object number and generation -> the page a reader finds it on: pages, their
        annotations, the structure elements that name a page, and what pages draw."""
        found: dict[tuple[int, int], int] = {}
        for number, page in enumerate(self.pages, 1):
            found.setdefault(page.obj.objgen, number)
            for annot in page.obj.get("/Annots", []):
                if annot.is_indirect:
                    found.setdefault(annot.objgen, number)
            resources = page.obj.get("/Resources", pikepdf.Dictionary())
            for group in ("/Font", "/XObject"):
                for _, used in resources.get(group, pikepdf.Dictionary()).items():
                    if used.is_indirect:
                        found.setdefault(used.objgen, number)
        for element, _ in self.elements:
            on_page = self.page_of(element)
            if element.is_indirect and on_page:
                found.setdefault(element.objgen, on_page)
        return found

    def page_of(self, element: Any) -> int | None:
        """The page (1-based) a structure element's content is on: its /Pg, else that of the
        first of its marked-content references or descendants that names one (ISO 32000-1
        14.7.2: /Pg is inherited, and an MCR or OBJR may name its own)."""
        stack, steps = [element], 0
        while stack and steps < 1_000:  # a page is near the top; a deep tree is not walked
            item, steps = stack.pop(0), steps + 1
            page = item.get("/Pg") if isinstance(item, pikepdf.Dictionary) else None
            if isinstance(page, pikepdf.Dictionary) and page.objgen in self.page_numbers:
                return self.page_numbers[page.objgen]
            if isinstance(item, pikepdf.Dictionary) and not _is_objr(item):
                stack += [k for k in _kids(item) if isinstance(k, pikepdf.Dictionary)]
        return None

    def place_of(self, object_id: Any) -> str:
        """Where a validator's object is, for a reader: its page when it has one, and what
        it is ("font Helvetica", "link annotation", "structure element Figure /Document[1]/
        Figure[2]"), with its object number for whoever opens the file in a PDF tool."""
        if object_id is None:
            return "document"
        key = (object_id.object_number, object_id.generation)
        page = self.object_pages.get(key)
        try:
            obj = self.pdf.get_object(key)
        except (pikepdf.PdfError, ValueError):
            obj = None
        what = f"{self.describe(obj)} (object {key[0]})" if obj is not None else f"object {key[0]}"
        if page and isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page":
            return f"page {page}"
        return f"page {page}, {what}" if page else what

    @functools.cached_property
    def element_paths(self) -> dict[tuple[int, int], StructPath]:
        return {e.objgen: path for e, path in self.elements if e.is_indirect}

    def describe(self, obj: Any) -> str:
        """What a PDF object is, in words: by its /Type and /Subtype, or as a structure
        element by its type and path."""
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            return "an object that is not a dictionary"
        kind, subtype = str(obj.get("/Type", "")), str(obj.get("/Subtype", ""))
        if "/S" in obj and kind in ("", "/StructElem") and ("/P" in obj or "/K" in obj):
            path = self.element_paths.get(obj.objgen) if obj.is_indirect else None
            return f"structure element {str(obj.S).lstrip('/')}" + (f" {path}" if path else "")
        if kind == "/Font" or subtype in FONT_TYPES:
            name = re.sub(r"^[A-Z]{6}\+", "", str(obj.get("/BaseFont", "")).lstrip("/"))
            return f"font {name}" if name else "a font"
        if kind == "/FontDescriptor":
            name = re.sub(r"^[A-Z]{6}\+", "", str(obj.get("/FontName", "")).lstrip("/"))
            return f"the description of font {name}"
        if kind == "/Annot" or subtype in ANNOTATION_TYPES:
            return f"{subtype.lstrip('/').lower() or 'an'} annotation"
        if kind == "/XObject" or subtype in ("/Image", "/Form"):
            return "an image" if subtype == "/Image" else "a form XObject (drawn content)"
        return PDF_OBJECTS.get(kind, f"a {kind.lstrip('/')} object" if kind else "an object")

    @functools.cached_property
    def role_map(self) -> dict[str, str]:
        """The structure tree's /RoleMap: a producer's own types -> the standard ones."""
        root = self.pdf.Root.get("/StructTreeRoot") if self.tagged else None
        roles = root.get("/RoleMap") if isinstance(root, pikepdf.Dictionary) else None
        if not isinstance(roles, pikepdf.Dictionary):
            return {}
        return {str(k): str(v) for k, v in roles.items() if isinstance(v, pikepdf.Name)}

    def standard_type(self, element: Any) -> str:
        """An element's type after the role map (at most ten steps: a cycle ends there)."""
        kind = str(element.get("/S", ""))
        for _ in range(10):
            if kind not in self.role_map:
                break
            kind = self.role_map[kind]
        return kind

    def elements_breaking(self, kind: str, breaks: Callable[[Any], bool]) -> list[str]:
        """Where each structure element of type ``kind`` (after the role map) that
        ``breaks`` is: its page and its path."""
        return [
            self.where(element, path)
            for element, path in self.elements
            if self.standard_type(element) == kind and breaks(element)
        ]

    def where(self, element: Any, path: StructPath) -> str:
        number = self.page_of(element)
        return f"page {number}, {path}" if number else str(path)


FONT_TYPES = {"/Type0", "/Type1", "/MMType1", "/Type3", "/TrueType", "/CIDFontType0"}
FONT_TYPES |= {"/CIDFontType2"}
ANNOTATION_TYPES = {"/Link", "/Widget", "/Text", "/FreeText", "/Popup", "/Screen", "/Square"}
ANNOTATION_TYPES |= {"/PrinterMark", "/TrapNet", "/Stamp", "/FileAttachment", "/Highlight"}
PDF_OBJECTS = {
    "/Catalog": "the document catalog",
    "/Metadata": "the XMP metadata",
    "/StructTreeRoot": "the root of the structure tree",
    "/Pages": "the page tree",
    "/Page": "a page",
    "/Outlines": "the bookmarks (outline)",
    "/Encoding": "a font's encoding",
    "/ExtGState": "a graphics state",
    "/EmbeddedFile": "an embedded file",
    "/Filespec": "an embedded file's description",
    "/OutputIntent": "the output intent (colour profile)",
    "/MCR": "a marked-content reference",
    "/OBJR": "an object reference of the structure tree",
    "/Action": "an action",
    "/CMap": "a CMap",
}


def _bookmarks(
    pdf: pikepdf.Pdf, outline: list[tuple[str, Any]], names: dict[str, Any]
) -> list[tuple[str, Place | None]]:
    """Outline entries in outline order, each with the place its destination names."""
    pages: dict[Any, int] = {page.objgen: index for index, page in enumerate(pdf.pages)}

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

    return [(title, place(item)) for title, item in outline]


def _tagged_content(
    root: Any, skip: tuple[str, ...] = ()
) -> tuple[dict[Any, list[int]], dict[Any, list[int]]]:
    """The MCIDs each page's content has in the structure tree, in the tree's order: all of
    them, and those outside elements of the types in ``skip`` (and their descendants). One
    walk for both."""
    every: dict[Any, list[int]] = {}
    order: dict[Any, list[int]] = {}

    def add(page: Any, mcid: int, skipped: bool) -> None:
        every.setdefault(page.objgen, []).append(mcid)
        if not skipped:
            order.setdefault(page.objgen, []).append(mcid)

    seen: set[Any] = set()
    stack: list[tuple[Any, Any, bool]] = [(root, None, False)]
    while stack:  # iterative, in tree order: a deep tree is no recursion
        item, page, skipped = stack.pop()
        if isinstance(item, int):
            add(page, int(item), skipped)
            continue
        if item.get("/Type") == "/MCR":
            add(page, int(item.MCID), skipped)
            continue
        page = item.get("/Pg", page)
        skipped = skipped or item.get("/S") in skip
        later: list[tuple[Any, Any, bool]] = []
        for kid in _kids(item):
            if isinstance(kid, int) and page is not None:
                later.append((kid, page, skipped))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                mcr_page = kid.get("/Pg", page)
                if mcr_page is not None:
                    later.append((kid, mcr_page, skipped))
            elif _is_element(kid) and not (kid.is_indirect and kid.objgen in seen):
                if kid.is_indirect:
                    seen.add(kid.objgen)
                later.append((kid, page, skipped))
        stack.extend(reversed(later))
    return every, order


def annotation_action(annot: Any) -> Any:
    return annot.get("/A", pikepdf.Dictionary())
