"""Every registered rule, with a file (or source) that breaks it.

One case per rule of each registry (content, PDF, EPUB, DOCX; a rule shared by several, such
as FE-LINK-TEXT, has a case in each). A rule without a case fails
``test_every_registered_rule_has_a_case``, so a new rule cannot land untested.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pikepdf
import pytest
import weasyprint
from docx.shared import RGBColor

from faq_export.checks.content import CONTENT, check_content
from faq_export.checks.docx import DOCX, check_docx
from faq_export.checks.epub import EPUB, check_epub
from faq_export.checks.findings import Finding
from faq_export.checks.pdf import PDF, check_pdf
from faq_export.checks.webpage import HTML, check_webpage
from faq_export.pipeline import render
from faq_export.source import load_document
from tests.conftest import EVERY_NODE, ROOT
from tests.test_content_rules import source_with
from tests.trust_files import ua2_with_caption
from tests.zips import replace_in_entry, rewrite_entry

Outputs = dict[str, Path]
Case = Callable[[Path, Outputs], list[Finding]]


# --- PDF --------------------------------------------------------------------------------------


def weasy(html: str, tagged: bool = True) -> bytes:
    page = weasyprint.HTML(string=html)
    return page.write_pdf(pdf_variant="pdf/ua-1") if tagged else page.write_pdf()


def titled(body: str, head: str = "") -> str:
    return f"<html lang='en'><title>T</title>{head}{body}</html>"


def changed_pdf(outputs: Outputs, work: Path, change: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(outputs["pdf"]) as pdf:
        change(pdf)
        pdf.save(work / "changed.pdf")
    return (work / "changed.pdf").read_bytes()


def reverse_outline(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        outline.root[0].children.reverse()


def reverse_structure(pdf: pikepdf.Pdf) -> None:
    document = pdf.Root.StructTreeRoot.K
    document = document[0] if isinstance(document, pikepdf.Array) else document
    for part in list(document.K):
        if isinstance(part.get("/K"), pikepdf.Array):
            part.K = pikepdf.Array(list(reversed(list(part.K))))


def remove_outline(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.Outlines


TOC_HTML = titled(
    "<nav><ol><li><a href='#a'>A</a></li><li><a href='#b'>B</a></li><li><a href='#c'>C</a>"
    "</li></ol></nav><h1 id='a'>A</h1><h2 id='b'>B</h2><h2 id='c'>C</h2>",
    "<style>a::after { content: target-counter(attr(href), page) }</style>",
)
IMAGE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQ"
    "IAX8jx0gAAAABJRU5ErkJggg=="
)

WIDE = """\
metadata:
  title: Wide
  language: en
  identifier: urn:example:wide
  version: "1"
  date: 2026-01-01
  accessibility_summary: Text.
sections:
  - title: Wide
    body: |
      | {} |
      |---|---|---|
      | 1 | 2 | 3 |
