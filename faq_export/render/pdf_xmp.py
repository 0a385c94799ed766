"""The PDF's XMP metadata: which standards the file claims, said as each validator expects.

WeasyPrint 70 writes one variant at a time. For PDF/UA-1 + PDF/A-2a the file is written as
PDF/A-2a (``pdfaid:part 2``, ``conformance A``) and declared PDF/UA-1 here: ``pdfuaid:part 1``,
and, because PDF/A allows only the XMP schemas it predefines (ISO 19005-2, 6.6.2.3.1), the
PDF/A extension schema that describes ``pdfuaid`` (veraPDF rule 6.6.2.3.1 and page-validation
PDFA2A-XMP-EXTENSION-PROPERTY-DEFINITION-001 ask for it).
"""

from __future__ import annotations

import pikepdf
from lxml import etree

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
PACKET_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'.encode()
PACKET_END = b'\n<?xpacket end="r"?>'


def declare_pdfua(pdf: pikepdf.Pdf, part: int) -> None:
    """Add ``pdfuaid:part`` and the PDF/A extension schema that describes it."""
    root = _xmpmeta(pdf)
    rdf = root.find(f"{{{RDF}}}RDF")
    assert rdf is not None, "WeasyPrint writes an rdf:RDF element"
    claim = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap={"pdfuaid": PDFUAID})
    claim.set(f"{{{RDF}}}about", "")
    claim.set(f"{{{PDFUAID}}}part", str(part))
    rdf.append(_pdfuaid_extension_schema())
    body = etree.tostring(root, encoding="utf-8")
    pdf.Root.Metadata.write(PACKET_BEGIN + body + PACKET_END)


def _xmpmeta(pdf: pikepdf.Pdf) -> etree._Element:
    packet = pdf.Root.Metadata.read_bytes()
    start = packet.index(b"<x:xmpmeta")
    end = packet.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    return etree.fromstring(packet[start:end])


def _pdfuaid_extension_schema() -> etree._Element:
    nsmap = {"rdf": RDF, "pdfaExtension": EXTENSION, "pdfaSchema": SCHEMA, "pdfaProperty": PROPERTY}
    description = etree.Element(f"{{{RDF}}}Description", nsmap=nsmap)
    description.set(f"{{{RDF}}}about", "")
    schemas = etree.SubElement(description, f"{{{EXTENSION}}}schemas")
    schema = etree.SubElement(etree.SubElement(schemas, f"{{{RDF}}}Bag"), f"{{{RDF}}}li")
    schema.set(f"{{{RDF}}}parseType", "Resource")
    for name, value in (
        ("namespaceURI", PDFUAID),
        ("prefix", "pdfuaid"),
        ("schema", "PDF/UA identification schema"),
    ):
        etree.SubElement(schema, f"{{{SCHEMA}}}{name}").text = value
    properties = etree.SubElement(
        etree.SubElement(schema, f"{{{SCHEMA}}}property"), f"{{{RDF}}}Seq"
    )
    part = etree.SubElement(properties, f"{{{RDF}}}li")
    part.set(f"{{{RDF}}}parseType", "Resource")
    for name, value in (
        ("name", "part"),
        ("valueType", "Integer"),
        ("category", "internal"),
        ("description", "The part of ISO 14289 (PDF/UA) the file conforms to"),
    ):
        etree.SubElement(part, f"{{{PROPERTY}}}{name}").text = value
    return description
