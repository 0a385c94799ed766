"""PDF/UA-1: page-validation finds nothing, and what it cannot judge is asserted here on the
real file: artifacts, the TOC, link descriptions, headings, outline, metadata, layout."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import page as page_validation
import pikepdf
import pytest

from faq_export.checks.findings import Severity
from faq_export.checks.pdf import check_pdf
from faq_export.cli import main
from faq_export.pipeline import render_all
from faq_export.render.pdf import lay_out
from faq_export.source import load_document
from tests.conftest import FAQ, ROOT


def kids(element):
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def elements(element):
    for kid in kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


@pytest.fixture(scope="session")
def pdf(faq_outputs):
    with pikepdf.open(faq_outputs["pdf"]) as document:
        yield document


@pytest.mark.parametrize("which", ["faq_outputs", "every_node_outputs"])
def test_page_validation_finds_no_failed_rule(which, request):
    report = page_validation.validate_pdf(str(request.getfixturevalue(which)["pdf"]), profile="ua1")
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []
    assert report.is_compliant and report.rules.total == 104


def test_our_checks_find_nothing(faq_outputs, every_node_outputs):
    for outputs in (faq_outputs, every_node_outputs):
        assert check_pdf(outputs["pdf"].read_bytes()) == []


def test_weasyprints_bare_output_is_caught(faq):
    """The gaps the post-pass fixes are real: our checks find each in WeasyPrint's own PDF."""
    bare = lay_out(faq).pages.write_pdf(pdf_variant="pdf/ua-1", presentational_hints=True)
    rules = {f.rule for f in check_pdf(bare) if f.severity is Severity.ERROR}
    assert {"FE-PDF-UNTAGGED", "FE-PDF-LINK-DESCRIPTION", "FE-PDF-LINK-NESTED"} <= rules
    assert "FE-PDF-TOC" in {f.rule for f in check_pdf(bare)}
    # …which the machine validator alone lets through:
    assert page_validation.validate_pdf_bytes(bare, profile="ua1").is_compliant


def test_headings_one_h1_sections_h2_questions_h3_in_order(faq, pdf):
    document = kids(pdf.Root.StructTreeRoot)[0]
    levels = [str(e.S) for e in elements(document) if re.fullmatch(r"/H\d", str(e.S))]
    expected = ["/H1", "/H2"]  # title, "Contents"
    for section in faq.sections:
        expected += ["/H2"] + ["/H3"] * len(section.questions)
    assert levels == expected


def test_running_headers_and_footers_are_artifacts(pdf):
    for number, page in enumerate(pdf.pages, 1):
        artifacts, untagged, depth = 0, 0, 0
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if (
                name == "BDC"
                and operands[0] == "/Artifact"
                and operands[1].get("/Type") == "/Pagination"
            ):
                artifacts += 1
            if name in ("BDC", "BMC"):
                depth += 1
            elif name == "EMC":
                depth -= 1
            elif name in ("Tj", "TJ") and depth == 0:
                untagged += 1
        assert untagged == 0
        assert artifacts == (0 if number == 1 else 2), number  # header and footer
    tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    reachable = {e.objgen for e in elements(pdf.Root.StructTreeRoot)}
    for page in pdf.pages:
        for element in tree[int(page.obj.StructParents)]:
            assert not isinstance(element, pikepdf.Dictionary) or element.objgen in reachable