""".format(" | ".join(letter * 40 for letter in "abc"))


def overflowing_layout(work: Path) -> list[Finding]:
    source = work / "wide.yaml"
    source.write_text(WIDE, encoding="utf-8")
    return render(load_document(source), ("pdf",)).layout


PDF_CASES: dict[str, Case] = {
    "FE-PDF-TAGGED": lambda w, o: check_pdf(weasy("<p>x</p>", tagged=False)),
    "FE-PDF-LANG": lambda w, o: check_pdf(weasy("<html><title>T</title><p>x</p></html>")),
    "FE-PDF-TITLE": lambda w, o: check_pdf(weasy("<html lang='en'><p>x</p></html>")),
    "FE-PDF-UNTAGGED": lambda w, o: check_pdf(
        weasy(titled("<p>x</p>", "<style>@page { @top-left { content: 'Header' } }</style>"))
    ),
    "FE-PDF-LINK-NESTED": lambda w, o: check_pdf(weasy(TOC_HTML)),
    "FE-ALT-TEXT": lambda w, o: check_pdf(weasy(titled(f"<img alt='IMG_2041.png' src='{IMAGE}'>"))),
    "FE-PDF-TOC": lambda w, o: check_pdf(weasy(TOC_HTML)),
    "FE-PDF-ONE-H1": lambda w, o: check_pdf(weasy(titled("<h1>A</h1><h1>B</h1>"))),
    "FE-PDF-HEADING-SKIP": lambda w, o: check_pdf(weasy(titled("<h1>A</h1><h3>C</h3>"))),
    "FE-PDF-BOOKMARKS": lambda w, o: check_pdf(changed_pdf(o, w, remove_outline)),
    "FE-PDF-OUTLINE-ORDER": lambda w, o: check_pdf(changed_pdf(o, w, reverse_outline)),
    "FE-PDF-READING-ORDER": lambda w, o: check_pdf(changed_pdf(o, w, reverse_structure)),
    "FE-PDF-SMALL-TEXT": lambda w, o: check_pdf(
        weasy(titled("<p style='font-size: 7pt'>tiny</p>"))
    ),
    "FE-PDF-LINK-DESCRIPTION": lambda w, o: check_pdf(
        weasy(titled("<h1 id='faq3'>A</h1><p><a href='#faq3'>to A</a></p>"))
    ),
    "FE-PDF-LINK-ADDRESS": lambda w, o: check_pdf(
        weasy(titled("<p><a href='https://example.org/'>Example</a></p>"))
    ),
}


def small_large_print(work: Path) -> list[Finding]:
    """The large-print edition through a print template that does not load its style sheet
    (one copied before there were editions)."""
    import shutil

    from faq_export.resources import TEMPLATE_DIR

    folder = work / "print"
    shutil.copytree(TEMPLATE_DIR, folder)
    page = folder / "document.html.j2"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"\{% if edition_css %\}.*?\{% endif %\}", "", text), encoding="utf-8")
    document = load_document(EVERY_NODE)
    return render(document, ("pdf",), folder, edition="large-print").layout


LAYOUT_CASES: dict[str, Case] = {
    "FE-PDF-OVERFLOW": lambda w, o: overflowing_layout(w),
    "FE-PDF-LARGE-PRINT": lambda w, o: small_large_print(w),
}


@functools.cache
def ua2_pdf() -> bytes:
    """The every-node source built as PDF/UA-2."""
    return render(load_document(EVERY_NODE), ("pdf",), standard="ua-2").files["pdf"]


def changed_ua2(work: Path, change: Callable[[pikepdf.Pdf], None]) -> list[Finding]:
    source = work / "ua2.pdf"
    source.write_bytes(ua2_pdf())
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(work / "changed.pdf")
    return check_pdf((work / "changed.pdf").read_bytes())


def first(pdf: pikepdf.Pdf, kind: str, having: str) -> pikepdf.Dictionary:
    return next(
        o
        for o in pdf.objects
        if isinstance(o, pikepdf.Dictionary) and o.get("/S") == kind and having in o
    )


def drop_structure_destination(pdf: pikepdf.Pdf) -> None:
    annot = next(
        a for page in pdf.pages for a in page.get("/Annots", []) if "/SD" in a.get("/A", {})
    )
    del annot.A["/SD"]


def claim_ua2(outputs: Outputs, work: Path) -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        xmp = pdf.Root.Metadata.read_bytes()
        assert b'pdfuaid:part="1"' in xmp
        pdf.Root.Metadata.write(xmp.replace(b'pdfuaid:part="1"', b'pdfuaid:part="2"'))

    return changed_pdf(outputs, work, change)


def break_content(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    contents = page.obj.Contents
    stream = contents[0] if isinstance(contents, pikepdf.Array) else contents
    stream.write(b"\x00not flate data", filter=pikepdf.Name.FlateDecode)


def claim_ua_part_3(outputs: Outputs, work: Path) -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        xmp = pdf.Root.Metadata.read_bytes()
        pdf.Root.Metadata.write(xmp.replace(b'pdfuaid:part="1"', b'pdfuaid:part="3"'))

    return changed_pdf(outputs, work, change)


UA2_CASES: dict[str, Case] = {
    "FE-PDF-UA-PART": lambda w, o: check_pdf(claim_ua_part_3(o, w)),
    "FE-PDF-CONTENT-STREAM": lambda w, o: check_pdf(changed_pdf(o, w, break_content)),
    "FE-PDF-UA2-VERSION": lambda w, o: check_pdf(claim_ua2(o, w)),
    "FE-PDF-UA2-STRUCT-DEST": lambda w, o: changed_ua2(w, drop_structure_destination),
    "FE-PDF-UA2-LIST-NUMBERING": lambda w, o: changed_ua2(
        w, lambda pdf: first(pdf, "/L", "/A").__delitem__("/A")
    ),
    "FE-PDF-UA2-TOCI": lambda w, o: changed_ua2(
        w, lambda pdf: first(pdf, "/TOCI", "/Ref").__delitem__("/Ref")
    ),
}
UA2_CASES["FE-PDF-UA2-CAPTION-POSITION"] = lambda w, o: check_pdf(
    ua2_with_caption(ua2_pdf(), "middle")
)
UA2_CASES["FE-PDF-UA2-DOCUMENT-CAPTION"] = lambda w, o: check_pdf(
    ua2_with_caption(ua2_pdf(), "document")
)
PDF_CASES.update(UA2_CASES)


@functools.cache
def plain_engine_pdf(source: Path) -> bytes:
    """``source``'s PDF from WeasyPrint without our patches (render/engine/)."""
    from faq_export.render import engine
    from faq_export.render.pdf import lay_out

    with engine.patched(kinds=()):
        return lay_out(load_document(source)).pdf()


