"""DOCX checks: the rules of Word's accessibility checker that can be read from the file.

Each rule is a function registered with its metadata (``DOCX.check(Rule(…))``) over a
``DocxContext`` that parses the document, its styles and properties once, and knows for each
paragraph the heading it is under (what Word's navigation pane shows a reader).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

import faq_export.model as m
from faq_export.checks import wording
from faq_export.checks.content import ALT_TEXT, LINK_TEXT
from faq_export.checks.fidelity import Piece, fidelity_findings
from faq_export.checks.findings import CheckInputError, Finding, Rule
from faq_export.checks.registry import E, Hit, Registry, W
from faq_export.checks.verdicts import OWN_RULES, Verdict, by_own_rules

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "dc": "http://purl.org/dc/elements/1.1/",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def check_docx(data: bytes, document: m.Document | None = None) -> list[Finding]:
    """The DOCX's findings; with the ``document`` it was built from, whether it holds all of
    that document's text (fidelity.py)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        with archive:
            context = DocxContext(
                etree.fromstring(archive.read("word/document.xml")),
                _optional(archive, "docProps/core.xml"),
                _optional(archive, "word/styles.xml"),
            )
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise CheckInputError(f"not a readable DOCX: {exc}") from None
    findings = DOCX.run(context)
    if document is not None:
        findings += fidelity_findings(document, "docx", reading_pieces(context))
    return findings


def _optional(archive: zipfile.ZipFile, name: str) -> Any:
    return etree.fromstring(archive.read(name)) if name in archive.namelist() else None


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


