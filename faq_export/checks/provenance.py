"""Whether faq-export made a file, by what the file says of its maker.

A finding's advice for faq-export's users (``Finding.ours``: its options, the print template)
is for files faq-export built. ``faq-export check`` judges anyone's files, so it shows that
advice only where the file names faq-export as its maker (``_version.GENERATOR``):

- PDF: the document information's /Creator or the XMP's xmp:CreatorTool;
- EPUB: the package document's ``<meta name="generator">``;
- DOCX: docProps/app.xml's ``<Application>``;
- web page: its ``<meta name="generator">``.

A braille file has nowhere to say it, and a file that cannot be read for it is taken as
another tool's: the advice is then left out, never wrongly shown.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

from lxml import etree, html

from faq_export.checks.findings import CheckInputError, Finding

MAKER = "faq-export"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_CREATOR_TOOL = re.compile(rb"CreatorTool[^>]*>\s*faq-export|CreatorTool=[\"']faq-export")


def made_by_faq_export(data: bytes, fmt: str) -> bool:
    """Whether the file (``data``, of format ``fmt`` as ``detect_format`` tells it) names
    faq-export as the tool that made it."""
    import pikepdf  # here: `validate` imports the checks, never a PDF library

    try:
        if fmt == "pdf":
            return _pdf_maker(data)
        if fmt in ("epub", "docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return _epub_maker(archive) if fmt == "epub" else _docx_maker(archive)
        if fmt == "html":
            page = html.document_fromstring(data)
            return any(
                content.startswith(MAKER)
                for content in page.xpath("//head/meta[@name='generator']/@content")
            )
    except (
        pikepdf.PdfError,
        zipfile.BadZipFile,
        KeyError,
        etree.LxmlError,
        CheckInputError,
        ValueError,
    ):
        return False
    return False


def _pdf_maker(data: bytes) -> bool:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        creator = pdf.docinfo.get("/Creator") if pdf.trailer.get("/Info") else None
        if creator is not None and str(creator).startswith(MAKER):
            return True
        metadata = pdf.Root.get("/Metadata")
        if isinstance(metadata, pikepdf.Stream):
            return bool(_CREATOR_TOOL.search(metadata.read_bytes()))
    return False


def _epub_maker(archive: zipfile.ZipFile) -> bool:
    container = etree.fromstring(archive.read("META-INF/container.xml"), _PARSER)
    rootfile = container.find(".//{*}rootfile")
    if rootfile is None:
        return False
    package = etree.fromstring(archive.read(rootfile.get("full-path", "")), _PARSER)
    return any(
        (meta.get("content") or "").startswith(MAKER)
        for meta in package.iterfind(".//{*}metadata/{*}meta[@name='generator']")
    )


def _docx_maker(archive: zipfile.ZipFile) -> bool:
    properties = etree.fromstring(archive.read("docProps/app.xml"), _PARSER)
    application = properties.find("{*}Application")
    return application is not None and (application.text or "").startswith(MAKER)


def for_another_tool(finding: Finding) -> Finding:
    """The finding without its advice for faq-export's users, and so the findings under it."""
    return dataclasses.replace(
        finding, ours=None, also=tuple(for_another_tool(f) for f in finding.also)
    )