# What the engine's correctness patches put right, found in the plain engine's PDF.
PDF_CASES.update(
    {
        "FE-PDF-PASSAGE-LANG": lambda w, o: check_pdf(
            plain_engine_pdf(EVERY_NODE), load_document(EVERY_NODE)
        ),
        "FE-PDF-RTL-TOUNICODE": lambda w, o: check_pdf(
            plain_engine_pdf(ROOT / "examples" / "faq-ar.yaml")
        ),
    }
)


# --- EPUB -------------------------------------------------------------------------------------

SECTION = "EPUB/section-01.xhtml"


def epub_with(outputs: Outputs, name: str, old: bytes, new: bytes) -> list[Finding]:
    return check_epub(replace_in_entry(outputs["epub"], name, old, new), run_epubcheck=False)


EPUB_CASES: dict[str, Case] = {
    "FE-EPUB-A11Y-METADATA": lambda w, o: epub_with(
        o, "EPUB/content.opf", b'property="schema:accessibilityHazard"', b'property="x:hazard"'
    ),
    "FE-EPUB-A11Y-METADATA-RECOMMENDED": lambda w, o: epub_with(
        o, "EPUB/content.opf", b'property="schema:accessibilitySummary"', b'property="x:summary"'
    ),
    "FE-EPUB-METADATA-TRUTH": lambda w, o: epub_with(
        o, "EPUB/nav.xhtml", b'epub:type="page-list"', b'epub:type="lot"'
    ),
    "FE-EPUB-NAV": lambda w, o: epub_with(
        o, "EPUB/nav.xhtml", b'epub:type="toc"', b'epub:type="lot"'
    ),
    "FE-EPUB-LANDMARKS": lambda w, o: epub_with(
        o, "EPUB/nav.xhtml", b'epub:type="landmarks"', b'epub:type="lot"'
    ),
    "FE-EPUB-LANG": lambda w, o: epub_with(o, SECTION, b' lang="en-GB" xml:lang="en-GB"', b""),
    "FE-EPUB-TITLE": lambda w, o: epub_with(
        o, SECTION, b"<title>Introduction</title>", b"<title/>"
    ),
    "FE-EPUB-HEADING-SKIP": lambda w, o: epub_with(
        o,
        SECTION,
        b'<h3 id="first-question">1. First question?</h3>',
        b'<h5 id="first-question">1. First question?</h5>',
    ),
    "FE-EPUB-ALT": lambda w, o: epub_with(o, SECTION, b' alt="A red square"', b""),
    "FE-ALT-TEXT": lambda w, o: epub_with(o, SECTION, b' alt="A red square"', b' alt="red.png"'),
    "FE-LINK-TEXT": lambda w, o: epub_with(o, SECTION, b">web link</a>", b">click here</a>"),
}


