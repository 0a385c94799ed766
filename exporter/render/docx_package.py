"""The DOCX package around the document: what python-docx's default template leaves behind.

The template carries a sample thumbnail, a bibliography custom-XML part, "Microsoft Macintosh
Word" as the application, revision ids, a spelling state of "clean", a Japanese East-Asian
theme language and Calibri/Cambria theme fonts. ``finish_package`` rewrites the zip entries so
the file says only what is true of it.
"""

from __future__ import annotations

import posixpath

from lxml import etree

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

# Parts that describe the template, not this document.
DROPPED_PREFIXES = ("docProps/thumbnail", "customXml/", "word/stylesWithEffects.xml")

EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def _app_properties(application: str) -> bytes:
    root = etree.Element(f"{{{EXTENDED_NS}}}Properties", nsmap={None: EXTENDED_NS})
    etree.SubElement(root, f"{{{EXTENDED_NS}}}Application").text = application
    etree.SubElement(root, f"{{{EXTENDED_NS}}}DocSecurity").text = "0"
    return _serialize(root)


def _dropped(name: str) -> bool:
    return name.startswith(DROPPED_PREFIXES)


def _serialize(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _without_dropped_relationships(name: str, data: bytes) -> bytes:
    root = etree.fromstring(data)
    base = posixpath.dirname(posixpath.dirname(name))  # "word/_rels/x.rels" -> "word"
    for rel in list(root):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join(base, rel.get("Target", "")))
        if _dropped(target.lstrip("/")):
            root.remove(rel)
    return _serialize(root)


def _without_dropped_content_types(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for override in root.findall(f"{{{CT_NS}}}Override"):
        if _dropped(override.get("PartName", "").lstrip("/")):
            root.remove(override)
    return _serialize(root)


def _clean_settings(data: bytes, language: str) -> bytes:
    root = etree.fromstring(data)
    for tag in (
        f"{{{W_NS}}}rsids",
        f"{{{W_NS}}}proofState",
        f"{{{W_NS}}}attachedTemplate",
        f"{{{W14_NS}}}docId",
    ):
        for element in root.findall(tag):
            root.remove(element)
    theme_lang = root.find(f"{{{W_NS}}}themeFontLang")
    if theme_lang is not None:
        theme_lang.attrib.clear()
        theme_lang.set(f"{{{W_NS}}}val", language)
    return _serialize(root)


def _clean_styles(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for rsid in root.iter(f"{{{W_NS}}}rsid"):
        rsid.getparent().remove(rsid)
    return _serialize(root)


def _theme_with_font(data: bytes, family: str) -> bytes:
    root = etree.fromstring(data)
    for kind in ("majorFont", "minorFont"):
        for latin in root.iter(f"{{{A_NS}}}{kind}"):
            latin.find(f"{{{A_NS}}}latin").set("typeface", family)
    return _serialize(root)


def finish_package(
    entries: list[tuple[str, bytes]], *, language: str, font: str, application: str
) -> list[tuple[str, bytes]]:
    """The package's entries without template leftovers, in the same order."""
    finished: list[tuple[str, bytes]] = []
    for name, data in entries:
        if _dropped(name):
            continue
        if name.endswith(".rels"):
            data = _without_dropped_relationships(name, data)
        elif name == "[Content_Types].xml":
            data = _without_dropped_content_types(data)
        elif name == "docProps/app.xml":
            data = _app_properties(application)
        elif name == "word/settings.xml":
            data = _clean_settings(data, language)
        elif name == "word/styles.xml":
            data = _clean_styles(data)
        elif name.startswith("word/theme/"):
            data = _theme_with_font(data, font)
        finished.append((name, data))
    return finished
