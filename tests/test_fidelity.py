"""Nothing the author wrote is lost: every build reads its documents back as their readers get
them (the PDF's tags through ToUnicode, the EPUB's XHTML, the DOCX's paragraphs) and compares
the text with the model (checks/fidelity.py).

A check that cannot fail proves nothing: documents broken on purpose (a table cell dropped,
a paragraph written twice, two paragraphs swapped), by a broken writer or by editing the
built file, must each be caught, with the words and the source line."""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

import faq_export
from faq_export import model as m
from faq_export.checks.catalog import check_bytes
from faq_export.checks.fidelity import normalise
from faq_export.pipeline import check_rendered, render
from faq_export.source import load_document
from tests.test_source_errors import VALID

ROOT = Path(__file__).resolve().parent.parent
EVERY_NODE = ROOT / "tests" / "sources" / "every-node.yaml"
XHTML = "{http://www.w3.org/1999/xhtml}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIDELITY = ("FE-TEXT-LOST", "FE-TEXT-DOUBLED", "FE-TEXT-ORDER")


def fidelity(findings: list[faq_export.Finding]) -> list[faq_export.Finding]:
    return [f for f in findings if f.rule in FIDELITY]


@pytest.fixture(scope="module")
def every_node_files(every_node: m.Document) -> dict[str, bytes]:
    return render(every_node, ("pdf", "epub", "docx")).files


# --- documents as built hold the whole text -------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "tests/sources/every-node.yaml",
        "examples/faq-ar.yaml",  # right to left: the PDF draws it in visual order
        "examples/faq-zh-Hans.yaml",  # no spaces between words
        "examples/faq-es.yaml",
    ],
)
def test_a_build_finds_all_of_the_text_in_each_document(source):
    document = load_document(ROOT / source)
    rendered = render(document, ("pdf", "epub", "docx"))
    findings = check_rendered(document, rendered)
    for fmt in ("pdf", "epub", "docx"):
        assert fidelity(findings[fmt]) == [], fmt


def test_the_seed_build_report_has_no_fidelity_finding(tmp_path):
    report = faq_export.build(ROOT / "content/faq.yaml", tmp_path, manifest=False)
    assert report.passed
    assert all(fidelity(found) == [] for found in report.findings.values())


def test_the_rules_are_explained():
    from faq_export.checks.catalog import explain

    for rule in FIDELITY:
        assert rule in (explain(rule) or "")


def test_white_space_case_and_format_characters_do_not_count():
    assert normalise("Pro\u00adgram  Ｆｏｏ\n bar\u200b") == normalise("program foobar")
    assert normalise("ﬁle") == "file"


# --- broken documents are caught ------------------------------------------------------------


