"""Each renderer handles every node type of the model (tests/sources/every-node.yaml)."""

from __future__ import annotations

import zipfile

import docx
import pikepdf
from docx.oxml.ns import qn
from lxml import etree

from exporter.render.docx import bookmark_names
from tests.test_pdf_output import pdf_text

NS = {"x": "http://www.w3.org/1999/xhtml"}


def epub_page(path, name="EPUB/section-01.xhtml"):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def test_epub_has_every_element(every_node_outputs):
    page = epub_page(every_node_outputs["epub"])
    body = page.find("x:body", NS)
    for xpath in (
        ".//x:em",
        ".//x:strong",
        ".//x:code",
        ".//x:br",
        ".//x:ol[@start='3']",
        ".//x:ol/x:li/x:ul/x:li",
        ".//x:blockquote/x:p",
        ".//x:pre/x:code",
        ".//x:a[@href='https://example.org/page'][@title='Example page']",
        ".//x:img[@alt='A red square'][@src='images/red.png']",
        ".//x:a[@href='section-01.xhtml#basics']",
        ".//x:a[@href='section-01.xhtml#first-question']",
    ):
        assert body.find(xpath, NS) is not None, xpath
    assert (
        body.find(".//x:div[@class='intro']//x:a[@href='section-01.xhtml#second-question']", NS)
        is not None
    )
    with zipfile.ZipFile(every_node_outputs["epub"]) as z:
        assert z.read("EPUB/images/red.png").startswith(b"\x89PNG")


def test_pdf_has_every_element(every_node_outputs):
    text = pdf_text(every_node_outputs["pdf"])
    for snippet in (
        "Plain, emphasised, strong, code, a line",
        "3. third",
        "4. fourth",
        "nested bullet",
        "A quotation.",
        "code block line 1",
        "code block line 2",
        "Read the second question first.",
    ):
        assert snippet in text, snippet
    with pikepdf.open(every_node_outputs["pdf"]) as pdf:
        annots = [a for page in pdf.pages for a in page.get("/Annots", [])]
        uris = [str(a.A.URI) for a in annots if "/A" in a and "/URI" in a.A]
        dests = [str(a.Dest) for a in annots if "/Dest" in a]
    assert "https://example.org/page" in uris
    for target in ("basics", "first-question", "second-question"):
        assert target in dests


def test_docx_has_every_element(every_node, every_node_outputs):
    document = docx.Document(str(every_node_outputs["docx"]))
    paragraphs = document.paragraphs
    runs = [r for p in paragraphs for r in p.runs]
    assert any(r.italic and r.text == "emphasised" for r in runs)
    assert any(r.bold and r.text == "strong" for r in runs)
    styles = [(p.style.name, p.text) for p in paragraphs]
    assert ("List Number", "third") in styles and ("List Bullet 2", "nested bullet") in styles
    assert ("Quote", "A quotation.") in styles
    assert ("macro", "code block line 1\ncode block line 2") in styles
    body = document.element.body
    descriptions = [d.get("descr") for d in body.iter(qn("wp:docPr"))]
    assert descriptions == ["A red square"]
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    names = bookmark_names(every_node)
    for target in ("basics", "first-question", "second-question"):
        assert names[target] in anchors
    breaks = [b for b in body.iter(qn("w:br"))]
    assert breaks
