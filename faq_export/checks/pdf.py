"""PDF checks: page-validation's PDF/UA-1 rules, and our own pikepdf rules for what a machine
validator passes but a reader suffers from (and the basics, when page-validation is missing).

Each rule is a small function registered with its metadata (``PDF.check(Rule(…))``), reading
from a ``PdfContext`` that parses the file once: each page's content stream is parsed once and
the structure tree walked once, whatever the number of rules that read them.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import io
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

import faq_export.model as m
from faq_export.checks import verapdf as verapdf_judge
from faq_export.checks import verdicts, wording
from faq_export.checks.causes import PDF_CAUSES, fold
from faq_export.checks.content import ALT_TEXT
from faq_export.checks.fidelity import fidelity_findings
from faq_export.checks.findings import CheckInputError, Finding, Rule, Severity
from faq_export.checks.pdf_bounds import (
    StructPath,
    guard_stream,
    name_tree_items,
    outline_items,
    walk_elements,
)
from faq_export.checks.pdf_fonts import maps_used_codes
from faq_export.checks.pdf_languages import RULES as LANGUAGE_RULES
from faq_export.checks.pdf_text import OPERATORS as TEXT_STATE
from faq_export.checks.pdf_text import MarkedText, ToUnicode, reading_pieces
from faq_export.checks.registry import E, Hit, Registry, W
from faq_export.checks.verdicts import Verdict
from faq_export.lazy import LazyModule
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.render.pdf_struct import is_element as _is_element
from faq_export.render.pdf_struct import kids as _kids

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")  # only checking a PDF needs it, not `validate`

if TYPE_CHECKING:
    from faq_export.render.pdf import Overflow

WEB_ADDRESS = re.compile(r"^(https?://|mailto:|www\.)\S*$", re.IGNORECASE)
ANCHOR_ID = re.compile(r"^#?[A-Za-z_][\w.:-]*$")
TEXT_OPERATORS = ("Tj", "TJ", "'", '"')
# The operators any rule reads (marked content, text and its size, the graphics state): qpdf
# gives only these to Python. A page of 10 MB of paths once took 1 GB and 7 s to parse in
# full, and 50 MB and 0.6 s so.
READ_OPERATORS = " ".join(sorted({*TEXT_STATE, *TEXT_OPERATORS, "q", "Q", "cm", "BT", "Tm"}))
Place = tuple[int, float | None]  # page index, top of the destination (None: not given)


def check_pdf(
    data: bytes, document: m.Document | None = None, limits: Limits = DEFAULT_LIMITS
) -> list[Finding]:
    """All findings for the PDF ``data``: page-validation's (when installed) for each
    standard the file claims, and ours; with the ``document`` it was built from, whether it
    holds all of that document's text (fidelity.py)."""
    return judge_pdf(data, document, limits).findings


@dataclass(frozen=True)
class PdfJudgement:
    findings: list[Finding]
    verdicts: list[Verdict]