class DocxContext:
    def __init__(self, document: Any, core: Any, styles: Any) -> None:
        self.document = document
        self.core = core
        self.styles = styles

    @functools.cached_property
    def heading_levels(self) -> dict[str, int]:
        return _heading_styles(self.styles)

    @functools.cached_property
    def code_styles(self) -> frozenset[str]:
        return _code_styles(self.styles)

    @functools.cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph with its text, heading level (0: none) and where a reader finds it."""
        found = []
        heading = ""
        for number, element in enumerate(self.document.iter(_w("p")), 1):
            style = element.find("w:pPr/w:pStyle", NS)
            level = self.heading_levels.get(style.get(_w("val")) if style is not None else "", 0)
            text = "".join(t.text or "" for t in element.iter(_w("t")))
            if level:
                heading = " ".join(text.split())
                where = f"the heading “{heading}”"
            else:
                where = (
                    f"paragraph {number}, in the part headed “{heading}”"
                    if heading
                    else f"paragraph {number}"
                )
            found.append(Paragraph(element, text, level, where))
        return found


@dataclass(frozen=True)
class Paragraph:
    element: Any
    text: str
    level: int  # heading level, 0 for body text
    where: str


DOCX: Registry[DocxContext] = Registry("docx")


@DOCX.check(
    Rule(
        "FE-DOCX-TITLE",
        E,
        "The document has no title",
        "Word accessibility checker: 'Document title missing'; WCAG 2.4.2",
        "Set File > Info > Properties > Title (docProps/core.xml dc:title).",
        "A briefing whose title bar shows 'Document1'.",
    )
)
def title(ctx: DocxContext) -> Iterator[Hit]:
    text = ctx.core.findtext("dc:title", namespaces=NS) if ctx.core is not None else None
    if not (text or "").strip():
        yield Hit("the document properties", "no title")


@DOCX.check(
    Rule(
        "FE-DOCX-LANG",
        E,
        "The document language is not set",
        "WCAG 3.1.1; Word: Review > Language",
        "Set the language of the Normal style or the document defaults (w:lang).",
        "Read Aloud pronouncing English text with French rules.",
    )
)
def language(ctx: DocxContext) -> Iterator[Hit]:
    if not _has_language(ctx.styles):
        yield Hit("the document's styles", "no w:lang in the document defaults or the Normal style")


@DOCX.check(
    Rule(
        "FE-DOCX-ALT",
        E,
        "An image has no alternative text",
        "Word accessibility checker: 'Missing alternative text'; WCAG 1.1.1",
        "Right-click the picture > View Alt Text, and describe what it shows (or mark it "
        "decorative).",
        "A chart with an empty description.",
    )
)
def missing_alt(ctx: DocxContext) -> Iterator[Hit]:
    for where, description, decorative in _pictures(ctx):
        if not description and not decorative:
            yield Hit(where, "no alternative text")


@DOCX.check(ALT_TEXT)
def weak_alt(ctx: DocxContext) -> Iterator[Hit]:
    for where, description, _ in _pictures(ctx):
        if description and (weak := wording.weak_alt_text(description)):
            yield Hit(
                where,
                f"the alternative text '{description}' {weak}",
                subject=wording.normal(description),
            )


@DOCX.check(
    Rule(
        "FE-DOCX-HEADINGS",
        W,
        "The document has no headings",
        "Word accessibility checker: 'No headings'; WCAG 1.3.1, 2.4.6",
        "Use the Heading 1, Heading 2, … styles for section titles.",
        "Section titles typed in bold Normal text.",
    )
)
def no_headings(ctx: DocxContext) -> Iterator[Hit]:
    if not any(p.level for p in ctx.paragraphs) and len(ctx.paragraphs) > 10:
        yield Hit("the document", "no paragraph uses a heading style")


@DOCX.check(
    Rule(
        "FE-DOCX-HEADING-SKIP",
        W,
        "Heading levels are skipped",
        "Word accessibility checker: heading order, which Microsoft's 'Rules for the "
        "Accessibility Checker' rank below an error; WCAG 1.3.1 asks for headings, not for "
        "their levels in order (a PDF's are an error: ISO 14289-1 7.4.2); the first heading "
        "should be a Heading 1",
        "Use heading levels in order, starting at Heading 1: Heading 3 under Heading 2, not "
        "under Heading 1.",
        "A Heading 1 followed by a Heading 3; a document whose first heading is a Heading 3.",
    )
)
def heading_skip(ctx: DocxContext) -> Iterator[Hit]:
    previous = 0  # the first heading is judged too: it should be a Heading 1
    for paragraph in ctx.paragraphs:
        if not paragraph.level:
            continue
        if paragraph.level > previous + 1:
            yield Hit(
                paragraph.where,
                f"Heading {paragraph.level} follows Heading {previous}"
                if previous
                else f"the first heading is a Heading {paragraph.level}: the levels above it "
                "are missing",
            )
        previous = paragraph.level


@DOCX.check(
    Rule(
        "FE-DOCX-TABLE-HEADER",
        E,
        "A table has no header row",
        "Word accessibility checker: 'No header row specified'; WCAG 1.3.1",
        "Select the first row > Table Properties > Row > 'Repeat as header row'.",
        "A table whose first row is not marked w:tblHeader.",
    )
)
def table_header(ctx: DocxContext) -> Iterator[Hit]:
    for index, table in enumerate(ctx.document.iter(_w("tbl")), 1):
        first_row = table.find("w:tr", NS)
        if first_row is None or first_row.find("w:trPr/w:tblHeader", NS) is None:
            yield Hit(f"table {index}", "no header row")


@DOCX.check(
    Rule(
        "FE-DOCX-MERGED-CELLS",
        W,
        "A table has merged or split cells",
        "Word accessibility checker: 'Tables have a simple structure', a warning in "
        "Microsoft's 'Rules for the Accessibility Checker' (WCAG 1.3.1 allows merged cells "
        "whose headers are clear)",
        "Unmerge the cells; give each cell one row and one column.",
        "A cell with w:gridSpan 2 or w:vMerge.",
    )
)
def merged_cells(ctx: DocxContext) -> Iterator[Hit]:
    for index, table in enumerate(ctx.document.iter(_w("tbl")), 1):
        merged = (
            table.find(".//w:tcPr/w:gridSpan", NS) is not None
            or table.find(".//w:tcPr/w:vMerge", NS) is not None
        )
        if merged:
            yield Hit(f"table {index}", "merged cells")


@DOCX.check(LINK_TEXT)
def link_text(ctx: DocxContext) -> Iterator[Hit]:
    for paragraph in ctx.paragraphs:
        for link in paragraph.element.iter(_w("hyperlink")):
            text = " ".join("".join(t.text or "" for t in link.iter(_w("t"))).split())
            if wording.is_vague_link_text(text):
                message = f"the link text '{text}' does not say where it goes"
            elif wording.is_bare_address(text) and not link.get(_w("tooltip")):
                message = f"the link text is the address '{text}'"
            else:
                continue
            yield Hit(paragraph.where, message, subject=wording.normal(text))


@DOCX.check(
    Rule(
        "FE-DOCX-BLANKS",
        W,
        "Blank characters or empty paragraphs used for layout",
        "Word accessibility checker: 'Repeated blank characters'; WCAG 1.3.2",
        "Use paragraph spacing, indents and tab stops instead of spaces, tabs and empty "
        "paragraphs.",
        "Three empty paragraphs to push a heading down.",
    )
)
def blanks(ctx: DocxContext) -> Iterator[Hit]:
    """Empty paragraphs and runs of blanks in prose. In code (a paragraph in a code style, a
    run in a code character style or a monospaced typeface) spaces are content: an aligned
    comment, a file tree's indent, a blank line."""
    empty_run = 0
    code = ctx.code_styles
    for paragraph in ctx.paragraphs:
        element = paragraph.element
        style = element.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(_w("val")) in code:
            empty_run = 0
            continue
        has_content = paragraph.text.strip() or element.find(".//w:drawing", NS) is not None
        in_table = any(a.tag == _w("tc") for a in element.iterancestors())
        empty_run = 0 if has_content or in_table else empty_run + 1
        if empty_run == 2:
            yield Hit(paragraph.where, "two or more empty paragraphs in a row")
        if re.search(r" {3,}|\t{2,}", _prose_text(element, code)):
            yield Hit(paragraph.where, "runs of spaces or tabs used for layout")


