"""EPUB Accessibility 1.1: EPUBCheck and DAISY Ace clean, honest metadata, a page list that
follows the printed PDF, and validators that do catch each thing we break on purpose."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from faq_export.render.epub import CONFORMANCE
from tests.conftest import squash
from tests.validators import run_ace, run_epubcheck
from tests.zips import replace_in_entry

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def read(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def properties(opf: etree._Element, name: str) -> list[str]:
    return [m.text for m in opf.iterfind(f".//opf:meta[@property='{name}']", NS)]


@pytest.fixture(scope="session")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("validators")


@pytest.fixture(scope="session")
def faq_epubcheck(faq_outputs, work):
    return run_epubcheck(faq_outputs["epub"], work)


@pytest.fixture(scope="session")
def faq_ace(faq_outputs, work):
    return run_ace(faq_outputs["epub"], work)


def test_epubcheck_reports_nothing_but_the_embedded_font(faq_epubcheck):
    assert faq_epubcheck.at("FATAL", "ERROR", "WARNING", "INFO") == []
    # The one usage note: CSS-028, "use of font-face", for the typeface we embed on purpose.
    usages = {m["ID"] for m in faq_epubcheck.messages if m["severity"] == "USAGE"}
    assert usages <= {"CSS-028"}


def test_ace_finds_no_violation(faq_ace):
    assert faq_ace.violations == []
    assert faq_ace.report["earl:result"]["earl:outcome"] == "pass"
    # Nobody has certified the FAQ, and the source says so by naming no certifier.
    assert set(faq_ace.missing_metadata) <= {
        "a11y:certifiedBy",
        "a11y:certifierCredential",
        "a11y:certifierReport",
    }


def test_accessibility_metadata_is_true_of_the_book(faq, faq_outputs):
    opf = read(faq_outputs["epub"], "EPUB/content.opf")
    assert properties(opf, "schema:accessMode") == ["textual"]
    assert properties(opf, "schema:accessModeSufficient") == ["textual"]
    assert properties(opf, "schema:accessibilityFeature") == [
        "tableOfContents",
        "readingOrder",
        "structuralNavigation",
        "pageBreakMarkers",
        "pageNavigation",
    ]
    assert properties(opf, "schema:accessibilityHazard") == ["none"]
    assert properties(opf, "schema:accessibilitySummary") == [faq.metadata.accessibility_summary]
    assert properties(opf, "dcterms:conformsTo") == [CONFORMANCE]
    assert properties(opf, "a11y:certifiedBy") == []
    source = opf.find(".//dc:source", NS)
    assert source.text.startswith(faq.metadata.identifier)
    refine = opf.find(f".//opf:meta[@refines='#{source.get('id')}']", NS)
    assert (refine.get("property"), refine.text) == ("source-of", "pagination")


def test_images_bring_visual_mode_and_alternative_text_feature(every_node_outputs):
    opf = read(every_node_outputs["epub"], "EPUB/content.opf")
    assert properties(opf, "schema:accessMode") == ["textual", "visual"]
    assert "alternativeText" in properties(opf, "schema:accessibilityFeature")


def test_modified_date_is_utc_from_the_source(faq_outputs):
    opf = read(faq_outputs["epub"], "EPUB/content.opf")
    assert properties(opf, "dcterms:modified") == ["2026-11-26T00:00:00Z"]


def test_nav_has_toc_landmarks_and_page_list(faq_outputs):
    nav = read(faq_outputs["epub"], "EPUB/nav.xhtml")
    kinds = [n.get(EPUB_TYPE) for n in nav.iterfind(".//x:nav", NS)]
    assert kinds == ["toc", "landmarks", "page-list"]
    landmarks = [a.get(EPUB_TYPE) for a in nav.iterfind(".//x:nav[@id='landmarks']//x:a", NS)]
    assert {"toc", "bodymatter"} <= set(landmarks)


def pdf_page_text(pdf: Path, page: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return squash(result.stdout)


def test_page_list_markers_stand_where_the_printed_pages_begin(faq, faq_outputs):
    epub = faq_outputs["epub"]
    nav = read(epub, "EPUB/nav.xhtml")
    links = [a.get("href") for a in nav.iterfind(".//x:nav[@id='page-list']//x:a", NS)]
    pdf_pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", str(faq_outputs["pdf"])], capture_output=True, text=True
            ).stdout,
        )[1]
    )
    assert [h.split("#page-")[1] for h in links] == [str(n) for n in range(1, pdf_pages + 1)]
    for href in links:
        file_name, fragment = href.split("#")
        page = int(fragment.removeprefix("page-"))
        doc = read(epub, f"EPUB/{file_name}")
        marker = doc.find(f".//*[@id='{fragment}']", NS)
        assert marker.get(EPUB_TYPE) == "pagebreak" and marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == f"Page {page}"
        # The text that follows the marker is the first element that starts on the printed
        # page: the page's first words, or, where the page goes on with a paragraph begun on
        # the page before, the first words after it (the marker stands between elements).
        # In a list item the marker stands before the item's own text (its tail), which may
        # be followed by a link.
        following = marker.getnext() if marker.getnext() is not None else marker.getparent()
        ahead = (marker.tail or "") if following is not marker.getparent() else ""
        start = (ahead + "".join(following.itertext())).split()[:3]
        printed = pdf_page_text(faq_outputs["pdf"], page)
        if page > 1:
            printed = printed.removeprefix(faq.metadata.title).strip().lstrip("•").strip()
        words = printed.replace("•", " ").split()
        numbers = [w for w in words if not w.isdigit()]  # the contents' page numbers left out
        n = len(start)  # three words, or fewer: a heading of one word ("Introduction")
        if start not in (words[:n], numbers[:n]):
            at = [i for i in range(len(words)) if words[i : i + n] == start]
            assert at and at[0] > 0, (page, start, printed[:80])


# --- each thing broken on purpose is caught --------------------------------------------


def broken_copy(epub: Path, target: Path, name: str, old: bytes, new: bytes = b"") -> Path:
    target.write_bytes(replace_in_entry(epub, name, old, new))
    return target


def test_an_image_without_alt_is_caught(every_node_outputs, work):
    broken = broken_copy(
        every_node_outputs["epub"],
        work / "no-alt.epub",
        "EPUB/section-01.xhtml",
        b' alt="A red square"',
    )
    assert any("image-alt" in v for v in run_ace(broken, work).violations)


def test_a_content_document_without_language_is_caught(faq_outputs, work):
    broken = broken_copy(
        faq_outputs["epub"],
        work / "no-lang.epub",
        "EPUB/section-02.xhtml",
        b' lang="en-US" xml:lang="en-US"',
    )
    assert any("html-has-lang" in v for v in run_ace(broken, work).violations)


def test_a_missing_summary_is_caught(faq, faq_outputs, work):
    summary = faq.metadata.accessibility_summary.encode()
    meta = b'<meta property="schema:accessibilitySummary">' + summary + b"</meta>"
    broken = broken_copy(faq_outputs["epub"], work / "no-summary.epub", "EPUB/content.opf", meta)
    assert summary not in zipfile.ZipFile(broken).read("EPUB/content.opf")
    result = run_ace(broken, work)
    assert "schema:accessibilitySummary" in result.missing_metadata
    assert any("metadata-accessibilitysummary" in v for v in result.violations)


def test_a_nav_without_toc_is_caught(faq_outputs, work):
    broken = broken_copy(
        faq_outputs["epub"],
        work / "no-toc.epub",
        "EPUB/nav.xhtml",
        b'epub:type="toc" role="doc-toc"',
    )
    assert any("RSC-005" in e or "NAV-" in e for e in run_epubcheck(broken, work).at("ERROR"))
