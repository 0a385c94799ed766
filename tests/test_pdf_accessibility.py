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
from faq_export.standards import CHOICES
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
    expected = ["/H1", "/H2", "/H2"]  # title, "Contents", "Introduction"
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
    assert len(entries) == len(faq.toc_entries()) == 1 + len(faq.sections) + len(faq.questions)
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
    assert targets == [entry.id for entry in faq.toc_entries()]
    assert targets[0] == "_intro"  # the introduction's heading first


def test_every_link_is_described_for_people(pdf):
    parent_tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    contents = []
    for page in pdf.pages:
        assert page.obj.Tabs == "/S"
        for annot in page.obj.get("/Annots", []):
            assert parent_tree[int(annot.StructParent)].S == "/Link"
            contents.append(str(annot.Contents))
    assert "Go to “1. What are shared services?”, page 3" in contents
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


# --- links whose text is code, strong or emphasis (issue 22) ---------------------------------

LINK_TEXT = ROOT / "tests" / "sources" / "link-text.yaml"


@pytest.fixture(scope="module")
def link_text_pdfs() -> dict[str, bytes]:
    """The link-text source's PDF in every choice of standards."""
    document = load_document(LINK_TEXT)
    return {choice: render_all(document, ("pdf",), standard=choice)["pdf"] for choice in CHOICES}