# Typefaces whose letters are all as wide: code set by hand, or by tools that name the face
# rather than a style (pandoc names styles, Google Docs and LibreOffice often only the face).
MONOSPACE = re.compile(
    r"consolas|courier|mono\b|monospace|menlo|monaco|lucida console|lucida sans typewriter"
    r"|source code|fira code|cascadia|inconsolata|hack\b|andale|ocr[ -]?a|letter gothic"
    r"|\bcode\b",
    re.IGNORECASE,
)
# Styles for code by their names: Word's (Macro Text, HTML Code, HTML Preformatted, HTML
# Typewriter, HTML Keyboard, Plain Text), pandoc's (Source Code, Verbatim Char) and any
# style named for code ("Code", "Code Block", "Inline Code", "Codeblock Char").
CODE_STYLE = re.compile(
    r"^(macro( text)?( char)?|html (code|preformatted|typewriter|keyboard|sample)( char)?"
    r"|plain text( char)?|source ?code|verbatim( char)?|.*\bcode( ?block)?( char)?)$",
    re.IGNORECASE,
)


def _prose_text(paragraph: Any, code: frozenset[str]) -> str:
    """The paragraph's text with each run of code (by its character style or typeface) in
    one character's place, so that spaces on both sides of it are not joined."""
    pieces = []
    for run in paragraph.iter(_w("r")):
        text = "".join(t.text or "" for t in run.iter(_w("t")))
        if text and _is_code_run(run, code):
            text = "\0"
        pieces.append(text)
    return "".join(pieces)


def _is_code_run(run: Any, code: frozenset[str]) -> bool:
    style = run.find("w:rPr/w:rStyle", NS)
    if style is not None and style.get(_w("val")) in code:
        return True
    return _monospace(run.find("w:rPr/w:rFonts", NS))


def _monospace(fonts: Any) -> bool:
    """Whether ``w:rFonts`` names a monospaced typeface for Latin text."""
    if fonts is None:
        return False
    names = (fonts.get(_w("ascii")), fonts.get(_w("hAnsi")))
    return any(name and MONOSPACE.search(name) for name in names)


def _code_styles(styles: Any) -> frozenset[str]:
    """The ids of the paragraph and character styles for code: named for code, or set in a
    monospaced typeface (their own or the style they are based on)."""
    if styles is None:
        return frozenset()
    by_id = {style.get(_w("styleId")): style for style in styles.iterfind("w:style", NS)}

    def is_code(style_id: str, seen: frozenset[str] = frozenset()) -> bool:
        style = by_id.get(style_id)
        if style is None or style_id in seen:
            return False
        name = style.find("w:name", NS)
        if CODE_STYLE.match(name.get(_w("val"), "") if name is not None else style_id):
            return True
        fonts = style.find("w:rPr/w:rFonts", NS)
        if fonts is not None and (fonts.get(_w("ascii")) or fonts.get(_w("hAnsi"))):
            return _monospace(fonts)  # the style's own typeface decides
        based = style.find("w:basedOn", NS)
        return based is not None and is_code(based.get(_w("val"), ""), seen | {style_id})

    return frozenset(
        style_id
        for style_id, style in by_id.items()
        if style.get(_w("type")) in ("paragraph", "character") and is_code(style_id)
    )


@DOCX.check(
    Rule(
        "FE-DOCX-CONTRAST",
        E,
        "Text does not contrast with its shading",
        "Word accessibility checker: 'Hard-to-read text contrast'; WCAG 1.4.3",
        "Choose a text colour with at least 4.5:1 contrast against the shading.",
        "Light grey text (#AAAAAA) on white.",
    )
)
def contrast(ctx: DocxContext) -> Iterator[Hit]:
    for paragraph in ctx.paragraphs:
        shading = paragraph.element.find("w:pPr/w:shd", NS)
        paragraph_fill = _fill(shading)
        for run in paragraph.element.iter(_w("r")):
            colour = run.find("w:rPr/w:color", NS)
            value = colour.get(_w("val")) if colour is not None else None
            if not value or not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                continue  # automatic colour: Word picks black or white against the shading
            fill = _fill(run.find("w:rPr/w:shd", NS)) or paragraph_fill or "FFFFFF"
            ratio = contrast_ratio(value, fill)
            if ratio < 4.5:
                text = "".join(t.text or "" for t in run.iter(_w("t")))[:30]
                yield Hit(
                    paragraph.where,
                    f"text '{text}' (#{value} on #{fill}) has contrast {ratio:.1f}:1",
                )


