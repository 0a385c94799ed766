"""The EPUB: a valid EPUB 3 with the whole FAQ, its navigation and its language."""

from __future__ import annotations

import zipfile

from lxml import etree

from tests.conftest import squash

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read(path, name):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def spine_documents(path):
    opf = read(path, "EPUB/content.opf")
    manifest = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:item", NS)}
    return [f"EPUB/{manifest[r.get('idref')]}" for r in opf.iterfind(".//opf:itemref", NS)]


def test_mimetype_first_and_stored(faq_outputs):
    with zipfile.ZipFile(faq_outputs["epub"]) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"


def test_every_question_is_a_heading_in_reading_order(faq, faq_outputs):
    headings = []
    for name in spine_documents(faq_outputs["epub"]):
        doc = read(faq_outputs["epub"], name)
        if doc.find(".//x:nav", NS) is not None:
            continue
        headings += [
            (h.tag.split("}")[1], h.get("id"), squash("".join(h.itertext())))
            for h in doc.iterfind(".//x:body//*", NS)
            if h.tag.endswith(("h2", "h3"))
        ]
    expected = [("h2", "_intro", "Introduction")]  # the introduction's heading, as a section's
    for section in faq.sections:
        expected.append(("h2", section.id, section.title))
        expected += [("h3", q.id, f"{q.number}. {q.text}") for q in section.questions]
    assert headings == expected


def test_nav_lists_sections_and_questions_nested(faq, faq_outputs):
    nav = read(faq_outputs["epub"], "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    top = [squash("".join(a.itertext())) for a in toc.findall("x:ol/x:li/x:a", NS)] + [
        squash("".join(s.itertext())) for s in toc.findall("x:ol/x:li/x:span", NS)
    ]
    assert {s.title for s in faq.sections} <= set(top)
    nested = [squash("".join(a.itertext())) for a in toc.findall("x:ol/x:li/x:ol/x:li/x:a", NS)]
    assert nested == [f"{q.number}. {q.text}" for q in faq.questions]


def test_language_on_package_and_every_content_document(faq_outputs):
    opf = read(faq_outputs["epub"], "EPUB/content.opf")
    assert opf.get(XML_LANG) == "en-US"
    assert opf.findtext(".//dc:language", namespaces=NS) == "en-US"
    for name in spine_documents(faq_outputs["epub"]):
        root = read(faq_outputs["epub"], name)
        assert root.get("lang") == "en-US" and root.get(XML_LANG) == "en-US", name
        assert root.findtext(".//x:head/x:title", namespaces=NS), name


def test_identifier_is_the_sources(faq, faq_outputs):
    opf = read(faq_outputs["epub"], "EPUB/content.opf")
    assert opf.findtext(".//dc:identifier", namespaces=NS) == faq.metadata.identifier
