"""Each renderer handles every node type of the model (tests/sources/every-node.yaml)."""

from __future__ import annotations

import zipfile

import docx
import pikepdf
from docx.oxml.ns import qn
from lxml import etree

from faq_export.render.docx import bookmark_names
from tests.test_pdf_output import pdf_text

NS = {"x": "http://www.w3.org/1999/xhtml", "xml": "http://www.w3.org/XML/1998/namespace"}


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
        ".//x:img[@alt='A red square'][@src='images/image-1.png']",
        ".//x:a[@href='section-01.xhtml#basics']",
        ".//x:a[@href='section-01.xhtml#first-question']",
        ".//x:span[@lang='es'][@xml:lang='es']",
        ".//x:span[@lang='ar'][@xml:lang='ar'][@dir='rtl']",
        ".//x:div[@lang='fr'][@xml:lang='fr']/x:p",
    ):
        assert body.find(xpath, NS) is not None, xpath
    assert (
        body.find(".//x:section[@class='intro'][@role='doc-introduction']/x:h2[@id='_intro']", NS)
        is not None
    )
    assert (
        body.find(".//x:section[@class='intro']//x:a[@href='section-01.xhtml#second-question']", NS)
        is not None
    )
    with zipfile.ZipFile(every_node_outputs["epub"]) as z:
        assert z.read("EPUB/images/image-1.png").startswith(b"\x89PNG")


def test_web_page_has_every_element(every_node):
    from lxml import html

    from faq_export.render.webpage import render_webpage

    page = html.document_fromstring(render_webpage(every_node))
    main = page.find("body/main")
    for xpath in (
        ".//em",
        ".//strong",
        ".//code",
        ".//br",
        ".//ol[@start='3']",
        ".//ol/li/ul/li",
        ".//blockquote/p",
        ".//pre/code",
        ".//a[@href='https://example.org/page'][@title='Example page']",
        ".//img[@alt='A red square'][@width='8'][@height='8']",
        ".//a[@href='#basics']",
        ".//a[@href='#first-question']",
        ".//span[@lang='es']",
        ".//span[@lang='ar'][@dir='rtl']",
        ".//div[@lang='fr']/p",
        ".//table/caption",
        ".//table/thead/tr/th[@scope='col']",
        ".//details[@id='marked-up-question']/summary/h3/em",
    ):
        assert main.find(xpath) is not None, xpath
    assert main.find(".//section[@class='intro']/h2[@id='_intro']").text == "Introduction"
    assert main.find(".//section[@class='intro']//a[@href='#second-question']") is not None
    assert main.find(".//img").get("src").startswith("data:image/png;base64,iVBORw0KGgo")


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
    # Words and passages in another language carry it on their structure elements.
    with pikepdf.open(every_node_outputs["pdf"]) as pdf:
        languages = {
            (str(o.S), str(o.Lang))
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and "/S" in o and "/Lang" in o
        }
    assert {("/Span", "es"), ("/Span", "ar"), ("/Div", "fr")} <= languages
    assert "muchas gracias" in text and "Un paragraphe en français." in text


def test_docx_has_every_element(every_node, every_node_outputs):
    document = docx.Document(str(every_node_outputs["docx"]))
    paragraphs = document.paragraphs
    runs = [r for p in paragraphs for r in p.runs]
    assert any(r.italic and r.text == "emphasised" for r in runs)
    assert any(r.bold and r.text == "strong" for r in runs)
    styles = [(p.style.name, p.text) for p in paragraphs]
    assert ("List Number", "third") in styles and ("List Bullet 2", "nested bullet") in styles
    assert ("Quote", "A quotation.") in styles
    assert ("Code Block", "code block line 1\ncode block line 2") in styles
    body = document.element.body
    descriptions = [d.get("descr") for d in body.iter(qn("wp:docPr"))]
    assert descriptions == ["A red square"]
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    names = bookmark_names(every_node)
    for target in ("basics", "first-question", "second-question"):
        assert names[target] in anchors
    breaks = [b for b in body.iter(qn("w:br"))]
    assert breaks
    # Runs in another language say so (w:lang); Arabic runs are right to left (w:rtl).
    languages = {
        (r.text, r._r.rPr.find(qn("w:lang")).get(qn("w:val")))
        for r in runs
        if r._r.rPr is not None and r._r.rPr.find(qn("w:lang")) is not None
    }
    assert {("muchas gracias", "es"), ("شكرا", "ar"), ("Un paragraphe en français.", "fr")} <= (
        languages
    )
    arabic = next(r for r in runs if r.text == "شكرا")
    assert arabic._r.rPr.find(qn("w:rtl")) is not None
    assert arabic._r.rPr.find(qn("w:lang")).get(qn("w:bidi")) == "ar"