def test_contents_are_toc_entries_each_one_link_with_its_page(faq, pdf):
    tocs = [e for e in elements(pdf.Root.StructTreeRoot) if e.S == "/TOC"]
    entries = [
        e
        for toc in tocs
        for e in kids(toc)
        if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/TOCI"
    ]
    assert len(entries) == len(faq.sections) + len(faq.questions)
    names = {k: v for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    page_numbers = {p.objgen: n for n, p in enumerate(pdf.pages, 1)}
    targets = []
    for entry in entries:
        links = [e for e in elements(entry) if e.S == "/Link"]
        assert len(links) == 1, "one Link per entry, none nested"
        annots = [
            k.Obj
            for k in kids(links[0])
            if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
        ]
        dests = {str(a.Dest) for a in annots}
        assert len(dests) == 1
        target = dests.pop()
        targets.append(target)
        page = page_numbers[names[target][0].objgen]
        for annot in annots:
            assert str(annot.Contents).endswith(f", page {page}")
    expected = []
    for section in faq.sections:
        expected += [section.id] + [q.id for q in section.questions]
    assert targets == expected


def test_every_link_is_described_for_people(pdf):
    parent_tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    contents = []
    for page in pdf.pages:
        assert page.obj.Tabs == "/S"
        for annot in page.obj.get("/Annots", []):
            assert parent_tree[int(annot.StructParent)].S == "/Link"
            contents.append(str(annot.Contents))
    assert "Go to “1. What are shared services?”, page 4" in contents
    for description in (
        "Video Center",
        "QSMO",
        "USSM Website",
        "Governance",
        "Performance Management",
        "The original publication, web page https://ussm.gsa.gov/faq/",
    ):
        assert description in contents
    assert not [c for c in contents if re.match(r"^(https?://|#)|^faq\d+$", c)]


def test_document_metadata_and_bookmarks(faq, pdf):
    assert str(pdf.Root.Lang) == "en-US"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == faq.metadata.title
        assert xmp["pdfuaid:part"] == "1"
    titles = []
    stack = [pdf.Root.Outlines.First]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        titles.append(str(item.Title))
        stack += [item.get("/Next"), item.get("/First")]
    for section in faq.sections:
        assert section.title in titles
    for question in faq.questions:
        assert f"{question.number}. {question.text}" in titles


def test_images_carry_their_alt_text(every_node_outputs):
    with pikepdf.open(every_node_outputs["pdf"]) as document:
        figures = [e for e in elements(document.Root.StructTreeRoot) if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["A red square"]


def test_answer_lists_are_tagged_lists(pdf):
    kinds = [str(e.S) for e in elements(pdf.Root.StructTreeRoot)]
    assert kinds.count("/L") >= 15 and "/Lbl" in kinds and "/LBody" in kinds


def test_a4_by_cli_flag(tmp_path: Path):
    assert (
        main(
            [
                "build",
                str(FAQ),
                "--format",
                "pdf",
                "--paper",
                "a4",
                "--out",
                str(tmp_path),
                "--quiet",
            ]
        )
        == 0
    )
    info = subprocess.run(
        ["pdfinfo", str(next(tmp_path.glob("*.pdf")))], capture_output=True, text=True
    ).stdout
    assert "(A4)" in info


def test_a_failed_check_stops_the_build_and_keeps_the_previous_pdf(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(FAQ), "--format", "pdf", "--out", str(out), "-q"]) == 0
    before = (out / "sharing-quality-services-faq.pdf").read_bytes()
    templates = tmp_path / "print"
    shutil.copytree(ROOT / "templates" / "print", templates)
    page = templates / "document.html.j2"
    page.write_text(page.read_text().replace('<html lang="{{ lang }}" dir="{{ dir }}">', "<html>"))
    code = main(
        ["build", str(FAQ), "--format", "pdf", "--out", str(out), "--templates", str(templates)]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "FE-PDF-LANG" in err and "nothing was written" in err
    assert (out / "sharing-quality-services-faq.pdf").read_bytes() == before


# --- layout people expect, read from the template's CSS --------------------------------

CSS = (ROOT / "templates" / "print" / "print.css").read_text()


def css_variable(name: str) -> str:
    return re.search(rf"--{name}:\s*([^;]+);", CSS)[1].strip()


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", ["text", "accent", "muted"])
def test_text_colours_contrast_at_least_4_5_to_1(colour):
    assert contrast(css_variable(colour), css_variable("paper")) >= 4.5


def test_body_size_and_line_height():
    assert float(css_variable("body-size").removesuffix("pt")) >= 11
    line_height = float(re.search(r"html\s*{[^}]*line-height:\s*([\d.]+)", CSS)[1])
    assert line_height >= 1.4


def test_links_are_underlined_not_only_coloured():
    assert re.search(r"(^|\n)a\s*{[^}]*text-decoration:\s*underline", CSS)


LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" '
    'height="60" fill="#1a4480"/></svg>'
)


def logo_pixels(data: bytes) -> int:
    """Pixels of the logo's colour (#1a4480) on the cover, rendered by pdftoppm as PPM."""
    ppm = subprocess.run(
        ["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    _magic, rest = ppm.split(b"\n", 1)
    size, rest = rest.split(b"\n", 1)
    _, pixels = rest.split(b"\n", 1)
    width, height = map(int, size.split())
    return sum(
        1
        for i in range(0, width * height * 3, 3)
        if abs(pixels[i] - 0x1A) < 8
        and abs(pixels[i + 1] - 0x44) < 8
        and abs(pixels[i + 2] - 0x80) < 8
    )


@pytest.mark.parametrize("alt", ["U.S. General Services Administration", ""])
def test_a_logo_is_a_figure_with_its_alt_or_decoration(faq, tmp_path: Path, alt: str):
    templates = tmp_path / "print"
    shutil.copytree(ROOT / "templates" / "print", templates)
    (templates / "logo.svg").write_text(LOGO)
    page = templates / "document.html.j2"
    page.write_text(
        page.read_text()
        .replace('{% set logo = "" %}', '{% set logo = "logo.svg" %}')
        .replace('{% set logo_alt = "" %}', f'{{% set logo_alt = "{alt}" %}}')
    )
    css = templates / "print.css"
    css.write_text(css.read_text().replace('--footer-text: "";', '--footer-text: "Draft";'))
    data = lay_out(faq, templates).pdf()
    assert check_pdf(data) == []
    with pikepdf.open(io.BytesIO(data)) as document:
        figures = [
            str(e.get("/Alt")) for e in elements(document.Root.StructTreeRoot) if e.S == "/Figure"
        ]
    assert figures == ([alt] if alt else [])
    assert logo_pixels(data) > 100, "the logo is drawn on the cover either way"
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-", "-"], input=data, capture_output=True
    ).stdout.decode()
    assert "Draft" in text


def test_no_question_is_left_at_a_page_bottom_without_its_answer(faq):
    layout = lay_out(faq)
    page_of = {}
    for number, page in enumerate(layout.pages.pages, 1):
        for name in page.anchors:
            page_of.setdefault(name, number)
    for question in faq.questions:
        assert page_of[question.id] == page_of[f"{question.id}.1"], question.id
    for section in faq.sections:
        first = f"{section.id}.1" if section.body else section.questions[0].id
        assert page_of[section.id] == page_of[first], section.id


@pytest.mark.parametrize(
    "source", [FAQ, ROOT / "tests" / "realworld" / "lineageos-faq.yaml"], ids=["faq", "lineageos"]
)
def test_a_list_that_crosses_a_page_is_one_list_and_no_contents_entry_is_empty(source: Path):
    """WeasyPrint writes one L per page a list spans, and an empty TOCI where a contents
    entry breaks across pages; the tags pass joins the one and removes the other. Each
    labelled L has the items of the list the source wrote, in order."""
    from faq_export.render.pdf_struct import elements, is_element, kids
    from faq_export.render.pdf_tags import _model_lists

    document = load_document(source)
    with pikepdf.open(io.BytesIO(render_all(document, ("pdf",))["pdf"])) as pdf:
        tree = list(elements(pdf.Root.StructTreeRoot))
        labelled = [
            len([i for i in kids(e) if is_element(i) and i.S == "/LI"])
            for e in tree
            if e.get("/S") == "/L"
            and any(
                is_element(x) and x.S == "/Lbl" for i in kids(e) if is_element(i) for x in kids(i)
            )
        ]
        assert labelled == [count for _, count in _model_lists(document)]
        assert all(kids(e) for e in tree if e.get("/S") == "/TOCI")