# --- DOCX -------------------------------------------------------------------------------------


def new_docx(build: Callable[[docx.document.Document], object]) -> bytes:
    document = docx.Document()
    document.core_properties.title = "Test"
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def faint(document: docx.document.Document) -> None:
    document.add_paragraph().add_run("Faint text").font.color.rgb = RGBColor(0xCC, 0xCC, 0xCC)


def merged(document: docx.document.Document) -> None:
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1))


def docx_with(outputs: Outputs, old: bytes, new: bytes) -> list[Finding]:
    return check_docx(replace_in_entry(outputs["docx"], "word/document.xml", old, new))


DOCX_CASES: dict[str, Case] = {
    "FE-DOCX-TITLE": lambda w, o: check_docx(
        rewrite_entry(
            o["docx"], "docProps/core.xml", lambda d: re.sub(rb"<dc:title>[^<]*", b"<dc:title>", d)
        )
    ),
    "FE-DOCX-LANG": lambda w, o: check_docx(
        rewrite_entry(o["docx"], "word/styles.xml", lambda d: re.sub(rb"<w:lang [^>]*/>", b"", d))
    ),
    "FE-DOCX-ALT": lambda w, o: docx_with(o, b'descr="A red square"', b""),
    "FE-ALT-TEXT": lambda w, o: docx_with(o, b'descr="A red square"', b'descr="IMG_1.png"'),
    "FE-DOCX-HEADINGS": lambda w, o: check_docx(
        new_docx(lambda d: [d.add_paragraph(f"Line {n}") for n in range(12)])
    ),
    "FE-DOCX-HEADING-SKIP": lambda w, o: check_docx(
        new_docx(lambda d: (d.add_heading("A", 1), d.add_heading("C", 3)))
    ),
    "FE-DOCX-TABLE-HEADER": lambda w, o: check_docx(
        new_docx(lambda d: d.add_table(rows=2, cols=2))
    ),
    "FE-DOCX-MERGED-CELLS": lambda w, o: check_docx(new_docx(merged)),
    "FE-LINK-TEXT": lambda w, o: docx_with(o, b">web link<", b">read more<"),
    "FE-DOCX-BLANKS": lambda w, o: check_docx(
        new_docx(lambda d: [d.add_paragraph("") for _ in range(3)])
    ),
    "FE-DOCX-CONTRAST": lambda w, o: check_docx(new_docx(faint)),
}


# --- content (the source) ---------------------------------------------------------------------


def content(answer: str) -> Case:
    def case(work: Path, outputs: Outputs) -> list[Finding]:
        (work / "red.png").write_bytes((ROOT / "tests" / "sources" / "red.png").read_bytes())
        return check_content(load_document(source_with(work, answer)))

    return case


CONTENT_CASES: dict[str, Case] = {
    "FE-LINK-TEXT": content("Details are [here](https://example.org/x)."),
    "FE-ALT-TEXT": content("![image](red.png)"),
    "FE-PLACEHOLDER": content("Answer #5"),
    "FE-DUPLICATE-ANSWER": content("It is a test.\n\n- one\n- two"),
    "FE-TEMPLATE-TAG": content("{{ site.data.x }}"),
    "FE-ALL-CAPS": content("DO NOT ASK FOR RELEASE DATES HERE."),
    "FE-METADATA-TODO": lambda work, outputs: check_content(
        load_document(
            replace_in(
                source_with(work, "Fine."),
                "accessibility_summary: Text only.",
                "accessibility_summary: TODO say what is true of these documents.",
            )
        )
    ),
    "FE-DUPLICATE-QUESTION": lambda work, outputs: check_content(
        load_document(replace_in(source_with(work, "Fine."), "Why?", "What is it?"))
    ),
    "FE-TABLE-LIKE": content("| Plan | Price |\n| Basic | $5 |"),
    "FE-TABLE-CAPTION": content("Table: Plans and prices"),
    "FE-SUMMARY-CONTRADICTED": lambda work, outputs: check_content(
        load_document(
            replace_in(
                content_source(work, "![A red square](red.png)"),
                "accessibility_summary: Text only.",
                "accessibility_summary: It has no images.",
            )
        )
    ),
}