# --- tables and marked-up questions ---------------------------------------------------------


def test_epub_table_has_header_cells_with_scope_and_its_caption(every_node_outputs):
    page = epub_page(every_node_outputs["epub"])
    table = page.find(".//x:table", NS)
    assert table is not None
    assert "".join(table.find("x:caption", NS).itertext()) == "Prices per plan"
    headers = table.findall("x:thead/x:tr/x:th", NS)
    assert [(h.text, h.get("scope")) for h in headers] == [("Plan", "col"), ("Price", "col")]
    cells = [[td.text for td in tr.findall("x:td", NS)] for tr in table.findall("x:tbody/x:tr", NS)]
    assert cells == [["Basic", "$5"], ["Pro", "$10"]]
    assert headers[1].get("style") == "text-align: right"


def test_pdf_table_is_tagged_with_scoped_header_cells(every_node_outputs):
    with pikepdf.open(every_node_outputs["pdf"]) as pdf:
        kinds = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/S" in o]
        headers = [o for o in kinds if o.S == "/TH"]
        assert len(headers) == 2
        assert all(str(h.A.Scope) == "/Column" for h in headers)
        assert {"/Table", "/THead", "/TBody", "/TR", "/TD", "/Caption"} <= {str(o.S) for o in kinds}


def test_docx_table_has_a_repeating_header_row_and_a_description(every_node_outputs):
    document = docx.Document(str(every_node_outputs["docx"]))
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Plan", "Price"]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    properties = table._tbl.tblPr
    assert properties.find(qn("w:tblCaption")).get(qn("w:val")) == "Prices per plan"
    assert "Plan, Price" in properties.find(qn("w:tblDescription")).get(qn("w:val"))
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)


def test_question_markup_is_in_headings_and_plain_in_navigation(every_node_outputs):
    page = epub_page(every_node_outputs["epub"])
    heading = page.find(".//x:h3[@id='marked-up-question']", NS)
    assert heading.find("x:em", NS).text == "this"
    assert heading.find("x:strong", NS).text == "one"
    assert heading.find("x:code", NS).text == "marked up"
    nav = epub_page(every_node_outputs["epub"], "EPUB/nav.xhtml")
    entry = nav.find(".//x:a[@href='section-01.xhtml#marked-up-question']", NS)
    assert entry.text == "3. Why is this one marked up?" and len(entry) == 0
    with pikepdf.open(every_node_outputs["pdf"]) as pdf, pdf.open_outline() as outline:

        def walk(items):
            for item in items:
                yield item.title
                yield from walk(item.children)

        titles = list(walk(outline.root))
    assert "3. Why is this one marked up?" in titles
    document = docx.Document(str(every_node_outputs["docx"]))
    heading_runs = next(
        p for p in document.paragraphs if p.style.name == "Heading 2" and "Why" in p.text
    )
    assert heading_runs.text == "3. Why is this one marked up?"
    assert any(r.italic and r.text == "this" for r in heading_runs.runs)
    assert any(r.bold and r.text == "one" for r in heading_runs.runs)
    toc = [p.text for p in document.paragraphs if p.style.name == "TOC 2"]
    assert any(t.startswith("3. Why is this one marked up?") for t in toc)