# page-validation's profile for each standard it judges (it has none for PDF/UA-2), and the
# prefix of its rule ids for that profile.
PAGE_PROFILES = {
    "PDF/UA-1": ("ua1", "PDFUA1-"),
    "PDF/A-1a": ("pdfa-1a", "PDFA1"),
    "PDF/A-1b": ("pdfa-1b", "PDFA1"),
    "PDF/A-2a": ("pdfa-2a", "PDFA2A-"),
    "PDF/A-2b": ("pdfa-2b", "PDFA2B-"),
    "PDF/A-2u": ("pdfa-2u", "PDFA2U-"),
    "PDF/A-3a": ("pdfa-3a", "PDFA3A-"),
    "PDF/A-3b": ("pdfa-3b", "PDFA3B-"),
    "PDF/A-3u": ("pdfa-3u", "PDFA3U-"),
}
OWN_RULES = f"{verdicts.OWN_RULES} (FE-PDF-…)"
# The standards our own rules judge (in part), beside page-validation and veraPDF.
OWN_STANDARDS = ("PDF/UA-1", "PDF/UA-2")
# The rules of veraPDF's ua2 profile that our rules judge (clause-test; the last is a row of
# ISO 32005's table): what "judged by N of M" counts when veraPDF does not run.
UA2_RULES_JUDGED = {
    "FE-PDF-TAGGED": ("6.2-1", "8.2.1-1"),
    "FE-PDF-UNTAGGED": ("8.2.2-1",),
    "FE-PDF-LANG": ("8.4.4-1",),
    "FE-PDF-TITLE": ("8.11.1-1", "8.11.2-1"),
    "FE-PDF-UA2-VERSION": ("5-5",),
    "FE-PDF-UA2-STRUCT-DEST": ("8.8-1", "8.8-2"),
    "FE-PDF-UA2-LIST-NUMBERING": ("8.2.5.25-1",),
    "FE-PDF-UA2-TOCI": ("8.2.5.8-1",),
    "FE-PDF-UA2-CAPTION-POSITION": ("8.2.5.27-1",),
    "FE-PDF-UA2-DOCUMENT-CAPTION": ("ISO 32005 Table 5: Caption in Document",),
}
# page-validation 0.11.0 against veraPDF's corpus (tests/test_verapdf.py): its ua1 verdict
# equals veraPDF's on each of the 164 PDF/UA-1 test files; its PDF/A profiles follow veraPDF's
# rule for rule (2a: 154 rules, veraPDF 153 and the PDF/A-1 rule PDFA1_ONLY sets aside).
PAGE_EVIDENCE = {"ua1": "the same verdict as veraPDF on all 164 of its PDF/UA-1 test files"}