def link_annotations(pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    """(page number, annotation) of every link annotation, in page order."""
    return [
        (number, annot)
        for number, page in enumerate(pdf.pages, 1)
        for annot in page.obj.get("/Annots", [])
        if annot.get("/Subtype") == "/Link"
    ]


def web_address(annot) -> str | None:
    action = annot.get("/A")
    return str(action.URI) if isinstance(action, pikepdf.Dictionary) and "/URI" in action else None


def inside(inner, outer, tolerance: float = 2.0) -> bool:
    ix1, iy1, ix2, iy2 = (float(v) for v in inner.Rect)
    ox1, oy1, ox2, oy2 = (float(v) for v in outer.Rect)
    return (
        min(ox1, ox2) - tolerance <= min(ix1, ix2)
        and min(oy1, oy2) - tolerance <= min(iy1, iy2)
        and max(ix1, ix2) <= max(ox1, ox2) + tolerance
        and max(iy1, iy2) <= max(oy1, oy2) + tolerance
    )


def test_links_whose_text_is_code_strong_or_emphasis_build_in_every_format(tmp_path: Path, capsys):
    """``[`man brew`](…)``, ``[**BSD-3** licence](…)``, emphasis, in a table cell, a list item,
    a cross-reference, around a picture, wrapping over two lines and crossing a page: the
    build passes every check (ours and page-validation) and writes the three documents."""
    assert main(["build", str(LINK_TEXT), "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "PDFUA1-LINK" not in err and "nothing was written" not in err
    assert sorted(p.suffix for p in tmp_path.glob("link-text-test.*")) == [".docx", ".epub", ".pdf"]


@pytest.mark.parametrize("choice", CHOICES)
def test_every_link_annotation_is_held_by_its_link_element_alone(link_text_pdfs, choice: str):
    """WeasyPrint annotates every inline box inside ``<a>`` and tags the inner box's
    annotation in the inner box's element (``NonStruct`` > ``Span``, or ``Figure``): an
    annotation outside any Link. After the tags pass each annotation's /StructParent is a
    Link that holds it, no other element holds one, the Link keeps the inner element and its
    text, and no Link holds an annotation lying inside another of the same Link (one tab
    stop per line of a link)."""
    from faq_export.render.pdf_struct import elements, is_element, is_objr, kids

    with pikepdf.open(io.BytesIO(link_text_pdfs[choice])) as pdf:
        parent_tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        holders: dict[tuple[int, int], list[pikepdf.Dictionary]] = {}
        tree = list(elements(pdf.Root.StructTreeRoot))
        for element in tree:
            for kid in kids(element):
                if is_objr(kid):
                    holders.setdefault(kid.Obj.objgen, []).append(element)
        annotations = link_annotations(pdf)
        for _, annot in annotations:
            link = parent_tree[int(annot.StructParent)]
            assert link.S == "/Link", (str(annot.Contents), str(link.S))
            assert [h.objgen for h in holders[annot.objgen]] == [link.objgen]
        annotation_ids = {annot.objgen for _, annot in annotations}
        assert {h.S for a in annotation_ids for h in holders[a]} == {"/Link"}
        assert all(a in annotation_ids for a in holders if pdf.get_object(a).Subtype == "/Link")

        links = [e for e in tree if e.S == "/Link"]
        for link in links:
            own = [k.Obj for k in kids(link) if is_objr(k)]
            assert own, "a Link element without its annotation"
            assert not [
                (a.objgen, b.objgen) for a in own for b in own if a != b and inside(a, b)
            ], "an annotation inside another of the same Link"
        inner = {str(k.S) for link in links for k in kids(link) if is_element(k)}
        assert {"/NonStruct", "/Figure"} <= inner  # code, strong, emphasis; the picture

        by_address: dict[str, list[tuple[int, pikepdf.Dictionary]]] = {}
        for number, annot in annotations:
            if (address := web_address(annot)) is not None:
                by_address.setdefault(address, []).append((number, annot))
        # Each case is in the file: one annotation per one-line link, a line each for the
        # link that wraps and the one that crosses a page, two for the picture link.
        for address in (
            "https://docs.brew.sh/Manpage",
            "https://opensource.org/license/bsd-3-clause",
            "https://example.org/guide",
            "https://docs.brew.sh/Manpage#help",
            "https://git-scm.com/book",
            "https://example.org/item",
            "https://example.org/emphasis",
        ):
            assert len(by_address[address]) == 1, address
        assert len({n for n, _ in by_address["https://docs.brew.sh/Manpage#all"]}) == 1
        assert len(by_address["https://docs.brew.sh/Manpage#all"]) == 2
        assert len({n for n, _ in by_address["https://docs.brew.sh/Common-Issues"]}) == 2
        picture = by_address["https://example.org/blue"]
        assert len(picture) == 2  # the line, and the picture taller than it
        assert len({parent_tree[int(a.StructParent)].objgen for _, a in picture}) == 1


def test_link_descriptions_read_the_link_text_without_its_markup(link_text_pdfs):
    with pikepdf.open(io.BytesIO(link_text_pdfs["ua-1,a-2a"])) as pdf:
        contents = {str(annot.Contents) for _, annot in link_annotations(pdf)}
    for description in (
        "man brew, web page https://docs.brew.sh/Manpage",
        "BSD-3 licence, web page https://opensource.org/license/bsd-3-clause",
        "The getting-started guide",
        "brew help, web page https://docs.brew.sh/Manpage#help",
        "the git book, web page https://git-scm.com/book",
        "code link, web page https://example.org/item",
        "emphasis, web page https://example.org/emphasis",
        "A blue square the blue page, web page https://example.org/blue",
        "Go to “1. Where is the manual?”, page 3",
        "Go to “2. Is there a table of the commands?”, page 3",
        "Go to “5. What if a link is long?”, page 3",
    ):
        assert description in contents
    assert not [c for c in contents if "`" in c or "*" in c or c.startswith(("#", "http"))]


@pytest.mark.parametrize("choice", CHOICES)
def test_links_whose_text_is_marked_up_pass_our_checks_and_page_validation(
    link_text_pdfs, choice: str
):
    data = link_text_pdfs[choice]
    assert [f"{f.rule}: {f.message}" for f in check_pdf(data) if f.fails()] == []
    if choice != "ua-2":  # page-validation has no PDF/UA-2 profile
        report = page_validation.validate_pdf_bytes(data, profile="ua1")
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []


def test_without_the_tags_pass_an_inner_annotation_is_outside_any_link(monkeypatch):
    """The source does reproduce issue 22: without ``adopt_link_annotations`` the checks
    find each inner box's annotation outside a Link element."""
    from faq_export.render import pdf_tags
    from faq_export.render.pdf import tag_pdf

    document = load_document(LINK_TEXT)
    untagged = lay_out(document).untagged_pdf()
    monkeypatch.setattr(pdf_tags._Tree, "adopt_link_annotations", lambda self: None)
    data = tag_pdf(untagged, document, "ua-1,a-2a")
    assert "PDFUA1-LINK-LINK-TAG-001" in {f.rule for f in check_pdf(data)}
