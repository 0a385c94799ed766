"""The DOCX: headings with meaning, the whole FAQ in order, a live TOC, real links; and its
look, in styles: headings, tables, code, the cover, the contents and their page numbers."""

from __future__ import annotations

import io
import subprocess
import warnings
import zipfile
from collections import Counter

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from lxml import etree

from faq_export.checks.docx import MONOSPACE, contrast_ratio
from faq_export.render import docx_pages
from faq_export.render.docx import accent, bookmark_names, render_docx
from tests.conftest import squash
from tests.test_content_is_complete import block_text


def test_headings_are_title_sections_and_questions_in_order(faq, faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name in ("Title", "Heading 1", "Heading 2", "Heading 3")
    ]
    # The introduction's heading, a Heading 1 as a section's, then the sections.
    expected = [("Title", faq.metadata.title), ("Heading 1", "Introduction")]
    for section in faq.sections:
        expected.append(("Heading 1", section.title))
        expected += [("Heading 2", f"{q.number}. {q.text}") for q in section.questions]
    assert headings == expected


def test_every_answer_is_there_in_order(faq, faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    body = squash(" ".join(p.text for p in document.paragraphs))
    start = body.index(faq.questions[0].text, body.index("Frequently asked questions", 200))
    for question in faq.questions:
        answer = block_text(question.answer)
        found = body.find(answer, start)
        assert found >= 0, question.id
        start = found + len(answer)


def test_lists_use_word_list_styles(faq, faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("List Number") == 5
    bullets = sum(len(b.items) for q in faq.questions for b in q.answer if hasattr(b, "items"))
    assert styles.count("List Bullet") == bullets
    assert not any(
        p.text.lstrip().startswith(("•", "1."))
        for p in document.paragraphs
        if p.style.name.startswith("List")
    )


def test_contents_is_a_toc_field_of_links_to_heading_bookmarks(faq, faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC ") for i in instructions)
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    names = bookmark_names(faq)
    assert set(names.values()) <= bookmarks
    toc = [p for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    anchors = [h.get(qn("w:anchor")) for p in toc for h in p._p.iter(qn("w:hyperlink"))]
    assert anchors == [names[entry.id] for entry in faq.toc_entries()]
    assert anchors[0] == names["_intro"] == "_intro"  # the introduction's heading first


def test_web_links_are_hyperlinks_with_their_titles(faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    rels = document.part.rels
    links = {}
    for link in document.element.body.iter(qn("w:hyperlink")):
        rel_id = link.get(qn("r:id"))
        if rel_id:
            text = "".join(t.text for t in link.iter(qn("w:t")))
            links[text] = (rels[rel_id].target_ref, link.get(qn("w:tooltip")))
    assert links["ussm.gsa.gov/qsmo"] == ("https://ussm.gsa.gov/qsmo", "QSMO")
    assert links["ussm.gsa.gov"] == ("https://ussm.gsa.gov/", "USSM Website")
    assert links["https://ussm.gsa.gov/video-center/"] == (
        "https://ussm.gsa.gov/video-center/",
        "Video Center",
    )


def test_properties_language_and_no_library_leftovers(faq, faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    props = document.core_properties
    assert props.title == faq.metadata.title
    assert props.language == "en-US"
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert lang.get(qn("w:val")) == "en-US"
    with zipfile.ZipFile(faq_outputs["docx"]) as z:
        for name in z.namelist():
            if name.startswith("docProps/"):
                assert b"python-docx" not in z.read(name), name


def test_footer_counts_pages_with_fields(faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    footer = document.sections[0].footer.paragraphs[0]._p
    fields = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert document.sections[0].header.paragraphs[0].text == "Sharing Quality Services FAQ"


# --- the look: styles, cover, contents ---------------------------------------------------


def test_headings_step_down_in_size_in_the_accent_colour_and_keep_with_what_follows(
    faq, faq_outputs
):
    document = docx.Document(str(faq_outputs["docx"]))
    styles = document.styles
    title, section, question = styles["Title"], styles["Heading 1"], styles["Heading 2"]
    body = styles["Normal"].font.size
    assert title.font.size > section.font.size > question.font.size > body
    colour = accent(faq)
    for style in (title, section, question):
        assert style.font.color.rgb == colour and style.font.bold
    for style in (section, question, styles["TOC Heading"]):
        assert style.paragraph_format.keep_with_next
    for style in (section, question):  # space above a heading, more than between paragraphs
        assert style.paragraph_format.space_before > styles["Normal"].paragraph_format.space_after
    normal = styles["Normal"].paragraph_format
    assert normal.widow_control and normal.space_after > 0
    # The styles are used: formatting lives in them, not in each paragraph.
    used = Counter(p.style.name for p in document.paragraphs)
    assert used["Heading 1"] == 1 + len(faq.sections)  # the introduction's heading too
    assert used["Heading 2"] == len(faq.questions)
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert not any(r.font.size or r.font.color.rgb for p in headings for r in p.runs)


def test_a_table_style_shades_the_header_row_with_light_rules(every_node_outputs):
    document = docx.Document(str(every_node_outputs["docx"]))
    (table,) = document.tables
    properties = table._tbl.tblPr
    style_id = properties.find(qn("w:tblStyle")).get(qn("w:val"))
    assert properties.find(qn("w:tblLook")).get(qn("w:firstRow")) == "1"
    [style] = [
        s
        for s in document.styles.element.iterfind(qn("w:style"))
        if s.get(qn("w:styleId")) == style_id
    ]
    assert style.get(qn("w:type")) == "table"
    header = style.find(f"{qn('w:tblStylePr')}[@{qn('w:type')}='firstRow']")
    fill = header.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill"))
    assert fill.upper() not in ("FFFFFF", "AUTO") and contrast_ratio("1B1B1B", fill) >= 7
    borders = style.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    for border in borders:  # light grey hairlines, not the template's black grid
        assert border.get(qn("w:color")) not in ("auto", "000000")
        assert int(border.get(qn("w:sz"))) <= 6
    cells = [p for row in table.rows for c in row.cells for p in c.paragraphs]
    assert {p.style.name for p in cells} == {"Table Text"}


def test_code_is_set_in_shaded_monospaced_styles(every_node_outputs):
    document = docx.Document(str(every_node_outputs["docx"]))
    [code] = [p for p in document.paragraphs if p.text.startswith("code block line 1")]
    assert code.style.name == "Code Block"
    ppr = code.style.element.pPr
    assert ppr.find(qn("w:shd")).get(qn("w:fill")) not in (None, "auto", "FFFFFF")
    assert MONOSPACE.search(code.style.font.name)
    assert code._p.pPr.find(qn("w:shd")) is None  # the style's shading, not the paragraph's
    inline = [r for p in document.paragraphs for r in p.runs if r.text == "code"]
    assert inline and all(r.style.name == "Inline Code" for r in inline)
    assert MONOSPACE.search(document.styles["Inline Code"].font.name)
    assert not any(r.font.name for r in inline)


def test_the_cover_has_each_label_apart_from_its_value(every_node, every_node_outputs):
    document = docx.Document(str(every_node_outputs["docx"]))
    cover = []
    for paragraph in document.paragraphs:
        if paragraph.style.name == "TOC Heading":
            break
        cover.append(paragraph)
    assert [p.style.name for p in cover[:2]] == ["Title", "Subtitle"]
    details = [p for p in cover if p.style.name == "Cover Detail"]
    labels = {}
    for paragraph in details:
        label, tab, *value = paragraph._p.iter(qn("w:r"))
        assert label.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "Strong"
        assert tab.find(qn("w:tab")) is not None  # to the value's column, by a tab stop
        labels["".join(t.text for t in label.iter(qn("w:t")))] = "".join(
            t.text for r in value for t in r.iter(qn("w:t"))
        )
    words = every_node.words
    assert labels == {
        words("publisher"): "Example Office",
        words("version"): "1.0",
        words("date"): words.date(every_node.metadata.date),
        words("source"): "https://example.org/faq/",
    }
    assert not any("·" in p.text for p in cover)


def test_the_cover_has_no_running_header_or_footer(faq, faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    assert not "".join(p.text for p in section.first_page_footer.paragraphs).strip()
    assert section.header.paragraphs[0].text == faq.metadata.title  # on the other pages


def test_contents_have_a_page_and_the_body_starts_on_the_next(faq, faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    paragraphs = document.paragraphs
    assert document.styles["TOC Heading"].paragraph_format.page_break_before
    last_entry = max(i for i, p in enumerate(paragraphs) if p.style.name.startswith("TOC "))
    following = paragraphs[last_entry + 1]
    assert following.paragraph_format.page_break_before
    assert following.text in " ".join(p.text for p in paragraphs[last_entry + 1 :])
    assert not following.style.name.startswith("TOC")
    # The contents' styles tell sections from questions, and keep numbers in a column.
    toc1, toc2 = document.styles["TOC 1"], document.styles["TOC 2"]
    assert toc1.font.bold and not toc2.font.bold
    assert toc2.paragraph_format.left_indent > toc1.paragraph_format.left_indent
    for style in (toc1, toc2):
        [stop] = style.paragraph_format.tab_stops
        assert stop.alignment == WD_TAB_ALIGNMENT.RIGHT and stop.leader == WD_TAB_LEADER.DOTS
        assert style.paragraph_format.right_indent > 0  # text wraps before the numbers


def test_without_libreoffice_the_numbers_are_left_to_word_and_the_build_says_so(faq, monkeypatch):
    monkeypatch.setenv(docx_pages.ENVIRONMENT, "/nonexistent/soffice")
    with pytest.warns(docx_pages.PageNumbersWarning, match="no page numbers") as said:
        data = render_docx(faq)
    assert len(said) == 1
    assert set(toc_page_numbers(data).values()) == {""}
    monkeypatch.setenv(docx_pages.ENVIRONMENT, "off")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # turned off: nothing to say
        assert render_docx(faq) == data


def test_libreoffice_s_profile_is_set_up_for_the_installed_version(monkeypatch):
    """The layout's profile says which LibreOffice it was set up for (so that LibreOffice
    does not take itself for freshly upgraded and run its graphics self-tests first): the
    version LibreOffice itself reports."""
    monkeypatch.delenv(docx_pages.ENVIRONMENT, raising=False)
    program = docx_pages.soffice()
    if program is None:
        pytest.skip("LibreOffice is not installed")
    said = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    version = docx_pages.installed_version(program)
    assert version is not None and f"LibreOffice {version}." in said


def test_libreoffice_s_profile_is_kept_and_a_cache_that_cannot_be_written_costs_nothing(
    faq, monkeypatch, tmp_path
):
    """The first layout keeps its LibreOffice profile in the user's cache, and the next
    starts from a copy of it; the page numbers are the same, and where the cache cannot be
    written (a file stands in its way) they are there all the same."""
    monkeypatch.delenv(docx_pages.ENVIRONMENT, raising=False)
    if docx_pages.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = render_docx(faq)
    kept = list((tmp_path / "cache" / "faq-export" / docx_pages.PROFILES).iterdir())
    assert len(kept) == 1 and (kept[0] / "user" / "registrymodifications.xcu").is_file()
    assert render_docx(faq) == first
    assert all(number.isdigit() for number in toc_page_numbers(first).values())
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert render_docx(faq) == first


def toc_page_numbers(data: bytes) -> dict[str, str]:
    """Each contents entry's heading bookmark -> the page number the file shows for it."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    numbers = {}
    for link in root.iter(qn("w:hyperlink")):
        instructions = [t.text.split() for t in link.iter(qn("w:instrText"))]
        if instructions and instructions[0][0] == "PAGEREF":
            # the field's result: the text after its 'separate' mark
            runs = list(link.iter(qn("w:r")))
            separate = next(
                i
                for i, r in enumerate(runs)
                if r.find(qn("w:fldChar")) is not None
                and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate"
            )
            numbers[instructions[0][1]] = "".join(
                t.text or "" for r in runs[separate + 1 :] for t in r.iter(qn("w:t"))
            )
    return numbers


@pytest.mark.parametrize(("paper", "size_mm"), [("letter", (215.9, 279.4)), ("a4", (210, 297))])
def test_the_briefing_is_on_the_paper_of_the_pdf(faq, paper: str, size_mm: tuple[float, float]):
    from faq_export.pipeline import render

    data = render(faq, ("docx",), paper=paper).files["docx"]
    for section in docx.Document(io.BytesIO(data)).sections:
        assert section.page_width is not None and section.page_height is not None
        assert (section.page_width.mm, section.page_height.mm) == pytest.approx(size_mm, abs=0.1)