def content_source(work: Path, answer: str) -> Path:
    (work / "red.png").write_bytes((ROOT / "tests" / "sources" / "red.png").read_bytes())
    return source_with(work, answer)


def replace_in(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --- web page -----------------------------------------------------------------------------


def page(
    body: str, lang: str = " lang='en'", title: str = "<title>T</title>", head: str = ""
) -> str:
    return f"<!DOCTYPE html><html{lang}><head>{title}{head}</head><body>{body}</body></html>"


GOOD_BODY = "<main><h1>T</h1><h2>A</h2><p>x</p></main>"


def html_check(html: str) -> Case:
    return lambda work, outputs: check_webpage(html.encode())


def html_fidelity(work: Path, outputs: Outputs) -> list[Finding]:
    from faq_export.render.webpage import render_webpage

    document = load_document(EVERY_NODE)
    data = render_webpage(document).replace(b'href="https://example.org/page"', b'href="#"')
    return check_webpage(data, document)


HTML_CASES: dict[str, Case] = {
    "FE-HTML-LANG": html_check(page(GOOD_BODY, lang="")),
    "FE-HTML-TITLE": html_check(page(GOOD_BODY, title="")),
    "FE-HTML-H1": html_check(page("<main><h1>A</h1><h1>B</h1></main>")),
    "FE-HTML-HEADING-SKIP": html_check(page("<main><h1>A</h1><h3>C</h3></main>")),
    "FE-HTML-MAIN": html_check(page("<div><h1>T</h1><p>x</p></div>")),
    "FE-HTML-ALT": html_check(page(f"<main><h1>T</h1><img src='{IMAGE}'></main>")),
    "FE-ALT-TEXT": html_check(
        page(f"<main><h1>T</h1><img alt='IMG_2041.png' src='{IMAGE}'></main>")
    ),
    "FE-LINK-TEXT": html_check(
        page("<main><h1>T</h1><p><a href='https://a.org/'>here</a></p></main>")
    ),
    "FE-HTML-TABLE-HEADERS": html_check(
        page("<main><h1>T</h1><table><tr><td>Plan</td><td>Price</td></tr></table></main>")
    ),
    "FE-HTML-EXTERNAL": html_check(
        page(GOOD_BODY, head="<link rel='stylesheet' href='https://cdn.example.org/a.css'>")
    ),
    "FE-HTML-LINKS": html_fidelity,
}


REGISTRIES = {
    "content": (set(CONTENT.rules), CONTENT_CASES),
    "pdf": (set(PDF.rules), PDF_CASES),
    "pdf layout": ({"FE-PDF-OVERFLOW", "FE-PDF-LARGE-PRINT"}, LAYOUT_CASES),
    "epub": (set(EPUB.rules), EPUB_CASES),
    "docx": (set(DOCX.rules), DOCX_CASES),
    "html": (set(HTML.rules), HTML_CASES),
}
ALL = [(name, rule) for name, (_, cases) in REGISTRIES.items() for rule in cases]


@pytest.mark.parametrize("registry", list(REGISTRIES))
def test_every_registered_rule_has_a_case(registry: str):
    rules, cases = REGISTRIES[registry]
    assert set(cases) == rules


@pytest.mark.parametrize(("registry", "rule"), ALL, ids=[f"{r}:{i}" for r, i in ALL])
def test_a_file_that_breaks_the_rule_is_found(registry, rule, tmp_path, every_node_outputs):
    case = REGISTRIES[registry][1][rule]
    assert rule in {f.rule for f in case(tmp_path, every_node_outputs)}


def test_our_pdf_ua2_breaks_no_rule():
    assert [f.rule for f in check_pdf(ua2_pdf()) if f.rule.startswith("FE-")] == []


@pytest.mark.parametrize("registry", ["pdf", "epub", "docx"])
def test_our_own_documents_break_no_rule(registry, every_node_outputs):
    check = {"pdf": check_pdf, "epub": lambda d: check_epub(d, run_epubcheck=False)}.get(
        registry, check_docx
    )
    found = [
        f for f in check(every_node_outputs[registry].read_bytes()) if f.rule.startswith("FE-")
    ]
    assert found == []
