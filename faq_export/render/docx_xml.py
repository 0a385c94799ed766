"""WordprocessingML that python-docx has no API for, as named operations.

Hyperlinks, bookmarks, fields (TOC, PAGEREF, PAGE, NUMPAGES), document language and fonts,
image alt text, table descriptions and header rows, and the looks of styles python-docx
cannot set (shading, borders, a table style's header row). The renderer calls these; it
never builds XML elements itself.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.styles.style import BaseStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run


class Appender:
    """Paragraphs and link relationships added in constant time each. python-docx finds the
    body's ``w:sectPr`` (its last child) for every new paragraph, and the next free ``rId``
    and any equal relationship for every link, by reading all of them: quadratic in the
    length of the document (a 3,000-question briefing spent most of its time there)."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.body = document.element.body
        self.end = self.body.find(qn("w:sectPr"))
        self.rels = document.part.rels
        self.next_rid = 1
        self.links: dict[str, str] = {}

    def paragraph(self) -> Paragraph:
        """A new empty paragraph at the end of the body (before its section properties)."""
        element = OxmlElement("w:p")
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)
        return Paragraph(element, self.document._body)

    def link_rel(self, url: str) -> str:
        """The relationship id of an external link to ``url`` (one per address)."""
        if url not in self.links:
            while f"rId{self.next_rid}" in self.rels:
                self.next_rid += 1
            rel_id = f"rId{self.next_rid}"
            self.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, rel_id, is_external=True)
            self.links[url] = rel_id
        return self.links[url]


def add_hyperlink(
    paragraph: Paragraph, url: str, tooltip: str | None = None, rel_id: str | None = None
) -> BaseOxmlElement:
    """An external hyperlink at the end of ``paragraph``; put runs in it with ``move_run``.
    ``rel_id``: the link's relationship, from ``Appender.link_rel`` (else one is made)."""
    if rel_id is None:
        rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    if tooltip:
        link.set(qn("w:tooltip"), tooltip)
    paragraph._p.append(link)
    return link


def add_internal_link(paragraph: Paragraph, bookmark: str) -> BaseOxmlElement:
    """A hyperlink to a bookmark of this document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def move_run(run: Run, container: BaseOxmlElement) -> Run:
    """Move a run python-docx created into ``container`` (a hyperlink)."""
    container.append(run._r)
    return run


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Bookmark the whole paragraph as ``name`` (a heading, target of links and the TOC)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    p = paragraph._p
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def _field_char(paragraph: Paragraph, kind: str, dirty: bool = False) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run._r.append(char)


def _instruction(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {text} "
    run._r.append(instr)


def begin_field(paragraph: Paragraph, instruction: str) -> None:
    """Start a complex field whose result follows (possibly over several paragraphs)."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, instruction)
    _field_char(paragraph, "separate")


def end_field(paragraph: Paragraph) -> None:
    _field_char(paragraph, "end")


