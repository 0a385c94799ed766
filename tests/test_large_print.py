"""The large-print edition (`--edition large-print`, #24): body text at 18 pt and nothing on any
page smaller, headings larger and bold, no justification, hyphenation or italics, in the PDF,
the Word briefing, the EPUB and the web page; the same tags and the same checks as the
standard edition, which is unchanged; named apart, and listed in the manifest."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pikepdf
import pytest
from lxml import etree

import faq_export
from faq_export.checks.pdf_text_size import IDENTITY, Matrix, _multiply
from faq_export.cli import main
from faq_export.options import LARGE_PRINT
from faq_export.render.pdf import lay_out
from faq_export.resources import TEMPLATE_DIR
from tests.conftest import EVERY_NODE, FAQ, OPTIONAL_TOOL_MISSING, ROOT
from tests.validators import VERAPDF_LIB, run_epubcheck, run_verapdf

FORMATS = ("pdf", "epub", "docx", "html")
REALWORLD = ROOT / "tests" / "realworld" / "lineageos-faq.yaml"  # the longest real FAQ

# Long words, addresses and code, and a table too wide for 18 pt: none may leave the column.
LONG_THINGS = """\
metadata:
  title: Long words, addresses and code
  language: en
  identifier: urn:example:long-things
  version: "1"
  date: 2026-01-01
  accessibility_summary: Text with a table and code.
intro: |
  Read https://example.org/a/very/long/path/that/goes/on/and/on/without/any/spaces/index.html first.