def judge_pdf(
    data: bytes,
    document: m.Document | None = None,
    limits: Limits = DEFAULT_LIMITS,
    verapdf: bool | None = False,
) -> PdfJudgement:
    """The findings for ``data`` and, for each standard it claims (and PDF/UA-1 always), whether
    it meets it and which engines judged that; with ``document``, the fidelity findings too.
    ``verapdf``: None runs veraPDF, when it is here, on each standard nothing else judges in
    full (PDF/UA-2, PDF/A-4); True on every standard judged (``VeraPdfUnavailable`` when it
    cannot run); False never. A file past ``limits`` (a structure tree nested too deep, a
    stream that would inflate too far) is a CheckInputError, found before page-validation
    starts."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise CheckInputError(
            "the PDF is protected by a password, so it cannot be opened and checked (nor "
            "read by assistive technology until someone types the password); check a copy "
            "saved without the password"
        ) from None
    except pikepdf.PdfError as exc:
        raise unreadable(exc) from None
    with pdf:
        if pdf.is_encrypted:
            raise CheckInputError(
                "the PDF is encrypted (it opens without a password, but its content is "
                "scrambled), so its structure cannot be checked; check a copy saved without "
                "encryption"
            )
        context = PdfContext(pdf, read_text=document is not None, limits=limits)
        context.document = document
        context.walk_trees()
        claims = claimed_standards(pdf)
        judged = claims if any(c.startswith("PDF/UA") for c in claims) else ["PDF/UA-1", *claims]
        page_ready = importlib.util.find_spec("page") is not None
        profiles = [PAGE_PROFILES[s][0] for s in judged if s in PAGE_PROFILES]
        flavours = [
            verapdf_judge.FLAVOURS[s]
            for s in judged
            if s in verapdf_judge.FLAVOURS
            and (verapdf or (verapdf is None and not (page_ready and s in PAGE_PROFILES)))
        ]
        # beside our rules, on another core (veraPDF in a Java process of its own)
        validated = _start_validators(data, profiles, _reference_depth(limits))
        referee = _start_verapdf(data, flavours, required=bool(verapdf))
        own = PDF.run(context)
        if document is not None:
            own += fidelity_findings(document, "pdf", reading_pieces(context))
        outcomes = validated()
        refereed = referee()
        findings: list[Finding] = []
        found_verdicts: list[Verdict] = []
        for standard in judged:
            found, verdict = _verdict(
                data, standard, standard in claims, outcomes, refereed, own, context
            )
            findings += found
            found_verdicts.append(verdict)
    return PdfJudgement(fold(findings + own, PDF_CAUSES), found_verdicts)


def _verdict(
    data: bytes,
    standard: str,
    claimed: bool,
    outcomes: dict[str, Any],
    refereed: dict[str, verapdf_judge.Report | Exception],
    own: list[Finding],
    context: PdfContext,
) -> tuple[list[Finding], Verdict]:
    """The findings of the judges of one standard (page-validation's, veraPDF's), and its
    verdict: met, not met, not proven (judged in part) or not judged."""
    findings: list[Finding] = []
    engines: list[str] = []
    failed = complete = False
    covered: list[str] = []
    not_judged: list[str] = []
    flavour = verapdf_judge.FLAVOURS.get(standard, "")
    total = verapdf_judge.PROFILE_RULES.get(flavour)
    if standard in PAGE_PROFILES:
        profile, _ = PAGE_PROFILES[standard]
        outcome = outcomes.get(profile)
        found, engine = _validator_findings(data, profile, outcome, context)
        findings += found
        if engine:
            engines.append(engine)
            failed = any(f.fails() for f in found)
            complete = True
            rules = getattr(getattr(outcome, "rules", None), "total", None)
            evidence = PAGE_EVIDENCE.get(flavour, "")
            covered.append(
                f"page-validation's {rules or 'own'} rules, which follow the {total}-rule "
                f"{flavour} profile of veraPDF" + (f" ({evidence})" if evidence else "")
            )
        else:
            not_judged.append("page-validation: not installed (pip install page-validation)")
    report = refereed.get(flavour)
    if isinstance(report, verapdf_judge.Report) and not report.error:
        engines.append(report.engine)
        found = verapdf_judge.findings(report)
        findings += found
        failed = failed or not report.compliant
        complete = True
        covered.append(f"all {report.rules:,} rules of veraPDF's {flavour} profile")
    elif report is not None:
        why = report.error if isinstance(report, verapdf_judge.Report) else str(report)
        not_judged.append(f"veraPDF: {why}")
    elif not complete and flavour:
        located = verapdf_judge.locate()
        not_judged.append(
            f"veraPDF: {located.why_not}" if located.command is None else "veraPDF: not asked for"
        )
    if standard in OWN_STANDARDS:
        engines.append(OWN_RULES)
        failed = failed or any(f.fails() for f in own)
        if not complete and standard == "PDF/UA-2" and total:
            judged = len({rule for rules in UA2_RULES_JUDGED.values() for rule in rules})
            covered.append(
                f"{judged} of the {total:,} machine-checkable rules (veraPDF's {flavour} "
                f"profile lists {total:,})"
            )
        elif not complete:
            covered.append("faq-export's basic rules (tags, language, title, links, headings)")
    if standard.startswith("PDF/UA-") and standard not in OWN_STANDARDS:
        # a part that does not exist: our rules judge the claim itself (FE-PDF-UA-PART)
        engines.append(OWN_RULES)
        failed = any(f.fails() for f in own)
        covered.append(f"the claim only: no judge here knows {standard}")
    if not engines:
        covered.append(f"no judge here knows {standard}")
    verdict = Verdict(
        standard,
        claimed,
        tuple(engines),
        failed,
        complete,
        "; ".join(covered),
        tuple(not_judged),
    )
    return findings, verdict


def claimed_standards(pdf: pikepdf.Pdf) -> list[str]:
    """The standards the file's XMP claims: pdfuaid:part, pdfaid:part and conformance."""
    claims = []
    ua = _xmp_value(pdf, "http://www.aiim.org/pdfua/ns/id/", "part")
    if ua:
        claims.append(f"PDF/UA-{ua}")
    part = _xmp_value(pdf, "http://www.aiim.org/pdfa/ns/id/", "part")
    if part:
        conformance = _xmp_value(pdf, "http://www.aiim.org/pdfa/ns/id/", "conformance").lower()
        claims.append(f"PDF/A-{part}{conformance}")
    return claims