def add_simple_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A field such as PAGE or NUMPAGES with a placeholder result until Word computes it."""
    begin_field(paragraph, instruction)
    paragraph.add_run(placeholder)
    end_field(paragraph)


BULLETS = ("•", "◦", "▪")


def add_list_definition(document: DocxDocument, ordered: bool) -> int:
    """A multi-level list definition (``w:abstractNum``): numbers "1." or bullets at every
    level, each level indented further. The default template's list styles define one level
    only, so a nested list could not be told from a new list (Word, mammoth, screen readers).
    """
    numbering = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for level in range(9):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", "decimal" if ordered else "bullet"),
            ("w:lvlText", f"%{level + 1}." if ordered else BULLETS[level % len(BULLETS)]),
            ("w:lvlJc", "left"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        ppr = OxmlElement("w:pPr")
        indent = OxmlElement("w:ind")
        indent.set(qn("w:left"), str(360 * (level + 1)))
        indent.set(qn("w:hanging"), "360")
        ppr.append(indent)
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return abstract_id


def add_list(
    document: DocxDocument, abstract_id: int, level: int, start: int = 1, num_id: int | None = None
) -> int:
    """One list (``w:num``) of a definition; a numbered list counts from ``start``.

    Pass ``num_id`` (the next free one, counted by the caller) for documents with many
    lists: python-docx's own choice scans every existing ``w:num`` with a list lookup, which
    is cubic in the number of lists (2,000 questions with a list each: 11 s of 30)."""
    numbering = document.part.numbering_part.element
    if num_id is None:
        num = numbering.add_num(abstract_id)
    else:
        num = numbering._insert_num(CT_Num.new(num_id, abstract_id))  # type: ignore[no-untyped-call]
    num.add_lvlOverride(ilvl=level).add_startOverride(start)
    return int(num.numId)


def next_list_id(document: DocxDocument) -> int:
    """The first ``numId`` after every one the document has."""
    ids = document.part.numbering_part.element.xpath("./w:num/@w:numId")
    return max((int(i) for i in ids), default=0) + 1


def set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def add_page_reference(
    paragraph: Paragraph, bookmark: str, container: BaseOxmlElement
) -> BaseOxmlElement:
    """A PAGEREF field to ``bookmark`` inside ``container``: the page number the heading is on.

    Returns the field's result text (``w:t``), empty until ``set_field_result`` fills it with
    a page number measured on a layout of the document (``docx_pages``). Nothing is marked
    dirty, so opening the document asks nothing; Word recomputes the number when it updates
    fields (print preview, printing, F9)."""
    begin_field(paragraph, f"PAGEREF {bookmark} \\h")
    result = paragraph.add_run()
    text = OxmlElement("w:t")
    result._r.append(text)
    end_field(paragraph)
    for run in paragraph._p.findall(qn("w:r"))[-5:]:
        container.append(run)
    return text


def set_field_result(result: BaseOxmlElement, text: str) -> None:
    """The cached result of a field (what Word and LibreOffice show until it is updated)."""
    result.text = text


def set_document_language(document: DocxDocument, language: str) -> None:
    """``w:lang`` in the document defaults: the language of every run unless it says otherwise."""
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if rpr_default is None:
        return
    set_language(_child(_child(rpr_default, "w:rPr"), "w:lang"), language)


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """``parent``'s ``tag`` element, appended when it has none."""
    child: BaseOxmlElement | None = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    return child


def set_language(lang: BaseOxmlElement, language: str) -> None:
    """``w:lang``: the language of Latin text (``w:val``) and, when the language is written
    in those scripts, of East Asian (``w:eastAsia``) and right-to-left (``w:bidi``) text.
    A slot the language does not fill is left out, and Word keeps its own default there."""
    from faq_export.languages import direction

    lang.set(qn("w:val"), language)
    primary = language.split("-")[0].lower()
    for attribute, applies in (
        ("w:eastAsia", primary in EAST_ASIAN),
        ("w:bidi", direction(language) == "rtl"),
    ):
        if applies:
            lang.set(qn(attribute), language)
        else:
            lang.attrib.pop(qn(attribute), None)


EAST_ASIAN = frozenset({"zh", "ja", "ko", "yue", "wuu", "hak", "nan"})


def set_run_language(run: Run, language: str | None, rtl: bool) -> None:
    """A run of right-to-left text (``w:rtl``: Word orders and shapes it so), and in another
    language than the document's (``w:lang``). Set last: both end CT_RPr's sequence."""
    rpr = run._r.get_or_add_rPr()
    if rtl:
        rpr.append(OxmlElement("w:rtl"))
    if language:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
        set_language(lang, language)


