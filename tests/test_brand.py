"""One brand, every format: a source's ``brand:`` block (logo, organisation, accent colour,
footer) reaches the PDF, the EPUB (a cover image), the DOCX and the web page; its mistakes are
errors at their line; a source without it looks as before; a project's own print template is
found without --templates."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from lxml import etree, html
from PIL import Image

import faq_export
import faq_export.colours as colours
import faq_export.model as m
from faq_export.errors import SourceErrors
from faq_export.new_project import create_project
from faq_export.render.epub import brand_stylesheet
from faq_export.render.pdf import render_html
from faq_export.source import load_document
from tests.conftest import ROOT

SOURCES = ROOT / "tests" / "sources"
BRANDED = SOURCES / "branded.yaml"
ACCENT = "#0b6e4f"
FOOTER = "Public information – share freely"
ORGANISATION = "Example Library Service"
OPF = {"opf": "http://www.idpf.org/2007/opf"}
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The branded source in every format the brand reaches; the build passes its checks."""
    out = tmp_path_factory.mktemp("branded")
    report = faq_export.build(BRANDED, out, formats=("pdf", "epub", "docx", "html"))
    assert report.passed, report.findings
    return {path.suffix.lstrip("."): path for path in out.iterdir()}


def accent_pixels(pdf: Path, page: int) -> int:
    """Pixels of the accent colour on ``page``, drawn by pdftoppm at 40 dpi."""
    png = subprocess.run(
        ["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-png", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    with Image.open(io.BytesIO(png)) as image:
        data = image.convert("RGB").tobytes()
    want = tuple(int(ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        1 for i in range(0, len(data), 3) if all(abs(data[i + c] - want[c]) < 10 for c in range(3))
    )


def test_the_pdf_has_the_logo_the_organisation_the_colour_and_the_footer(branded):
    pdf = branded["pdf"]
    with pikepdf.open(pdf) as document:
        figures = [
            str(element.get("/Alt"))
            for element in _elements(document.Root.StructTreeRoot)
            if element.get("/S") == "/Figure"
        ]
        cover_images = list(document.pages[0].get_images())
    assert figures == [ORGANISATION]
    assert cover_images, "the logo is drawn on the cover"
    cover = _pdftotext(pdf, 1)
    assert ORGANISATION in cover and "Example Library FAQ" in cover
    assert FOOTER in _pdftotext(pdf, 2), "the footer text is at the foot of the pages"
    assert FOOTER not in cover, "not on the cover"
    assert accent_pixels(pdf, 1) > 200, "the accent band"
    assert accent_pixels(pdf, 3) > 20, "headings in the accent colour"


def test_the_epub_has_a_cover_image_with_alt_text_and_the_accent(branded):
    with zipfile.ZipFile(branded["epub"]) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        covers = opf.findall(".//opf:item[@properties='cover-image']", OPF)
        assert len(covers) == 1 and covers[0].get("media-type") == "image/png"
        with Image.open(io.BytesIO(epub.read("EPUB/" + covers[0].get("href")))) as image:
            assert image.size == (1200, 1800)
            top = image.convert("RGB").getpixel((600, 20))
        assert "#{:02x}{:02x}{:02x}".format(*top) == ACCENT, "the accent band across the top"
        spine = [ref.get("idref") for ref in opf.iterfind(".//opf:spine/opf:itemref", OPF)]
        first = opf.find(f".//opf:item[@id='{spine[0]}']", OPF).get("href")
        page = etree.fromstring(epub.read("EPUB/" + first))
        (img,) = page.iterfind(".//x:img", XHTML)
        assert img.get("src") == covers[0].get("href")
        assert "Example Library FAQ" in img.get("alt") and ORGANISATION in img.get("alt")
        title = etree.fromstring(epub.read("EPUB/title.xhtml"))
        assert ORGANISATION in "".join(title.itertext())
        css = epub.read("EPUB/brand.css").decode()
    assert f"h1, h2, h3, a {{ color: {ACCENT}; }}" in css


def test_the_docx_has_the_colours_the_logo_and_the_footer(branded):
    document = docx.Document(str(branded["docx"]))
    for name in ("Heading 1", "Heading 2", "Title"):
        assert str(document.styles[name].font.color.rgb) == ACCENT[1:].upper()
    assert document.inline_shapes, "the logo on the cover"
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert descriptions == [ORGANISATION]
    first = [p.text for p in document.paragraphs[:4]]
    assert ORGANISATION in first and first.index(ORGANISATION) < first.index("Example Library FAQ")
    assert FOOTER in document.sections[0].footer.paragraphs[0].text
    # The header row is shaded by the table's style, with a pale tint of the accent.
    qn = docx.oxml.ns.qn
    style_id = document.tables[0]._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val"))
    (style,) = [
        s
        for s in document.styles.element.iterfind(qn("w:style"))
        if s.get(qn("w:styleId")) == style_id
    ]
    (header,) = [p for p in style.iterfind(qn("w:tblStylePr")) if p.get(qn("w:type")) == "firstRow"]
    fill = header.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill"))
    red, green, blue = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    assert min(red, green, blue) > 200 and green > red  # a pale green: the accent #0b6e4f's hue


def test_the_web_page_has_the_logo_the_organisation_and_the_colour(branded):
    page = html.fromstring(branded["html"].read_bytes())
    (logo,) = page.xpath("//header[@class='masthead']//img[@class='logo']")
    assert logo.get("alt") == ORGANISATION and logo.get("src").startswith("data:image/png")
    (organisation,) = page.xpath("//header//p[@class='organisation']")
    assert organisation.text_content() == ORGANISATION
    style = page.xpath("//style")[0].text
    assert f"--accent: {ACCENT};" in style
    dark = colours.lighter(ACCENT, colours.DARK_SHADE)
    assert f"--accent: {dark};" in style, "a lighter shade for dark pages"
    assert colours.contrast(dark, colours.DARK_SHADE) >= 4.5


def test_no_brand_gives_the_look_as_shipped(tmp_path: Path):
    source = tmp_path / "faq.yaml"
    source.write_text(BRANDED.read_text(encoding="utf-8").split("\nbrand:")[0])
    document = load_document(source)
    assert document.brand == m.Brand()
    page = render_html(document)
    assert "--accent:" not in page.split("print.css", 1)[1], "print.css's own colours"
    assert "--footer-text:" not in page.split("print.css", 1)[1]
    assert 'class="organisation"' not in page and "<img" not in page
    assert f"color: {colours.DEFAULT_ACCENT}" in brand_stylesheet(document.brand)
    report = faq_export.build(document, tmp_path / "out", formats=("docx", "html"))
    assert report.passed
    word = docx.Document(str(tmp_path / "out" / "example-library-faq.docx"))
    assert str(word.styles["Heading 1"].font.color.rgb) == "1A4480"
    assert not word.inline_shapes
    web = html.fromstring((tmp_path / "out" / "example-library-faq.html").read_bytes())
    assert not web.xpath("//header//div[@class='brand']")


def _brand_source(tmp_path: Path, brand: str) -> Path:
    shutil.copy(SOURCES / "logo.png", tmp_path / "logo.png")
    source = tmp_path / "faq.yaml"
    source.write_text(BRANDED.read_text(encoding="utf-8").split("\nbrand:")[0] + "\n" + brand)
    return source


def _brand_line(source: Path, key: str) -> int:
    lines = source.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:"))


@pytest.mark.parametrize(
    ("brand", "key", "message", "hint"),
    [
        (
            'brand:\n  accent: "#7fc7ff"\n',
            "accent",
            "the accent colour #7fc7ff has a contrast of 1.82:1 against the white paper",
            'use a darker shade of it: accent: "#',
        ),
        ('brand:\n  accent: "blue"\n', "accent", "'blue' is not a colour", "hex colour"),
        ("brand:\n  accent: #0b6e4f\n", "accent", "the accent colour is empty", "quotes"),
        (
            "brand:\n  organisation: Example\n  logo: logo.png\n",
            "logo",
            "the logo has no alternative text",
            "logo_decorative: true",
        ),
        ("brand:\n  logo: logo.svg\n  logo_alt: Example\n", "logo", "does not exist", ""),
        ("brand:\n  logo_alt: Example\n", "logo_alt", "there is no 'logo'", ""),
        ("brand:\n  colour: '#000000'\n", "colour", "unknown key 'colour' in brand", "accent"),
    ],
    ids=["low-contrast", "not-a-colour", "unquoted", "no-alt", "missing", "alt-alone", "key"],
)
def test_brand_mistakes_are_errors_at_their_line(
    tmp_path: Path, brand: str, key: str, message: str, hint: str
):
    source = _brand_source(tmp_path, brand)
    with pytest.raises(SourceErrors) as raised:
        load_document(source)
    (error,) = raised.value.errors
    assert error.line == _brand_line(source, key)
    assert error.column is not None
    assert message in error.message and hint in error.hint


def test_the_suggested_shade_passes():
    source_colour = "#7fc7ff"
    shade = colours.darker(source_colour)
    assert colours.contrast(shade, colours.PAPER) >= 4.5
    assert colours.contrast(colours.lighter(ACCENT), colours.DARK_PAPER) >= 4.5
    # Table header text (the reader's dark text) on the accent's tint.
    assert colours.contrast("#1b1b1b", colours.tint(ACCENT, 0.85)) >= 4.5


def test_a_decorative_logo_is_drawn_and_skipped(tmp_path: Path):
    source = _brand_source(tmp_path, "brand:\n  logo: logo.png\n  logo_decorative: true\n")
    document = load_document(source)
    assert document.brand.logo is not None and document.brand.logo_alt == ""
    report = faq_export.build(document, tmp_path / "out", formats=("docx", "html"))
    assert report.passed, report.findings
    web = html.fromstring((tmp_path / "out" / "example-library-faq.html").read_bytes())
    assert web.xpath("//header//img[@class='logo']")[0].get("alt") == ""


def test_a_project_s_print_template_is_used_without_templates(tmp_path: Path):
    project = tmp_path / "project"
    create_project(project, template=True)
    css = project / "templates" / "print" / "print.css"
    css.write_text(css.read_text().replace('--footer-text: "";', '--footer-text: "Ours";'))
    steps: list[str] = []
    report = faq_export.build(
        project / "content" / "faq.yaml", project / "out", formats=("pdf",), progress=steps.append
    )
    assert report.passed
    assert f"using the print template in {project / 'templates' / 'print'}" in steps
    assert "Ours" in _pdftotext(next((project / "out").glob("*.pdf")), 2)
    # A source with no template beside it: nothing said, the shipped template.
    steps.clear()
    faq_export.build(BRANDED, tmp_path / "plain", formats=("pdf",), progress=steps.append)
    assert not any("print template" in step for step in steps)


def test_init_with_the_template_writes_a_brand_block(tmp_path: Path):
    create_project(tmp_path / "with", template=True)
    create_project(tmp_path / "without")
    with_brand = (tmp_path / "with" / "content" / "faq.yaml").read_text()
    assert re.search(r"^# brand:\n#   organisation: ", with_brand, re.M)
    assert "brand" not in (tmp_path / "without" / "content" / "faq.yaml").read_text()
    # Uncommented, the block is a valid brand (but for the logo file, which is the user's).
    lines = with_brand.splitlines()
    start = lines.index("# brand:")
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("#   "))
    block = [line[2:] for line in lines[start:end] if "logo" not in line]
    lines[start:end] = block
    source = tmp_path / "with" / "content" / "faq.yaml"
    source.write_text("\n".join(lines) + "\n")
    assert load_document(source).brand.organisation == "Example Library"


def _pdftotext(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _elements(node: pikepdf.Object):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def test_the_branded_epub_passes_epubcheck_and_ace(branded, tmp_path: Path):
    """The cover image, its page and brand.css as EPUBCheck and DAISY Ace read them."""
    from tests.validators import run_ace, run_epubcheck

    assert run_epubcheck(branded["epub"], tmp_path).at("FATAL", "ERROR", "WARNING", "INFO") == []
    ace = run_ace(branded["epub"], tmp_path)
    assert ace.violations == []
    assert ace.report["earl:result"]["earl:outcome"] == "pass"