def _xmp_value(pdf: pikepdf.Pdf, namespace: str, name: str) -> str:
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
                    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                        annot = kid.get("/Obj")
                        if isinstance(annot, pikepdf.Dictionary):
                            total += 1
                            goes_here = "/Dest" in annot or str(_action(annot).get("/S")) == "/GoTo"
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
                _small_text(instructions),
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
            if isinstance(item, pikepdf.Dictionary) and item.get("/Type") != "/OBJR":
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


PDF: Registry[PdfContext] = Registry("pdf")

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


# --- PDF/UA-2 (ISO 14289-2), for files that claim it: page-validation has no UA-2 profile ----


@PDF.check(
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
    part = _xmp_value(ctx.pdf, "http://www.aiim.org/pdfua/ns/id/", "part")
    if part and part not in UA_PARTS:
        yield Hit(
            "the XMP metadata",
            f"the file claims PDF/UA part {part!r}, which does not exist (ISO 14289 has parts "
            "1 and 2)",
        )


UA_PARTS = ("1", "2")


@PDF.check(
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
    if not _xmp_value(ctx.pdf, "http://www.aiim.org/pdfua/ns/id/", "rev"):
        yield Hit("document", "the PDF/UA-2 claim has no pdfuaid:rev (the edition, e.g. 2024)")


@PDF.check(
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


@PDF.check(
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


@PDF.check(
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


@PDF.check(
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


@PDF.check(
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


# --- the layout (build only) -----------------------------------------------------------------

OVERFLOW = Rule(
    "FE-PDF-OVERFLOW",
    E,
    "Text runs outside the text column",
    "WCAG 1.4.10 (reflow) and 1.3.1; print: text in the margin is cut by printers "
    "and binders; faq-export layout check (build only)",
    "Break the long word, address or code (a space, or a shorter link text), or give "
    "a wide table fewer or narrower columns; the print template wraps what it can.",
    "A 70-character Java class name in a list item, half an inch into the margin.",
)
RULES: dict[str, Rule] = {**PDF.rules, OVERFLOW.id: OVERFLOW}


def overflow_findings(overflows: Iterable[Overflow]) -> list[Finding]:
    """FE-PDF-OVERFLOW for each text the layout drew outside the text column (a check of the
    layout, which a finished PDF no longer tells: it does not say where its margins are)."""
    return [
        Finding(
            OVERFLOW.id,
            OVERFLOW.severity,
            f"page {o.page}",
            f"'{o.text}' runs {o.mm} mm outside the text column",
            OVERFLOW.fix,
            subject=o.text,
        )
        for o in overflows
    ]


# --- helpers ---------------------------------------------------------------------------------


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


def _small_text(instructions: list[Any] | None, limit: float = 9.0) -> tuple[int, float] | None:
    """How many text-showing operations outside artifacts are smaller than ``limit`` points
    in a page's ``instructions`` (font size times the scale of the text and graphics
    matrices)."""
    if instructions is None:
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


# page-validation follows chains of references recursively (an outline of 3,000 questions in
# one section is a chain of 3,000 /Next links): it runs in a thread with a deep stack, and may
# follow chains as long as the longest FAQ faq-export builds (measured: 40,000 links need
# 512 MiB of stack and 42 s; 20,000 need less than 256 MiB; the default 8 MiB main stack
# crashes near 20,000, and its default limit of 256 links stopped a 260-question section).
VALIDATOR_STACK = 256 * 1024 * 1024
MAX_REFERENCE_DEPTH = 20_000


def _reference_depth(limits: Limits) -> int:
    """How long a chain of references page-validation follows: the questions of one section
    (the longest chain faq-export writes: its bookmarks' /Next links) and 2,000 more, to at
    most MAX_REFERENCE_DEPTH. Its memory grows with the square of the chain (a chain of
    bookmarks 10,000 long: 0.9 GB; 20,000: 3.4 GB, past the 3 GiB of the hostile tests);
    a longer chain is its finding PDFUA1-LIMIT, not a machine out of memory."""
    return min(limits.questions + 2_000, MAX_REFERENCE_DEPTH)


def _start_validators(
    data: bytes, profiles: list[str], reference_depth: int = MAX_REFERENCE_DEPTH
) -> Callable[[], dict[str, Any]]:
    """page-validation for each of ``profiles``, started in its own thread (it releases the
    GIL, so it runs beside our rules on a second core); the returned function waits for it
    and gives profile -> its report, or the exception it raised."""
    results: dict[str, Any] = {}
    try:
        import page as page_validation
    except ImportError:
        return lambda: results
    limits = page_validation.SafetyLimits(
        max_input_size=256 * 1024 * 1024, max_reference_depth=reference_depth
    )

    def work() -> None:
        for profile in profiles:
            try:
                results[profile] = page_validation.validate_pdf_bytes(
                    data, profile=profile, limits=limits
                )
            except Exception as exc:  # reported where the results are read
                results[profile] = exc

    previous = threading.stack_size(VALIDATOR_STACK)
    try:
        worker = threading.Thread(target=work, name="page-validation", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)

    def finished() -> dict[str, Any]:
        worker.join()
        return results

    return finished


def _start_verapdf(
    data: bytes, flavours: list[str], required: bool
) -> Callable[[], dict[str, verapdf_judge.Report | Exception]]:
    """veraPDF for each of ``flavours``, started in a thread (it runs in a Java process of
    its own); the returned function waits for it and gives flavour -> its report, or why it
    could not judge. When veraPDF is not here, nothing is started: ``VeraPdfUnavailable`` if
    it is ``required``, else no reports (the verdicts say it did not judge)."""
    results: dict[str, verapdf_judge.Report | Exception] = {}
    if not flavours:
        return lambda: results
    located = verapdf_judge.locate()
    if located.command is None:
        if required:
            raise verapdf_judge.VeraPdfUnavailable(
                f"veraPDF cannot run: {located.why_not}; {verapdf_judge.INSTALL}"
            )
        return lambda: results

    def work() -> None:
        for flavour in flavours:
            try:
                results[flavour] = verapdf_judge.judge(data, flavour)
            except verapdf_judge.VeraPdfUnavailable as exc:
                results[flavour] = exc

    worker = threading.Thread(target=work, name="veraPDF", daemon=True)
    worker.start()

    def finished() -> dict[str, verapdf_judge.Report | Exception]:
        worker.join()
        if required:
            failure = next((r for r in results.values() if isinstance(r, Exception)), None)
            if failure is not None:
                raise failure
        return results

    return finished


def _validator_findings(
    data: bytes, profile: str, outcome: Any, context: PdfContext
) -> tuple[list[Finding], str | None]:
    """page-validation's failures for ``profile`` (its report or its exception), and the
    engine's name (None when it is not installed)."""
    if outcome is None:
        return [], None
    import page as page_validation

    engine = f"page-validation {importlib.metadata.version('page-validation')} ({profile})"
    if isinstance(outcome, page_validation.SafetyLimitError):
        too_big = Finding(
            "PDFUA1-LIMIT",
            Severity.ERROR,
            "document",
            f"too large or complex to check safely: {outcome}",
            "Check a smaller file, or split the document.",
        )
        return [too_big], engine
    if isinstance(outcome, page_validation.PageError):
        raise unreadable(outcome) from None
    if isinstance(outcome, BaseException):
        raise outcome
    findings: list[Finding] = []
    unplaced: dict[str, list[Any]] = {}  # rule -> its failures on an element with no object
    for failure in outcome.failures:
        if _not_in_the_standard(profile, failure) or _disproved(data, failure, context):
            continue
        if failure.object_id is None and failure.rule_id in ELEMENT_RULES:
            unplaced.setdefault(failure.rule_id, []).append(failure)
            continue
        findings.append(_validator_finding(failure, context.place_of(failure.object_id)))
    for rule_id, failures in unplaced.items():
        places = context.elements_breaking(*ELEMENT_RULES[rule_id])
        findings += [_validator_finding(failures[0], place) for place in places] or [
            _validator_finding(failure, "document") for failure in failures
        ]
    return findings, engine


def _validator_finding(failure: Any, where: str) -> Finding:
    return Finding(
        failure.rule_id,
        Severity.ERROR,
        where,
        failure.message,
        "See `faq-export check --explain " + failure.rule_id + "`.",
    )


def _no_alternative(element: Any) -> bool:
    """ISO 14289-1 7.3 and 7.7: no alternative text (/Alt) and no replacement (/ActualText)."""
    return not any(str(element.get(key, "")).strip() for key in ("/Alt", "/ActualText"))


# page-validation's rules on the structure elements of one (standard) type, which it reports
# without an object when the element is a direct object (it has no number): rule -> (type,
# whether an element breaks it). We find those elements, and place each at its page and path,
# as veraPDF names each one.
ELEMENT_RULES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001": ("/Figure", _no_alternative),
    "PDFUA1-FORMULA-ALTERNATIVE-TEXT-001": ("/Formula", _no_alternative),
}


# page-validation 0.11.0 runs some PDF/A-1 rules in its PDF/A-2 and -3 profiles, under their
# ids (PDFA2A-METADATA-FILTER-001 is its PDFA1B-METADATA-FILTER-001): (rule id after the
# prefix, the parts of ISO 19005 that have the rule, why). ISO 19005-1 6.7.2 forbids a
# /Filter on the XMP metadata stream; ISO 19005-2 and -3 6.6.2.1 do not (veraPDF's 2a, 2b
# and 3a profiles pass such a file, and fail it as PDF/A-1, rule 6.7.2-2).
PDFA1_ONLY = {"METADATA-FILTER-001": "1"}


def _not_in_the_standard(profile: str, failure: Any) -> bool:
    """Whether ``failure`` is a rule that the part of ISO 19005 ``profile`` judges does not
    have (PDFA1_ONLY)."""
    if not profile.startswith("pdfa-"):
        return False
    part = profile.removeprefix("pdfa-")[:1]
    rule = failure.rule_id.split("-", 1)[-1]
    return rule in PDFA1_ONLY and part not in PDFA1_ONLY[rule]


def _disproved(data: bytes, failure: Any, context: PdfContext) -> bool:
    """Whether the file's bytes show that a page-validation finding does not break the clause
    it stands for: the two cases where page-validation 0.11.0 judges more than the standard
    (a stream's /Length, _stream_length_is_right; a font's Unicode map, _font_maps_unicode)."""
    return _stream_length_is_right(data, failure) or _font_maps_unicode(failure, context)


UNICODE_RULES = ("PDFUA1-FONT-UNICODE-MAPPING-001", "PDFUA1-FONT-UNICODE-VALUE-001")


def _font_maps_unicode(failure: Any, context: PdfContext) -> bool:
    """ISO 14289-1 7.21.7 asks that every character code *used* maps to Unicode (by the
    ToUnicode CMap or another way of ISO 32000-1 9.10.2: a predefined encoding, Differences
    of Adobe Glyph List names) and to none of U+0000, U+FEFF, U+FFFE. page-validation also
    fails a CMap that maps an unused code to a value it cannot read or to U+0000, and a Type1
    font with Differences of AGL names and no CMap; veraPDF (7.21.7-1, -2) passes them. Its
    finding on a font is dropped when every code drawn with the font maps to allowed Unicode
    (pdf_fonts.py); when that cannot be told, it stays."""
    if failure.rule_id not in UNICODE_RULES or failure.object_id is None:
        return False
    key = (failure.object_id.object_number, failure.object_id.generation)
    try:
        font = context.pdf.get_object(key)
    except (pikepdf.PdfError, ValueError):
        return False
    if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
        return False
    return maps_used_codes(context.pdf, font, context.limits)


_OBJECT = re.compile(rb"(?:^|[\r\n])(\d+) (\d+) obj\b")


def _every_stream_length_is_right(data: bytes) -> bool:
    """Whether the /Length of every stream in the file is exact (read from the bytes, as
    veraPDF reads them). page-validation 0.11.0 also reports PDFA2A-STREAM-LENGTH-001 with
    no object for large files whose every stream is right: a 3,000-question FAQ (1,078
    streams, 5 MB) that veraPDF 1.28.2 finds PDF/A-2a and PDF/UA-1 compliant. When no stream
    is wrong, that finding is dropped; when one is, or a length cannot be read, it stays."""
    objects = list(_OBJECT.finditer(data))
    direct: dict[tuple[int, int], int] = {}
    for header in objects:
        value = re.match(rb"\s*(\d+)\s*endobj", data[header.end() : header.end() + 40])
        if value:
            direct[(int(header.group(1)), int(header.group(2)))] = int(value.group(1))
    for index, header in enumerate(objects):
        limit = objects[index + 1].start() if index + 1 < len(objects) else len(data)
        start = data.find(b"stream", header.end(), limit)
        if start < 0 or data[start - 3 : start] == b"end":
            continue
        length = re.search(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?", data[header.end() : start])
        if length is None:
            return False
        if length.group(2) is not None:
            size = direct.get((int(length.group(1)), int(length.group(2))))
            if size is None:
                return False
        else:
            size = int(length.group(1))
        if not _length_fits(data, start, size):
            return False
    return True


def _length_fits(data: bytes, start: int, size: int) -> bool:
    """Whether ``size`` bytes of data, after the EOL that follows ``stream`` at ``start``,
    are followed by an EOL and ``endstream``."""
    body = start + len(b"stream")
    body += 2 if data[body : body + 2] == b"\r\n" else 1
    end = body + size
    return data[end : end + 1] in (b"\r", b"\n") and (
        data[end : end + 12].lstrip(b"\r\n").startswith(b"endstream")
    )


def _stream_length_is_right(data: bytes, failure: Any) -> bool:
    """page-validation 0.11.0 reports a wrong /Length for a stream whose data ends with a CR
    byte: it takes that CR and the LF after it for the end-of-line before ``endstream``
    (veraPDF, and ISO 32000-1 7.3.8.1, count the CR as data). Such a finding is dropped when
    the file's bytes show the length is exact: ``/Length`` bytes after the EOL that follows
    ``stream``, then an EOL and ``endstream``."""
    if "STREAM-LENGTH" not in failure.rule_id:
        return False
    if failure.object_id is None:
        return _every_stream_length_is_right(data)
    number, generation = failure.object_id.object_number, failure.object_id.generation
    headers = list(re.finditer(rb"(?:^|[\r\n])%d %d obj\b" % (number, generation), data))
    if len(headers) != 1:
        return False  # not found, or ambiguous: keep the finding
    start = data.find(b"stream", headers[0].end())
    length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", data[headers[0].end() : start])
    if start < 0 or length is None:
        return False
    return _length_fits(data, start, int(length.group(1)))


# The rules of the engine's repairs for other languages (checks/pdf_languages.py).
for _rule, _check in LANGUAGE_RULES:
    PDF.check(_rule)(_check)
