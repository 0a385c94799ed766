"""The DOCX: headings with meaning, the whole FAQ in order, a live TOC, real links."""

from __future__ import annotations

import zipfile

import docx
from docx.oxml.ns import qn

from faq_export.render.docx import bookmark_names
from tests.conftest import squash
from tests.test_content_is_complete import block_text


def test_headings_are_title_sections_and_questions_in_order(faq, faq_outputs):
    document = docx.Document(str(faq_outputs["docx"]))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name in ("Title", "Heading 1", "Heading 2", "Heading 3")
    ]
    expected = [("Title", faq.metadata.title)]
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
    expected = []
    for section in faq.sections:
        expected.append(names[section.id])
        expected += [names[q.id] for q in section.questions]
    assert anchors == expected


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
