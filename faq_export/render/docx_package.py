"""The DOCX package around the document: template leftovers out, the typeface in.

python-docx's default template carries a sample thumbnail, a bibliography custom-XML part,
"Microsoft Macintosh Word" as the application, revision ids, a spelling state of "clean", a
Japanese East-Asian theme language and Calibri/Cambria theme fonts. ``finish_package``
rewrites the zip entries so the file says only what is true of it, and embeds the typeface
(obfuscated as ECMA-376 Part 1, 17.8.1 requires; the SIL OFL allows embedding) so Word and
LibreOffice show Atkinson Hyperlegible where it is not installed.
"""

from __future__ import annotations

import posixpath
import uuid
from collections.abc import Sequence

from lxml import etree

from faq_export.fonts import FontFace

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
EMBED_ELEMENTS = {
    (400, "normal"): "embedRegular",
    (700, "normal"): "embedBold",
    (400, "italic"): "embedItalic",
    (700, "italic"): "embedBoldItalic",
}

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


def _clean_settings(data: bytes, language: str, embeds_fonts: bool) -> bytes:
    root = etree.fromstring(data)
    if embeds_fonts and root.find(f"{{{W_NS}}}embedTrueTypeFonts") is None:
        # CT_Settings order: writeProtection?, view?, zoom?, … embedTrueTypeFonts?
        embed = etree.Element(f"{{{W_NS}}}embedTrueTypeFonts")
        zoom = root.find(f"{{{W_NS}}}zoom")
        if zoom is not None:
            zoom.addnext(embed)
        else:
            root.insert(0, embed)
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


def font_key(face: FontFace, seed: str) -> str:
    """A stable GUID for one embedded font file (the same document gives the same bytes)."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}#{face.path.name}")).upper() + "}"


def obfuscate(font: bytes, key: str) -> bytes:
    """ECMA-376 Part 1, 17.8.1: the first 32 bytes XOR the GUID's 16 bytes, last byte first."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def _font_table_with(data: bytes, embedded: Sequence[tuple[str, str, str, str]]) -> bytes:
    """fontTable.xml with each embedded family and its files (family, element, relationship,
    key)."""
    root = etree.fromstring(data)
    families = list(dict.fromkeys(family for family, *_ in embedded))
    for existing in root.findall(f"{{{W_NS}}}font"):
        if existing.get(f"{{{W_NS}}}name") in families:
            root.remove(existing)
    for family in families:
        font = etree.SubElement(root, f"{{{W_NS}}}font", {f"{{{W_NS}}}name": family})
        for tag, value in (("charset", "00"), ("family", "swiss"), ("pitch", "variable")):
            etree.SubElement(font, f"{{{W_NS}}}{tag}", {f"{{{W_NS}}}val": value})
        for owner, element, rel_id, key in embedded:
            if owner == family:
                etree.SubElement(
                    font,
                    f"{{{W_NS}}}{element}",
                    {f"{{{R_NS}}}id": rel_id, f"{{{W_NS}}}fontKey": key},
                )
    return _serialize(root)


def _font_relationships(embedded: Sequence[tuple[str, str, str, str]]) -> bytes:
    root = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
    for index, (_, _, rel_id, _) in enumerate(embedded, 1):
        etree.SubElement(
            root,
            f"{{{REL_NS}}}Relationship",
            {"Id": rel_id, "Type": FONT_REL, "Target": f"fonts/font{index}.odttf"},
        )
    return _serialize(root)


def _with_font_content_type(data: bytes) -> bytes:
    root = etree.fromstring(data)
    if not any(d.get("Extension") == "odttf" for d in root.findall(f"{{{CT_NS}}}Default")):
        default = etree.Element(
            f"{{{CT_NS}}}Default", {"Extension": "odttf", "ContentType": OBFUSCATED_FONT}
        )
        root.insert(0, default)
    return _serialize(root)


def finish_package(
    entries: list[tuple[str, bytes]],
    *,
    language: str,
    font: str,
    application: str,
    embed: Sequence[FontFace] = (),
    seed: str = "",
) -> list[tuple[str, bytes]]:
    """The package's entries without template leftovers, in the same order, with the font
    files of ``embed`` (obfuscated with keys derived from ``seed``) at the end."""
    embedded = [
        (
            face.family,
            EMBED_ELEMENTS[(face.weight, face.style)],
            f"rIdFont{index}",
            font_key(face, seed),
        )
        for index, face in enumerate(embed, 1)
    ]
    finished: list[tuple[str, bytes]] = []
    for name, data in entries:
        if _dropped(name):
            continue
        if name.endswith(".rels"):
            data = _without_dropped_relationships(name, data)
        elif name == "[Content_Types].xml":
            data = _without_dropped_content_types(data)
            if embedded:
                data = _with_font_content_type(data)
        elif name == "docProps/app.xml":
            data = _app_properties(application)
        elif name == "word/settings.xml":
            data = _clean_settings(data, language, embeds_fonts=bool(embedded))
        elif name == "word/fontTable.xml" and embedded:
            data = _font_table_with(data, embedded)
        elif name == "word/styles.xml":
            data = _clean_styles(data)
        elif name.startswith("word/theme/"):
            data = _theme_with_font(data, font)
        finished.append((name, data))
    if embedded:
        finished.append(("word/_rels/fontTable.xml.rels", _font_relationships(embedded)))
        for index, (face, (*_, key)) in enumerate(zip(embed, embedded, strict=True), 1):
            finished.append(
                (f"word/fonts/font{index}.odttf", obfuscate(face.path.read_bytes(), key))
            )
    return finished
