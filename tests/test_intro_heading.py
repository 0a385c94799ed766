"""The introduction's own heading (#24, item 3): the text before the first section is under a
heading in every format, "Introduction" in the document's language (or the source's
`words: introduction`), a level-2 heading as a section's, first in every table of contents;
the fidelity check holds each format to it; an import of our own documents reads it back as
the introduction, not a section."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import faq_export
from faq_export import model as m
from faq_export.checks.brf import BrfContext, reading_pieces
from faq_export.checks.catalog import check_bytes
from faq_export.errors import RenderError, SourceErrors
from faq_export.importing import Options, import_faq, load_written
from faq_export.pipeline import render, render_alternate
from faq_export.render.braille import render_brf
from faq_export.render.docx import render_docx
from faq_export.resources import TEMPLATE_DIR
from faq_export.source import load_document
from faq_export.words import KEYS, TABLES
from tests.conftest import EVERY_NODE, ROOT
from tests.zips import rewrite_entry

SPANISH = ROOT / "examples" / "faq-es.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NO_INTRO = """\
metadata:
  title: Without an introduction
  language: {language}
  identifier: urn:example:no-intro
  version: "1"
  date: 2026-01-01
  accessibility_summary: Text.
{words}
sections:
  - id: first
    title: First
    questions:
      - id: q1
        question: Is there an introduction?
        answer: No.
"""


def fidelity(findings: list[faq_export.Finding]) -> list[faq_export.Finding]:
    return [f for f in findings if f.rule.startswith("FE-TEXT-")]


def test_every_table_of_words_names_the_introduction():
    assert "introduction" in KEYS
    assert all(table.get("introduction") for table in TABLES.values())
    assert TABLES["en"]["introduction"] == "Introduction"


def test_the_introduction_is_first_in_the_outline(every_node: m.Document):
    entries = every_node.toc_entries()
    assert (entries[0].level, entries[0].id, entries[0].text) == (1, m.INTRO_ID, "Introduction")
    assert every_node.headings[m.INTRO_ID] == every_node.intro_heading == "Introduction"
    assert [e.id for e in entries[1:]] == [
        i for s in every_node.sections for i in (s.id, *(q.id for q in s.questions))
    ]


def test_in_spanish_it_is_introduccion_in_every_format(tmp_path: Path):
    """The Spanish example built in every format passes the fidelity check, which holds
    each format to a heading "Introducción" between the contents and the first section."""
    report = faq_export.build(SPANISH, tmp_path, formats=faq_export.ALL_FORMATS)
    assert report.passed, report.failures
    assert report.document.intro_heading == "Introducción"
    text = report.outputs["txt"].read_text(encoding="utf-8")
    assert "\n\n\nIntroducción\n\n" in text
    page = report.outputs["html"].read_text(encoding="utf-8")
    assert '<h2 id="_intro">Introducción</h2>' in page
    assert '<a href="#_intro">Introducción</a>' in page


def test_the_source_may_name_it(tmp_path: Path):
    """`words: introduction` names the heading in every format (here in the Word briefing,
    its contents and the plain text)."""
    text = EVERY_NODE.read_text(encoding="utf-8")
    assert "\nwords:\n" not in text
    source = tmp_path / "faq.yaml"
    source.write_text(text + "words:\n  introduction: Before you start\n", encoding="utf-8")
    for image in EVERY_NODE.parent.glob("*.png"):
        shutil.copy(image, tmp_path)
    document = load_document(source)
    assert document.intro_heading == "Before you start"
    briefing = docx.Document(io.BytesIO(render_docx(document, page_numbers=False)))
    headings = [(p.style.name, p.text) for p in briefing.paragraphs if p.style.name != "Normal"]
    assert ("Heading 1", "Before you start") in headings
    assert ("TOC 1", "Before you start\t") in headings
    plain = render_alternate(document, "txt").decode("utf-8")
    assert plain.count("Before you start") == 2  # the contents' entry and the heading


def test_a_document_without_an_introduction_has_no_heading_for_it(tmp_path: Path):
    source = tmp_path / "faq.yaml"
    source.write_text(NO_INTRO.format(language="en", words=""), encoding="utf-8")
    document = load_document(source)
    assert document.intro_heading is None
    assert [e.id for e in document.toc_entries()] == ["first", "q1"]
    report = faq_export.build(source, tmp_path / "out", formats=("pdf", "html", "txt"))
    assert report.passed, report.failures
    assert "Introduction" not in report.outputs["txt"].read_text(encoding="utf-8")
    assert "_intro" not in report.outputs["html"].read_text(encoding="utf-8")


def test_a_language_without_words_needs_the_heading_only_with_an_introduction(tmp_path: Path):
    """Finnish has no table: a source gives every word; 'introduction' only when it has an
    introduction, and then its absence is an error naming it."""
    words = "words:\n" + "".join(
        f"  {key}: {value!r}\n".replace("'", '"')
        for key, value in TABLES["en"].items()
        if key != "introduction"
    )
    source = tmp_path / "faq.yaml"
    source.write_text(NO_INTRO.format(language="fi", words=words), encoding="utf-8")
    assert load_document(source).intro_heading is None
    with_intro = NO_INTRO.format(language="fi", words=words + "intro: Lue tämä ensin.\n")
    source.write_text(with_intro, encoding="utf-8")
    with pytest.raises(SourceErrors) as raised:
        load_document(source)
    assert "does not give introduction" in str(raised.value.errors[0])
    source.write_text(
        with_intro.replace("words:\n", "words:\n  introduction: Johdanto\n"), encoding="utf-8"
    )
    assert load_document(source).intro_heading == "Johdanto"


def test_braille_centres_it_between_blank_lines_and_lists_it_first(every_node: m.Document):
    data = render_brf(every_node)
    pieces = reading_pieces(BrfContext(data, 40, 25), every_node)
    headings = [p.text.casefold() for p in pieces if p.heading]
    at = headings.index("introduction")
    assert headings[at + 1] == "basics"
    pages = [page.split("\r\n") for page in data.decode("ascii").split("\f")]
    contents = next(page for page in pages if page[0].strip() == ",3T5TS")
    entries = [line for line in contents if '""' in line]
    assert entries[0].startswith(",9TRODUC;N")  # "Introduction", first, at the margin


# --- the fidelity check holds every format to it ------------------------------------------------


def _without_intro_heading_epub(data: bytes) -> bytes:
    return rewrite_entry(
        data,
        "EPUB/section-01.xhtml",
        lambda text: re.sub(rb'<h2 id="_intro">[^<]*</h2>', b"", text),
    )


def _without_intro_heading_docx(data: bytes) -> bytes:
    """The briefing without the paragraph that holds the bookmark "_intro" (the heading; the
    contents' entry only links to it)."""

    def edit(text: bytes) -> bytes:
        root = etree.fromstring(text)
        [mark] = root.iterfind(f".//{W}bookmarkStart[@{W}name='_intro']")
        heading = next(a for a in mark.iterancestors(f"{W}p"))
        assert "".join(heading.itertext()) == "Introduction"
        heading.getparent().remove(heading)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))

    return rewrite_entry(data, "word/document.xml", edit)