def _edit_zip(data: bytes, name: str, edit: Callable[[etree._Element], None]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                root = etree.fromstring(content)
                edit(root)
                content = etree.tostring(root, xml_declaration=True, encoding="utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _epub_answers(data: bytes) -> str:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return next(
        n for n in names if n.endswith(".xhtml") and b"marked-up-question" in _read(data, n)
    )


def _read(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def _drop_cell_epub(data: bytes) -> bytes:
    def edit(root: etree._Element) -> None:
        cell = root.find(f".//{XHTML}td")
        assert cell is not None and "Basic" in "".join(cell.itertext())
        for kid in list(cell):
            cell.remove(kid)
        cell.text = ""

    return _edit_zip(data, _epub_answers(data), edit)


def _drop_cell_docx(data: bytes) -> bytes:
    def edit(root: etree._Element) -> None:
        cells = [c for c in root.iter(f"{W}tc") if "Basic" in "".join(c.itertext())]
        for text in cells[0].iter(f"{W}t"):
            text.text = ""

    return _edit_zip(data, "word/document.xml", edit)


def _struct_elements(pdf: pikepdf.Pdf, kind: str) -> list[pikepdf.Dictionary]:
    found = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary):
            continue
        if item.get("/S") == kind:
            found.append(item)
        kids = item.get("/K")
        if kids is not None:
            stack.extend(reversed(list(kids) if isinstance(kids, pikepdf.Array) else [kids]))
    return found


def _pdf_edit(data: bytes, edit: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _drop_cell_pdf(data: bytes) -> bytes:
    def edit(pdf: pikepdf.Pdf) -> None:
        cell = _struct_elements(pdf, "/TD")[0]
        cell.K = pikepdf.Array([])

    return _pdf_edit(data, edit)


@pytest.mark.parametrize(
    ("fmt", "broken"),
    [("pdf", _drop_cell_pdf), ("epub", _drop_cell_epub), ("docx", _drop_cell_docx)],
)
def test_a_table_cell_dropped_is_lost_text_at_its_line(every_node, every_node_files, fmt, broken):
    findings = fidelity(check_bytes(broken(every_node_files[fmt]), fmt, False, every_node))
    assert [f.rule for f in findings] == ["FE-TEXT-LOST"], findings
    lost = findings[0]
    assert "“Basic”" in lost.message and "question 3" in lost.message
    assert lost.target == "marked-up-question"
    source_line = EVERY_NODE.read_text(encoding="utf-8").splitlines()
    line = int(lost.source.split(":")[1])
    assert "Basic" in source_line[line - 1]


def _double_paragraph_epub(data: bytes) -> bytes:
    def edit(root: etree._Element) -> None:
        paragraph = next(
            p for p in root.iter(f"{XHTML}p") if "Because questions" in "".join(p.itertext())
        )
        paragraph.addnext(etree.fromstring(etree.tostring(paragraph)))

    return _edit_zip(data, _epub_answers(data), edit)


def _double_paragraph_docx(data: bytes) -> bytes:
    def edit(root: etree._Element) -> None:
        paragraph = next(
            p for p in root.iter(f"{W}p") if "Because questions" in "".join(p.itertext())
        )
        paragraph.addnext(etree.fromstring(etree.tostring(paragraph)))

    return _edit_zip(data, "word/document.xml", edit)


def _double_paragraph_pdf(data: bytes) -> bytes:
    """The marked content of "Because questions …" claimed twice by its element."""
    from faq_export.checks.pdf import PdfContext

    def edit(pdf: pikepdf.Pdf) -> None:
        context = PdfContext(pdf, read_text=True)
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        for element in _struct_elements(pdf, "/Span") + _struct_elements(pdf, "/P"):
            kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
            texts = context.page_text(pages[element.Pg.objgen]) if "/Pg" in element else {}
            for kid in kids:
                if isinstance(kid, int) and texts.get(int(kid), "").startswith("Because"):
                    element.K = pikepdf.Array([*kids, kid])
                    return
        raise AssertionError("no marked content says 'Because'")

    return _pdf_edit(data, edit)


@pytest.mark.parametrize(
    ("fmt", "broken"),
    [
        ("pdf", _double_paragraph_pdf),
        ("epub", _double_paragraph_epub),
        ("docx", _double_paragraph_docx),
    ],
)
def test_a_paragraph_written_twice_is_doubled(every_node, every_node_files, fmt, broken):
    findings = fidelity(check_bytes(broken(every_node_files[fmt]), fmt, False, every_node))
    assert [f.rule for f in findings] == ["FE-TEXT-DOUBLED"], findings
    assert "Because questions may hold emphasis and code." in findings[0].message
    assert findings[0].target == "marked-up-question"


def _swap_paragraphs_epub(data: bytes) -> bytes:
    def edit(root: etree._Element) -> None:
        paragraph = next(
            p for p in root.iter(f"{XHTML}p") if "Because questions" in "".join(p.itertext())
        )
        table = paragraph.getnext()  # past a page-break marker, when a printed page starts
        while table is not None and table.tag != f"{XHTML}table":
            table = table.getnext()
        assert table is not None
        table.addnext(paragraph)

    return _edit_zip(data, _epub_answers(data), edit)


def _swap_paragraphs_docx(data: bytes) -> bytes:
    def edit(root: etree._Element) -> None:
        paragraph = next(
            p for p in root.iter(f"{W}p") if "Because questions" in "".join(p.itertext())
        )
        table = paragraph.getnext()
        while table is not None and table.tag != f"{W}tbl":
            table = table.getnext()
        assert table is not None
        table.addnext(paragraph)

    return _edit_zip(data, "word/document.xml", edit)


@pytest.mark.parametrize(
    ("fmt", "broken"), [("epub", _swap_paragraphs_epub), ("docx", _swap_paragraphs_docx)]
)
def test_a_paragraph_moved_after_a_table_is_out_of_order(every_node, every_node_files, fmt, broken):
    findings = fidelity(check_bytes(broken(every_node_files[fmt]), fmt, False, every_node))
    assert "FE-TEXT-ORDER" in [f.rule for f in findings], findings
    assert all(f.target == "marked-up-question" for f in findings)


def test_a_heading_lost_is_reported_and_the_rest_still_checked(every_node, every_node_files):
    def edit(root: etree._Element) -> None:
        heading = root.find(f".//{XHTML}h3[@id='first-question']")
        assert heading is not None
        heading.text = "Something else"

    data = _edit_zip(every_node_files["epub"], _epub_answers(every_node_files["epub"]), edit)
    findings = fidelity(check_bytes(data, "epub", False, every_node))
    assert [(f.rule, f.target) for f in findings] == [("FE-TEXT-LOST", "first-question")]
    assert "First question?" in findings[0].message


# --- a build with a broken writer fails, and writes nothing ---------------------------------


def test_a_build_whose_docx_writer_drops_a_cell_fails_and_writes_nothing(tmp_path, monkeypatch):
    import faq_export.render.docx as docx_writer

    real = docx_writer.render_docx

    def broken(document: m.Document, **options: object) -> bytes:
        return _drop_cell_docx(real(document, **options))  # type: ignore[arg-type]

    monkeypatch.setattr(docx_writer, "render_docx", broken)
    report = faq_export.build(EVERY_NODE, tmp_path / "out", manifest=False)
    assert not report.passed
    assert [f.rule for f in report.failures] == ["FE-TEXT-LOST"]
    assert report.failures[0].source is not None
    assert report.written == [] and not (tmp_path / "out").exists()


def test_a_build_whose_epub_writer_drops_a_cell_fails(tmp_path, monkeypatch):
    import faq_export.render.epub as epub_writer

    real = epub_writer.render_epub

    def broken(*args: object, **kwargs: object) -> bytes:
        return _drop_cell_epub(real(*args, **kwargs))  # type: ignore[arg-type]

    monkeypatch.setattr(epub_writer, "render_epub", broken)
    report = faq_export.build(EVERY_NODE, tmp_path / "out", formats=("epub",), manifest=False)
    assert [f.rule for f in report.failures] == ["FE-TEXT-LOST"]
    assert re.search(r"every-node\.yaml:\d+:\d+", report.failures[0].source or "")


# --- what the check must not take for a loss -----------------------------------------------


def test_a_title_that_is_also_the_first_sections_title_is_not_a_lost_part(tmp_path):
    """An import titles a document with no title of its own as its section: "Frequently
    asked questions" twice, on the cover and over the first section."""
    source = tmp_path / "faq.yaml"
    source.write_text(VALID.replace("title: Test FAQ", "title: Basics"), encoding="utf-8")
    document = load_document(source)
    assert document.metadata.title == document.sections[0].title
    findings = check_rendered(document, render(document, ("pdf", "epub", "docx")))
    for fmt in ("pdf", "epub", "docx"):
        assert fidelity(findings[fmt]) == [], fmt


def test_a_word_lost_from_a_right_to_left_pdf_is_named_in_its_written_order():
    """The PDF draws Arabic reversed: its parts are compared by the characters they hold, and
    a loss is said in the author's words, at their line."""
    from faq_export.checks.fidelity import fidelity_findings
    from faq_export.checks.pdf import PdfContext
    from faq_export.checks.pdf_text import reading_pieces

    document = load_document(ROOT / "examples/faq-ar.yaml")
    data = render(document, ("pdf",)).files["pdf"]
    answer = m.blocks_text(document.questions[0].answer)
    arabic = [w for w in answer.split() if w.isalpha() and unicodedata.bidirectional(w[0]) == "AL"]
    word = max(arabic, key=len)  # a long Arabic word, drawn reversed
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pieces = list(reading_pieces(PdfContext(pdf, read_text=True)))
    key = sorted(normalise(word))
    index, token = next(
        (i, t) for i, p in enumerate(pieces) for t in p.text.split() if sorted(normalise(t)) == key
    )
    pieces[index] = dataclasses.replace(pieces[index], text=pieces[index].text.replace(token, ""))
    findings = fidelity_findings(document, "pdf", pieces)
    assert [f.rule for f in findings] == ["FE-TEXT-LOST"], findings
    assert word in findings[0].message
    line = int((findings[0].source or "").split(":")[1])
    assert (
        word in (ROOT / "examples/faq-ar.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    )