sections:
  - id: long
    title: Donaudampfschifffahrtsgesellschaftskapitänswitwe
    body: |
      The class `org.apache.commons.configuration2.builder.fluent.FileBasedConfigurationBuilder`
      is *long*, and so is [the advanced configuration page on GitHub](https://github.com/someorganisation/somerepository/blob/main/docs/configuration/advanced.md).

      - Pneumonoultramicroscopicsilicovolcanoconiosis is a word.

      ```
      $ curl --header "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0" https://api.example.org/v1/resources
      ```

      | Setting | Default | Environment variable | Description | Example |
      |---|---|---|---|---|
      | `max_connections_per_host` | 100 | `APP_MAX_CONNECTIONS_PER_HOST` | Connections at once | 250 |
      | `request_timeout_milliseconds` | 30000 | `APP_REQUEST_TIMEOUT_MILLISECONDS` | Internationalisation | [Timeouts](https://example.org/settings/timeouts) |
    questions:
      - id: q1
        question: What about `a_very_long_function_name_that_goes_on_and_on_and_on()`?
        answer: |
          It works: 10:00–18:00, Monday–Friday.
"""  # noqa: E501  (the long lines are the test)


def text_sizes(path: Path) -> Counter[tuple[float, str]]:
    """How many characters each page draws at each (size in points, font name), the running
    head and foot (artifacts) included: the font size times the scale of the text and
    graphics matrices, as a reader sees it on the page."""
    sizes: Counter[tuple[float, str]] = Counter()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = {str(k): v for k, v in page.Resources.get("/Font", {}).items()}
            ctm, tm, size, font = IDENTITY, IDENTITY, 0.0, ""
            saved: list[Matrix] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "q":
                    saved.append(ctm)
                elif name == "Q":
                    ctm = saved.pop()
                elif name == "cm":
                    ctm = _multiply(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
                elif name == "BT":
                    tm = IDENTITY
                elif name == "Tm":
                    tm = tuple(float(x) for x in operands)  # type: ignore[assignment]
                elif name == "Tf":
                    size = float(operands[1])
                    font = str(fonts[str(operands[0])].get("/BaseFont", ""))
                elif name in ("Tj", "TJ"):
                    a, b, c, d, _, _ = _multiply(tm, ctm)
                    points = round(abs(size) * abs(a * d - b * c) ** 0.5, 1)
                    drawn = operands[0]
                    count = (
                        sum(len(bytes(p)) for p in drawn if isinstance(p, pikepdf.String))
                        if name == "TJ"
                        else len(bytes(drawn))
                    )
                    sizes[points, font] += count // 2  # two bytes a glyph (Identity-H)
    return sizes


def by_size(sizes: Counter[tuple[float, str]]) -> Counter[float]:
    found: Counter[float] = Counter()
    for (points, _), count in sizes.items():
        found[points] += count
    return found


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Our FAQ in both editions, built by the library into one folder, as a user would."""
    folder = tmp_path_factory.mktemp("editions")
    built: dict[str, dict[str, Path]] = {}
    for edition in faq_export.EDITIONS:
        report = faq_export.build(FAQ, folder, formats=FORMATS, edition=edition)
        assert report.passed, report.failures
        built[edition] = {w.format: w.path for w in report.written if w.format != "manifest"}
    return built


@pytest.fixture(scope="module")
def large(editions: dict[str, dict[str, Path]]) -> dict[str, Path]:
    return editions[LARGE_PRINT]


# --- the PDF ----------------------------------------------------------------------------------


def test_the_body_text_is_18_pt_and_no_text_on_any_page_is_smaller(large):
    sizes = by_size(text_sizes(large["pdf"]))
    assert min(sizes) >= 18.0, sizes
    assert sizes.most_common(1)[0][0] == 18.0, sizes  # the body


def test_headings_are_larger_and_bold(large):
    sizes = text_sizes(large["pdf"])
    bold = {points for (points, font), _ in sizes.items() if "Bold" in font}
    # The cover's title, sections, questions: larger than the body, and bold.
    assert {36.0, 26.0, 22.0} <= bold
    regular = {points for (points, font), _ in sizes.items() if "Bold" not in font}
    assert max(regular) == 18.0  # no heading is set in the regular weight


def test_the_standard_edition_is_unchanged(editions, faq_outputs):
    """The default edition keeps its sizes and its names; the library's default is it."""
    standard = editions["standard"]
    sizes = by_size(text_sizes(standard["pdf"]))
    assert sizes.most_common(1)[0][0] == 12.0 and min(sizes) == 9.5
    assert standard["pdf"].read_bytes() == faq_outputs["pdf"].read_bytes()
    assert standard["epub"].read_bytes() == faq_outputs["epub"].read_bytes()
    assert {p.name for p in standard.values()} == {
        f"sharing-quality-services-faq.{fmt}" for fmt in FORMATS
    }
    briefing = docx.Document(str(standard["docx"]))
    assert briefing.styles["Normal"].font.size.pt == 11.5
    with zipfile.ZipFile(standard["epub"]) as book:
        assert not [n for n in book.namelist() if "large-print" in n]


def structure(path: Path) -> tuple[list[str], Counter[str], list[tuple[int, str]], str, str]:
    """What a screen reader navigates: the headings' types in reading order, the count of
    each kind of element that does not depend on where the pages break (WeasyPrint makes a
    section, a paragraph or a link met by a page or line break two elements), the outline
    (depth, title), the language and the PDF/UA part claimed."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(str(node.S))
            walk(node.get("/K"))

    def outline(items: list[pikepdf.OutlineItem], depth: int = 0) -> list[tuple[int, str]]:
        return [
            entry
            for item in items
            for entry in [(depth, str(item.title)), *outline(item.children, depth + 1)]
        ]

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot.K)
        with pdf.open_outline() as bookmarks:
            marks = outline(bookmarks.root)
        with pdf.open_metadata() as xmp:
            part = str(xmp["pdfuaid:part"])
        language = str(pdf.Root.Lang)
    headings = [kind for kind in found if re.fullmatch(r"/H\d", kind)]
    steady = {"/L", "/LI", "/Lbl", "/LBody", "/TOCI", "/Table", "/TH", "/TD", "/Figure"}
    return headings, Counter(k for k in found if k in steady), marks, language, part


def test_the_tags_are_the_standard_editions(editions):
    """The same headings, lists, contents entries and bookmarks: the edition changes the
    look, not the structure."""
    standard = structure(editions["standard"]["pdf"])
    assert structure(editions[LARGE_PRINT]["pdf"]) == standard
    headings, kinds, marks, _, _ = standard
    assert headings.count("/H2") == 4 and kinds["/LI"] > 40 and len(marks) == 20


def test_no_text_is_justified_hyphenated_or_in_italics(every_node):
    """Every text box of the layout: aligned to its start, never hyphenated, upright (the
    every-node source has emphasis, which large print sets in bold)."""
    layout = lay_out(every_node, edition=LARGE_PRINT)
    boxes = [
        box
        for page in layout.pages.pages
        for box in page._page_box.descendants()
        if type(box).__name__ == "TextBox" and box.text.strip()
    ]
    styles = [box.style for box in boxes]
    assert {s["hyphens"] for s in styles} == {"none"}
    assert "justify" not in {s["text_align_all"] for s in styles}
    assert {s["font_style"] for s in styles} == {"normal"}
    emphasis = [box.style["font_weight"] for box in boxes if box.element_tag == "em"]
    assert emphasis and set(emphasis) == {700}
    body = Counter(repr(box.style["line_height"]) for box in boxes if box.element_tag == "li")
    assert body.most_common(1)[0][0] == "1.5"


def test_long_words_addresses_code_and_a_wide_table_stay_in_the_column(tmp_path: Path):
    source = tmp_path / "faq.yaml"
    source.write_text(LONG_THINGS, encoding="utf-8")
    report = faq_export.build(source, tmp_path / "out", edition=LARGE_PRINT)
    assert [f.rule for f in report.failures] == []
    assert not [f for found in report.findings.values() for f in found if "OVERFLOW" in f.rule]
    assert min(by_size(text_sizes(report.outputs["pdf"]))) >= 18.0


def test_a_template_that_does_not_load_the_edition_fails_the_build(tmp_path: Path):
    """A document.html.j2 copied before there were editions: its large print would be small,
    and the build says so (FE-PDF-LARGE-PRINT) and writes nothing."""
    folder = tmp_path / "print"
    shutil.copytree(TEMPLATE_DIR, folder)
    page = folder / "document.html.j2"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"\{% if edition_css %\}.*?\{% endif %\}", "", text), encoding="utf-8")
    report = faq_export.build(
        EVERY_NODE, tmp_path / "out", formats=("pdf",), templates=folder, edition=LARGE_PRINT
    )
    found = [f for f in report.failures if f.rule == "FE-PDF-LARGE-PRINT"]
    assert len(found) == 1 and "under the large-print edition's 18 pt" in found[0].message
    assert "edition_css" in found[0].fix
    assert report.written == [] and not (tmp_path / "out").exists()


def test_a_template_folder_may_hold_its_own_large_print_css(tmp_path: Path):
    folder = tmp_path / "print"
    shutil.copytree(TEMPLATE_DIR, folder)
    (folder / "large-print.css").write_text(
        (TEMPLATE_DIR / "large-print.css").read_text(encoding="utf-8")
        + ":root { --body-size: 20pt; }\n",
        encoding="utf-8",
    )
    report = faq_export.build(
        EVERY_NODE, tmp_path / "out", formats=("pdf",), templates=folder, edition=LARGE_PRINT
    )
    assert report.passed
    assert by_size(text_sizes(report.outputs["pdf"])).most_common(1)[0][0] == 20.0


# --- the Word briefing ------------------------------------------------------------------------


def test_the_briefings_styles_are_large_print(large):
    briefing = docx.Document(str(large["docx"]))
    sizes = {
        name: briefing.styles[name].font.size.pt
        for name in (
            "Normal",
            "Title",
            "Heading 1",
            "Heading 2",
            "Header",
            "Footer",
            "Code Block",
            "Inline Code",
            "Table Text",
            "Caption",
        )
    }
    assert sizes["Normal"] == 18
    assert sizes["Title"] > sizes["Heading 1"] > sizes["Heading 2"] > 18
    assert all(bool(briefing.styles[h].font.bold) for h in ("Title", "Heading 1", "Heading 2"))
    assert min(sizes.values()) >= 18, sizes  # the page numbers in the footer too
    section = briefing.sections[0]
    assert round(section.left_margin.mm) == round(section.right_margin.mm) == 20


def test_no_run_of_the_briefing_is_in_italics_or_smaller(large):
    """Emphasis is bold in large print; no run sets a size of its own under 18 pt."""
    briefing = docx.Document(str(large["docx"]))
    runs = [run for paragraph in briefing.paragraphs for run in paragraph.runs]
    assert not [run.text for run in runs if run.italic]
    assert not [run.text for run in runs if run.font.size is not None and run.font.size.pt < 18]
    # The memo's title, emphasised in the source, is bold.
    emphasised = "Centralized Mission Support Capabilities for the Federal Government"
    assert any(run.bold and emphasised in run.text for run in runs)


# --- the EPUB and the web page ----------------------------------------------------------------

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
}


def test_the_epub_adds_a_relative_style_sheet_and_follows_the_large_print_pages(large):
    with zipfile.ZipFile(large["epub"]) as book:
        css = book.read("EPUB/large-print.css").decode()
        pages = [n for n in book.namelist() if n.endswith(".xhtml")]
        linked = [n for n in pages if b'href="large-print.css"' in book.read(n)]
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    # No fixed size: the reader's own setting still rules.
    assert re.search(r"font-size:\s*150%", css)
    assert not re.search(r"\d(pt|px|cm|mm|in)\b", css)
    assert len(linked) == len(pages)
    assert opf.find(".//dc:source", NS).text.endswith("#large-print-2026.11")
    page_list = nav.findall(".//x:nav[@id='page-list']//x:a", NS)
    with pikepdf.open(large["pdf"]) as pdf:
        assert len(page_list) == len(pdf.pages)


def test_the_web_page_sets_its_text_larger_in_relative_units(large, editions):
    page = large["html"].read_text(encoding="utf-8")
    assert "html { font-size: 150%;" in page
    assert "font-style: normal; font-weight: bold" in page
    assert "font-size: 150%" not in editions["standard"]["html"].read_text(encoding="utf-8")


# --- names, the manifest, the formats ---------------------------------------------------------


def test_both_editions_sit_side_by_side_and_the_manifest_lists_each(editions):
    folder = editions["standard"]["pdf"].parent
    assert editions[LARGE_PRINT]["pdf"].name == "sharing-quality-services-faq-large-print.pdf"
    assert all(path.exists() for paths in editions.values() for path in paths.values())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = [(entry["edition"], entry["format"], entry["file"]) for entry in manifest["files"]]
    assert listed == [
        (edition, fmt, path.name)
        for edition, paths in editions.items()
        for fmt, path in paths.items()
    ]
    pages = {(e["edition"], e["format"]): e["pages"] for e in manifest["files"]}
    assert pages["large-print", "pdf"] == pages["large-print", "epub"] > pages["standard", "pdf"]


def test_plain_text_and_braille_have_no_large_print(tmp_path: Path, capsys):
    with pytest.raises(ValueError, match="no type size"):
        faq_export.build(EVERY_NODE, tmp_path, formats=("pdf", "txt"), edition=LARGE_PRINT)
    with pytest.raises(SystemExit) as exit_code:
        main(["build", str(EVERY_NODE), "--format", "brf", "--edition", "large-print"])
    assert exit_code.value.code == 2
    assert "brf has no type size" in capsys.readouterr().err


def test_outputs_names_the_large_print_files(capsys):
    assert main(["outputs", str(FAQ), "--edition", "large-print", "--out", "out"]) == 0
    assert capsys.readouterr().out.split() == [
        f"out/sharing-quality-services-faq-large-print.{fmt}" for fmt in ("pdf", "epub", "docx")
    ]


# --- the reference judges (slow) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def judged(large, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The large-print PDF of our FAQ and of the longest real FAQ, for veraPDF."""
    folder = tmp_path_factory.mktemp("real")
    report = faq_export.build(REALWORLD, folder, formats=("pdf", "epub"), edition=LARGE_PRINT)
    assert report.passed, report.failures
    return {"faq": large["pdf"], "real": report.outputs["pdf"], "real-epub": report.outputs["epub"]}


@pytest.mark.parametrize("flavour", ["ua1", "2a"])
def test_verapdf_passes_the_large_print_pdfs(judged, flavour: str):
    if not (VERAPDF_LIB / ".ready").exists():
        pytest.skip(f"{OPTIONAL_TOOL_MISSING} veraPDF (make test installs it)")
    results = run_verapdf([judged["faq"], judged["real"]], flavour)
    assert {name: r.failed_rules for name, r in results.items() if not r.compliant} == {}
    assert len(results) == 2


def test_epubcheck_passes_the_large_print_epubs(judged, large, tmp_path: Path):
    for epub in (large["epub"], judged["real-epub"]):
        assert run_epubcheck(epub, tmp_path).at("FATAL", "ERROR", "WARNING") == []
