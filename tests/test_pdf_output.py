"""The PDF: the whole FAQ in order, a clickable table of contents, tagged, fonts embedded."""

from __future__ import annotations

import itertools
import subprocess

import pikepdf

from tests.conftest import squash


def pdf_text(path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    )
    return squash(result.stdout)


def positions_in_order(text: str, needles: list[str]) -> bool:
    start = 0
    for needle in needles:
        found = text.find(needle, start)
        if found < 0:
            return False
        start = found + len(needle)
    return True


def test_every_question_appears_in_order_after_the_contents(faq, faq_outputs):
    text = pdf_text(faq_outputs["pdf"])
    body = text[text.index("Frequently asked questions", text.index("Key takeaways", 200)) :]
    headings = [squash(f"{q.number}. {q.text}") for q in faq.questions]
    assert positions_in_order(body, headings)


def test_every_answer_paragraph_is_printed(faq, faq_outputs):
    from tests.test_content_is_complete import block_text

    # pdftotext joins a word broken after its hyphen at a line end ("organization-" + "wide"
    # -> "organizationwide") and a URL broken after "/" gains a space: hyphens and spaces are
    # left out of the comparison, word by word.
    text = pdf_text(faq_outputs["pdf"]).replace("-", "").replace(" ", "")
    for question in faq.questions:
        words = block_text(question.answer).replace("-", "").split()
        assert positions_in_order(text, words), question.id


def test_document_is_tagged_with_language_and_title(faq_outputs):
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en-US"
        assert str(pdf.docinfo["/Title"]) == "Sharing Quality Services FAQ"
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"


def test_contents_entries_link_to_every_heading(faq, faq_outputs):
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        names = {str(k) for k, _ in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
        internal = 0
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                    internal += 1
    expected = {s.id for s in faq.sections} | {q.id for q in faq.questions}
    assert expected <= names
    assert internal >= len(expected)


def test_web_links_keep_their_addresses(faq_outputs):
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        uris = [
            str(a.A.URI)
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if "/A" in a and "/URI" in a.A
        ]
    for url in (
        "https://ussm.gsa.gov/video-center/",
        "https://ussm.gsa.gov/qsmo",
        "https://ussm.gsa.gov/",
        "https://ussm.gsa.gov/governance",
        "https://ussm.gsa.gov/performance-management/",
    ):
        assert url in uris


def test_only_the_bundled_font_is_used_and_embedded(faq_outputs):
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        fonts = set()
        for page in pdf.pages:
            for _, font in page.Resources.get("/Font", {}).items():
                fonts.add(str(font.BaseFont).split("+", 1)[-1])
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert (
                    "/FontFile2" in descendant.FontDescriptor
                    or "/FontFile3" in descendant.FontDescriptor
                )
                assert "/ToUnicode" in font
    assert fonts and all(name.startswith("Atkinson-Hyperlegible") for name in fonts)


def test_running_header_and_page_count_footer(faq_outputs):
    text = pdf_text(faq_outputs["pdf"])
    with pikepdf.open(faq_outputs["pdf"]) as pdf:
        pages = len(pdf.pages)
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_long_contents_show_each_heading_s_page(faq, tmp_path):
    """With 90 questions the contents fill several pages. Each entry prints the page its
    heading is on (how many times a page is laid out to get there is a speed: `make bench`)."""
    import dataclasses
    import re

    from faq_export.render.pdf import lay_out

    questions = tuple(
        dataclasses.replace(q, id=f"q{n}", number=n)
        for n, q in enumerate((faq.questions * 6)[:90], 1)
    )
    *others, last = faq.sections
    document = dataclasses.replace(
        faq, sections=(*others, dataclasses.replace(last, questions=questions))
    )
    layout = lay_out(document)
    pages = layout.anchor_pages()
    contents = range(pages["contents-heading"], pages[document.sections[0].id])
    assert len(contents) >= 3

    path = tmp_path / "long.pdf"
    path.write_bytes(layout.pdf())
    printed: dict[str, int] = {}
    for number in contents:
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for line in text.splitlines():
            found = re.match(r"\s*(.+?)\s{2,}(\d+)$", line)
            if found:
                printed[found[1]] = int(found[2])
    entries = document.toc_entries()
    checked = [e for e in entries if e.text in printed]
    assert len(checked) > 0.6 * len(entries)  # the rest wrap onto a second line
    assert all(printed[e.text] == pages[e.id] for e in checked)


def test_page_furniture_becomes_artifacts(faq):
    """The running header and footer (marked content no element claims) become pagination
    artifacts, in WeasyPrint's content (rewritten as bytes: a speed, `make bench`) and in
    content of any other shape (parsed)."""
    import io
    import zlib

    from faq_export.render import pdf_tags
    from faq_export.render.pdf import lay_out

    with pikepdf.open(io.BytesIO(lay_out(faq).pdf())) as pdf:
        content = pdf.pages[2].obj.Contents.read_bytes()
    assert content.count(b"/Artifact\n<</Type /Pagination>>\nBDC") >= 2  # header, footer

    # Compressed content (not WeasyPrint's shape): parsed, with the same outcome.
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    raw = b"/Span <</MCID 0>> BDC BT /F1 9 Tf (x) Tj ET EMC /P <</MCID 1>> BDC EMC"
    page.obj.Contents = pdf.make_stream(zlib.compress(raw), Filter=pikepdf.Name.FlateDecode)
    pdf_tags._artifact_marked_content(pdf, page, {0})
    rewritten = page.obj.Contents.read_bytes()
    assert b"/Artifact" in rewritten and b"/MCID 1" in rewritten and b"/MCID 0" not in rewritten


def test_a_layout_leaves_the_collector_as_the_caller_had_it(faq):
    """render/pdf pauses the cycle collector while WeasyPrint works (a speed: `make bench`);
    a script that builds finds its collector as it left it, on or off."""
    import gc

    from faq_export.render.pdf import lay_out

    assert gc.isenabled()
    pages = lay_out(faq)
    assert gc.isenabled()
    pages.untagged_pdf()
    assert gc.isenabled()
    gc.disable()
    try:
        lay_out(faq)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- page economy: sections flow, or break when the source asks --------------------------


def _section_pages(document) -> list[int]:
    from faq_export.render.pdf import lay_out

    pages = lay_out(document).anchor_pages()
    return [pages[section.id] for section in document.sections]


def test_sections_follow_each_other_unless_the_source_asks_for_breaks(faq):
    import dataclasses

    flowing = _section_pages(faq)
    assert flowing[0] == flowing[1]  # "Key takeaways" is short: the next section follows it
    broken = dataclasses.replace(
        faq, metadata=dataclasses.replace(faq.metadata, layout="section_breaks")
    )
    pages = _section_pages(broken)
    assert all(b > a for a, b in itertools.pairwise(pages))


def test_the_starter_project_is_three_pages(tmp_path):
    """A cover, the contents and the three questions: no page holds only a section's end."""
    from faq_export.new_project import create_project
    from faq_export.render.pdf import lay_out
    from faq_export.source import load_document

    create_project(tmp_path)
    layout = lay_out(load_document(tmp_path / "content" / "faq.yaml"))
    assert len(layout.pages.pages) <= 3