def _without_intro_heading_txt(data: bytes) -> bytes:
    return data.replace(b"\n\n\nIntroduction\n\n", b"\n\n\n", 1)


@pytest.mark.parametrize(
    ("fmt", "broken"),
    [
        ("epub", _without_intro_heading_epub),
        ("docx", _without_intro_heading_docx),
        ("txt", _without_intro_heading_txt),
    ],
)
def test_a_document_without_the_heading_fails_the_fidelity_check(every_node, fmt, broken):
    data = render(every_node, (fmt,)).files[fmt]
    assert fidelity(check_bytes(data, fmt, False, every_node)) == []
    findings = fidelity(check_bytes(broken(data), fmt, False, every_node))
    assert [f.rule for f in findings] == ["FE-TEXT-LOST"], findings
    assert findings[0].where == "the introduction"
    assert "the heading of the introduction (“Introduction”)" in findings[0].message


def test_a_print_template_without_the_heading_says_what_to_write(tmp_path: Path):
    """A document.html.j2 copied before the introduction had a heading: the contents would
    link to nothing; the build stops and says what line to write."""
    folder = tmp_path / "print"
    shutil.copytree(TEMPLATE_DIR, folder)
    page = folder / "document.html.j2"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "{{ frame.intro() }}", '<div class="intro">{{ doc.intro | blocks("_intro") }}</div>'
        ),
        encoding="utf-8",
    )
    with pytest.raises(RenderError, match=r"\{\{ frame.intro\(\) \}\}"):
        faq_export.build(EVERY_NODE, tmp_path / "out", formats=("pdf",), templates=folder)
    assert not (tmp_path / "out").exists()


# --- an import reads it back as the introduction ----------------------------------------------


def test_a_first_section_headed_introduction_without_questions_is_the_intro(tmp_path: Path):
    page = tmp_path / "faq.md"
    page.write_text(
        "# Help\n\n## Introduction\n\nRead this first.\n\n## Orders\n\n### How do I pay?\n\n"
        "By card.\n\n### Can I return it?\n\nWithin a month.\n",
        encoding="utf-8",
    )
    imported = import_faq(page, Options(language="en"))
    assert imported.verdict.lost == [] and imported.notes == []
    document = load_written(imported)
    assert m.blocks_text(document.intro) == "Read this first."
    assert [s.title for s in document.sections] == ["Orders"]


def test_a_section_headed_introduction_with_questions_stays_a_section(tmp_path: Path):
    page = tmp_path / "faq.md"
    page.write_text(
        "# Help\n\n## Introduction\n\n### What is this?\n\nA shop.\n\n### Who runs it?\n\nWe do.\n",
        encoding="utf-8",
    )
    document = load_written(import_faq(page, Options(language="en")))
    assert document.intro == ()
    assert [s.title for s in document.sections] == ["Introduction"]


def test_our_epub_holds_it_as_a_doc_introduction(every_node: m.Document):
    data = render(every_node, ("epub",)).files["epub"]
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        section = book.read("EPUB/section-01.xhtml").decode()
        ncx = book.read("EPUB/toc.ncx").decode()
    assert (
        '<section class="intro" aria-labelledby="_intro" epub:type="introduction" '
        'role="doc-introduction">' in section
    )
    assert '<h2 id="_intro">Introduction</h2>' in section
    assert section.index('id="_intro"') < section.index('id="basics"')
    # The file's title names the heading it opens with (WCAG 2.4.2).
    assert "<title>Introduction</title>" in section
    assert ncx.index("section-01.xhtml#_intro") < ncx.index("section-01.xhtml#basics")