RULES: dict[str, Rule] = DOCX.rules

_DRAWING_NAME = f"{{{NS['wp']}}}docPr"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def reading_pieces(ctx: DocxContext) -> Iterator[Piece]:
    """The body's text in reading order, as a reader gets it: each paragraph (a table's cells
    paragraph by paragraph), a heading as a heading, a picture as its description. The
    contents' paragraphs (the TOC styles) repeat the headings and are not read, nor what a
    field computes besides its result, nor deleted text."""
    contents = _contents_styles(ctx.styles)
    for number, paragraph in enumerate(ctx.document.iter(_w("p")), 1):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        style_id = style.get(_w("val")) if style is not None else ""
        if style_id in contents:
            continue
        text = "".join(_paragraph_text(paragraph))
        if text:
            heading = bool(ctx.heading_levels.get(style_id, 0))
            yield Piece(text, f"paragraph {number}", heading)


def _paragraph_text(paragraph: Any) -> Iterator[str]:
    stack: list[Any] = [paragraph]
    while stack:
        node = stack.pop()
        if node.tag == _w("t"):
            yield node.text or ""
        elif node.tag in (_w("tab"), _w("br"), _w("cr")):
            yield " "
        elif node.tag == _DRAWING_NAME:
            yield node.get("descr") or ""
        elif node.tag == _w("p") and node is not paragraph:
            continue  # a text box's paragraph: read as a paragraph of its own
        elif node.tag != _FALLBACK:
            stack.extend(reversed(list(node)))


def _contents_styles(styles: Any) -> set[str]:
    """The ids of the styles of a table of contents ("toc 1".."toc 9", "TOC Heading")."""
    if styles is None:
        return set()
    found = set()
    for style in styles.iterfind("w:style", NS):
        name = style.find("w:name", NS)
        if name is not None and name.get(_w("val"), "").lower().startswith("toc"):
            found.add(style.get(_w("styleId")))
    return found


def _pictures(ctx: DocxContext) -> Iterator[tuple[str, str, bool]]:
    """(where, description, decorative) of every picture."""
    for index, doc_pr in enumerate(ctx.document.iter(f"{{{NS['wp']}}}docPr"), 1):
        decorative = any("decorative" in (e.tag or "").lower() for e in doc_pr.iter())
        description = (doc_pr.get("descr") or "").strip()
        yield f"picture {index} ({doc_pr.get('name', '')})", description, decorative


def _has_language(styles: Any) -> bool:
    if styles is None:
        return False
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    if defaults is not None and defaults.get(_w("val")):
        return True
    for style in styles.iterfind("w:style", NS):
        if style.get(_w("default")) in ("1", "true") and style.get(_w("type")) == "paragraph":
            lang = style.find("w:rPr/w:lang", NS)
            return lang is not None and bool(lang.get(_w("val")))
    return False


def _heading_styles(styles: Any) -> dict[str, int]:
    """Style id -> outline level 1-9, for the styles that are headings."""
    levels: dict[str, int] = {}
    if styles is None:
        return levels
    for style in styles.iterfind("w:style", NS):
        name_element = style.find("w:name", NS)
        name = name_element.get(_w("val"), "") if name_element is not None else ""
        match = re.fullmatch(r"heading ([1-9])", name.lower())
        outline = style.find("w:pPr/w:outlineLvl", NS)
        level = outline.get(_w("val"), "") if outline is not None else ""
        if match:
            levels[style.get(_w("styleId"))] = int(match[1])
        elif level.isdigit() and int(level) < 9 and name.lower() != "title":
            # outline levels 0-8 are headings 1-9; 9 is body text (Word's "TOC Heading")
            levels[style.get(_w("styleId"))] = int(level) + 1
    return levels


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _fill(shading: Any) -> str | None:
    if shading is None:
        return None
    fill = shading.get(_w("fill"))
    return fill if fill and re.fullmatch(r"[0-9A-Fa-f]{6}", fill) else None


STANDARD = "Word's accessibility checker rules"


def verdicts(findings: list[Finding]) -> list[Verdict]:
    """What the findings say of Word's accessibility checker rules: in part, by ours."""
    return [
        by_own_rules(
            STANDARD,
            f"{OWN_RULES} (FE-DOCX-…)",
            findings,
            f"faq-export's {len(RULES)} DOCX rules: those of Word's checker that can be read "
            "from the file (title, language, alternative text, headings, table headers, "
            "merged cells, blank paragraphs, contrast)",
            "Word's Accessibility Checker: it runs only in Word (Review > Check Accessibility)",
        )
    ]