def set_right_to_left(document: DocxDocument) -> None:
    """A right-to-left document: every paragraph (``w:bidi`` in the default paragraph
    properties) and the page layout (``w:bidi`` in the section: page numbers, columns)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    _child(_child(defaults, "w:pPrDefault"), "w:pPr").insert(0, OxmlElement("w:bidi"))
    for section in document.sections:
        sect_pr = section._sectPr
        # CT_SectPr: … textDirection?, bidi?, rtlGutter?, docGrid? …
        grid = sect_pr.find(qn("w:docGrid"))
        bidi = OxmlElement("w:bidi")
        if grid is not None:
            grid.addprevious(bidi)
        else:
            sect_pr.append(bidi)


def set_left_to_right(paragraph: Paragraph) -> None:
    """A left-to-right paragraph in a right-to-left document (code): ``w:bidi`` off, over
    the document's default, and aligned left."""
    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    bidi.set(qn("w:val"), "0")
    # CT_PPr: … autoSpaceDN?, bidi?, adjustRightInd?, snapToGrid?, spacing?, ind?, … jc? …
    ppr.insert_element_before(
        bidi,
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def set_table_right_to_left(table: Table) -> None:
    """Columns from right to left (``w:bidiVisual``), as a right-to-left reader expects."""
    properties = table._tbl.tblPr
    visual = OxmlElement("w:bidiVisual")
    # CT_TblPr: tblStyle?, tblpPr?, tblOverlap?, bidiVisual?, …
    style = properties.find(qn("w:tblStyle"))
    if style is not None:
        style.addnext(visual)
    else:
        properties.insert(0, visual)


def set_style_font(
    style: BaseStyle, family: str, east_asian: str | None = None, complex_script: str | None = None
) -> None:
    """Use ``family`` for a style's Latin text, ``east_asian`` for Chinese, Japanese and
    Korean, ``complex_script`` for right-to-left text (each ``family`` when not given),
    overriding the theme fonts the default template names."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute, name in (
        ("w:ascii", family),
        ("w:hAnsi", family),
        ("w:eastAsia", east_asian or family),
        ("w:cs", complex_script or family),
    ):
        fonts.set(qn(attribute), name)


def set_complex_script_size(style: BaseStyle, size: Length) -> None:
    """The size of a style's right-to-left and complex-script text (``w:szCs``), which Word
    keeps apart from ``w:sz``."""
    rpr = style.element.get_or_add_rPr()
    existing = rpr.find(qn("w:szCs"))
    if existing is None:
        existing = OxmlElement("w:szCs")
        size_element = rpr.find(qn("w:sz"))
        if size_element is not None:
            size_element.addnext(existing)
        else:
            rpr.append(existing)
    existing.set(qn("w:val"), str(round(size.pt * 2)))


def set_picture_description(run: Run, description: str) -> None:
    """Alt text of the picture in ``run`` (``descr`` on ``wp:docPr``)."""
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", description)


def set_table_description(table: Table, caption: str, description: str) -> None:
    """The table's title and description (Word: Table Properties > Alt Text), which screen
    readers announce when they enter the table."""
    properties = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", description)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)


def set_header_row(row: _Row) -> None:
    """Mark ``row`` as the header row: repeated on every page and read as column headers."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _insert_in_order(
    parent: BaseOxmlElement, element: BaseOxmlElement, order: tuple[str, ...]
) -> None:
    """Put ``element`` into ``parent`` where the schema's sequence ``order`` wants it,
    replacing one of the same tag."""
    tag = element.tag
    for existing in parent.findall(tag):
        parent.remove(existing)
    later = {qn(name) for name in order[order.index(_prefixed(tag)) + 1 :]}
    for child in parent:
        if child.tag in later:
            child.addprevious(element)
            return
    parent.append(element)


def _prefixed(tag: str) -> str:
    return "w:" + tag.split("}", 1)[1]


# CT_PPrBase's sequence (ECMA-376 Part 1, 17.3.1.26), the part of it styles use.
PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _shading(fill: str) -> BaseOxmlElement:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def _border(side: str, colour: str, eighths: int, space: int) -> BaseOxmlElement:
    border = OxmlElement(f"w:{side}")
    border.set(qn("w:val"), "single")
    border.set(qn("w:sz"), str(eighths))
    border.set(qn("w:space"), str(space))
    border.set(qn("w:color"), colour)
    return border


def set_style_shading(style: BaseStyle, fill: str) -> None:
    """A paragraph style's background (``w:shd``), ``fill`` as hex RGB ("F1F3F6")."""
    _insert_in_order(style.element.get_or_add_pPr(), _shading(fill), PPR_ORDER)


def set_style_borders(
    style: BaseStyle, colour: str, sides: tuple[str, ...], eighths: int = 4, space: int = 4
) -> None:
    """Lines on ``sides`` ("top", "left", "bottom", "right") of a paragraph style, ``eighths``
    of a point thick, ``space`` points from the text (which is also the padding a shaded
    paragraph gets on that side)."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):  # CT_PBdr's order
        if side in sides:
            borders.append(_border(side, colour, eighths, space))
    _insert_in_order(style.element.get_or_add_pPr(), borders, PPR_ORDER)


def remove_style_borders(style: BaseStyle) -> None:
    """No lines around a paragraph style (the template's Title has one under it)."""
    ppr = style.element.pPr
    if ppr is not None:
        for borders in ppr.findall(qn("w:pBdr")):
            ppr.remove(borders)


def add_table_style(
    document: DocxDocument,
    name: str,
    *,
    rule: str,
    header_fill: str,
    size_half_points: int,
) -> str:
    """A table style: light ``rule`` lines on every edge, a header row (the first) shaded
    ``header_fill`` and bold, text ``size_half_points``. Returns its style id. A style, not
    formatting on each cell, so a reader's Word can restyle every table at once. (No cell
    margins in it: with them, LibreOffice 7.4 repeats a table that ends the document on a
    page of its own with an empty row; the cells' paragraph style pads them instead.)"""
    style_id = "".join(ch for ch in name if ch.isalnum())
    styles = document.styles.element
    style = OxmlElement("w:style")
    style.set(qn("w:type"), "table")
    style.set(qn("w:customStyle"), "1")
    style.set(qn("w:styleId"), style_id)
    for tag, value in (("w:name", name), ("w:basedOn", "TableNormal"), ("w:uiPriority", "59")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        style.append(child)
    style.append(OxmlElement("w:qFormat"))
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    for attribute, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "252")):
        spacing.set(qn(attribute), value)
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)
    style.append(ppr)
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(size_half_points))
        rpr.append(size)
    style.append(rpr)
    tbl_pr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(side, rule, 6, 0))
    tbl_pr.append(borders)
    style.append(tbl_pr)
    header = OxmlElement("w:tblStylePr")
    header.set(qn("w:type"), "firstRow")
    header_rpr = OxmlElement("w:rPr")
    header_rpr.append(OxmlElement("w:b"))
    header_rpr.append(OxmlElement("w:bCs"))
    header.append(header_rpr)
    header_tc = OxmlElement("w:tcPr")
    header_tc.append(_shading(header_fill))
    header.append(header_tc)
    style.append(header)
    styles.append(style)
    return style_id


def set_table_style(table: Table, style_id: str) -> None:
    """Use the table style ``style_id`` (one ``add_table_style`` made), with its header row
    formatting on (``w:tblLook`` firstRow) and no other conditional formatting."""
    properties = table._tbl.tblPr
    style = properties.find(qn("w:tblStyle"))
    if style is None:
        style = OxmlElement("w:tblStyle")
        properties.insert(0, style)
    style.set(qn("w:val"), style_id)
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        for attribute, value in (
            ("w:val", "0620"),
            ("w:firstRow", "1"),
            ("w:lastRow", "0"),
            ("w:firstColumn", "0"),
            ("w:lastColumn", "0"),
            ("w:noHBand", "1"),
            ("w:noVBand", "1"),
        ):
            look.set(qn(attribute), value)


def start_page_at(block: BaseOxmlElement) -> None:
    """Start a new page at ``block`` (a paragraph, or a table: its first paragraph) by its
    own property (``w:pageBreakBefore``), not a break character or an empty paragraph."""
    paragraph = block if block.tag == qn("w:p") else block.find(".//" + qn("w:p"))
    if paragraph is not None:
        ppr = paragraph.get_or_add_pPr()
        ppr.get_or_add_pageBreakBefore()


DECORATIVE_EXTENSION = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def set_picture_decorative(run: Run) -> None:
    """Mark the picture in ``run`` as decorative (Word: Alt Text > Mark as decorative), the
    Office 2019 extension screen readers skip it by."""
    from lxml import etree

    drawing_ns = "http://schemas.openxmlformats.org/drawingml/2006/main"
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", "")
        extensions = etree.SubElement(doc_pr, f"{{{drawing_ns}}}extLst")
        extension = etree.SubElement(extensions, f"{{{drawing_ns}}}ext", uri=DECORATIVE_EXTENSION)
        etree.SubElement(extension, f"{{{DECORATIVE_NS}}}decorative", val="1")
