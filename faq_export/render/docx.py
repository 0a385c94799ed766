"""Model -> Word DOCX (python-docx), with the XML python-docx lacks in ``docx_xml``."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Pt, RGBColor
from docx.text.paragraph import Paragraph

import faq_export.colours as colours
import faq_export.fonts as fonts
import faq_export.languages as languages
import faq_export.model as m
from faq_export._version import __version__
from faq_export.fonts import FAMILY
from faq_export.languages import RTL_LETTERS
from faq_export.output import build_time, reproducible_zip, zip_entries
from faq_export.render import docx_xml as x
from faq_export.render.docx_package import finish_package

LISTS = (m.BulletList, m.OrderedList)
BODY_SIZE = Pt(11.5)
MAX_PICTURE_WIDTH_PT = 430
TABLE_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def bookmark_names(document: m.Document) -> dict[str, str]:
    """Word bookmark names (letters, digits, '_'; at most 40 characters) for every id."""
    names: dict[str, str] = {}
    used: set[str] = set()
    ids = [s.id for s in document.sections] + [q.id for q in document.questions]
    for identifier in ids:
        base = re.sub(r"[^A-Za-z0-9_]", "_", identifier)[:36]
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base[:33]}_{n}"
        names[identifier] = name
        used.add(name)
    return names


class _Writer:
    def __init__(self, document: m.Document) -> None:
        self.model = document
        self.fonts = fonts.for_document(document)
        # Word sets Latin, East Asian and complex-script (right-to-left) text in a font each.
        self.latin = next(
            (t.family for t in self.fonts.text if ord("a") in fonts.cmap(t.regular)), FAMILY
        )
        self.east_asian = next((t.family for t in self.fonts.text if t in fonts.CJK), None)
        self.complex_script = next(
            (t.family for t in self.fonts.text if t in (fonts.ARABIC, fonts.HEBREW)), None
        )
        self.rtl = languages.direction(document.metadata.language) == "rtl"
        # The source's brand (docs/schema.md, brand:): its accent for headings, links and the
        # table header's shading, its logo and organisation on the cover, its footer text.
        self.brand = document.brand
        self.accent = RGBColor.from_string(self.brand.colour[1:].upper())
        self.header_fill = colours.tint(self.brand.colour, 0.85)[1:].upper()
        self.passage_language: str | None = None  # inside a passage in another language
        self.docx: DocxDocument = new_document()
        self.bookmarks = bookmark_names(document)
        self.next_bookmark_id = 1
        self.styles: dict[str, str] = {}
        self.append = x.Appender(self.docx)
        self.block_rules: dict[type, Callable[[Any, int], object]] = {
            m.Paragraph: self.paragraph,
            m.BulletList: lambda b, level: self.list(b, level, "List Bullet"),
            m.OrderedList: lambda b, level: self.list(b, level, "List Number"),
            m.BlockQuote: self.block_quote,
            m.CodeBlock: self.code_block,
            m.Table: self.table,
            m.Passage: self.passage,
        }

    def style_id(self, name: str) -> str:
        """The id of the style called ``name``, looked up once: python-docx finds a style by
        reading every style of the document, twice, for each paragraph that names one (half
        the time of a 2,000-question briefing)."""
        if name not in self.styles:
            self.styles[name] = self.docx.styles[name].style_id
        return self.styles[name]

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.append.paragraph()
        if text:
            self.run(paragraph, text, {}, None)
        if style:
            paragraph._p.style = self.style_id(style)
        return paragraph

    # --- document ---------------------------------------------------------------

    def render(self) -> bytes:
        meta = self.model.metadata
        self.setup_styles()
        self.list_definitions = {
            ordered: x.add_list_definition(self.docx, ordered) for ordered in (False, True)
        }
        self.next_list = x.next_list_id(self.docx)
        self.setup_properties()
        self.setup_header_footer()
        self.brand_cover()
        self.add_paragraph(meta.title, style="Title")
        if meta.subtitle:
            self.add_paragraph(meta.subtitle, style="Subtitle")
        words = self.model.words
        release = [
            f"{words('version')} {meta.version}",
            f"{words('date')} {words.date(meta.date)}",
        ]
        if meta.publisher:
            release.insert(0, f"{words('publisher')} {meta.publisher}")
        self.add_paragraph(" · ".join(release))
        if meta.source:
            para = self.add_paragraph(f"{words('source')}: ")
            source = m.Link(meta.source, words("source_link"), (m.Text(meta.source),))
            self.link_runs(para, source)
        self.table_of_contents()
        self.blocks(self.model.intro, 0)
        for section in self.model.sections:
            heading = self.add_paragraph(section.title, style="Heading 1")
            self.bookmark(heading, section.id)
            self.blocks(section.body, 0)
            for question in section.questions:
                heading = self.add_paragraph(style="Heading 2")
                self.question_heading(heading, question)
                self.bookmark(heading, question.id)
                self.blocks(question.answer, 0)
        buffer = io.BytesIO()
        self.docx.save(buffer)
        entries = finish_package(
            zip_entries(buffer.getvalue()),
            language=meta.language,
            font=self.latin,
            application=f"faq-export {__version__}",
            # TrueType faces are embedded (the OFL allows it); the CJK face is a 16 MB CFF
            # font, which Word does not embed: it is named, for readers who have it.
            embed=[face for face in self.fonts.faces if face.format == "truetype"],
            seed=meta.identifier,
        )
        return reproducible_zip(entries, build_time(meta))

    def setup_styles(self) -> None:
        styles = self.docx.styles
        normal = styles["Normal"]
        fonts_for = (self.latin, self.east_asian, self.complex_script)
        x.set_style_font(normal, *fonts_for)
        normal.font.size = BODY_SIZE
        x.set_complex_script_size(normal, BODY_SIZE)
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "TOC Heading"):
            x.set_style_font(styles[name], *fonts_for)
            # Word sets right-to-left text in the complex-script size, bold and italic.
            style_font = styles[name].font
            if style_font.size is not None:
                x.set_complex_script_size(styles[name], style_font.size)
            style_font.cs_bold = style_font.bold
            style_font.cs_italic = style_font.italic
            # The template's light blues fall under 4.5:1 on white; this one is 9.6:1.
            styles[name].font.color.rgb = self.accent
        names = {s.name for s in styles}
        if "Hyperlink" not in names:
            link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            link.font.color.rgb = self.accent
            link.font.underline = True
        # The default template lacks the TOC entry styles Word would use for the field.
        for level in (1, 2):
            if f"TOC {level}" not in names:
                toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
                toc.base_style = normal
                toc.paragraph_format.left_indent = Pt(14 * (level - 1))
                toc.paragraph_format.space_after = Pt(3)
                x.add_right_tab(toc, self.text_width_twips())
        x.set_document_language(self.docx, self.model.metadata.language)
        if self.rtl:
            x.set_right_to_left(self.docx)

    def text_width_twips(self) -> int:
        section = self.docx.sections[0]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        return int(Length(width).twips)

    def setup_properties(self) -> None:
        meta = self.model.metadata
        props = self.docx.core_properties
        when = build_time(meta).replace(tzinfo=None)
        props.title = meta.title
        props.subject = meta.subtitle or meta.title
        props.author = meta.publisher or ""
        props.last_modified_by = meta.publisher or ""
        props.comments = meta.description or ""
        props.keywords = ", ".join(meta.keywords)
        props.language = meta.language
        props.identifier = meta.identifier
        props.version = meta.version
        props.category = ""
        props.revision = 1
        props.created = when
        props.modified = when
        props.last_printed = when

    def brand_cover(self) -> None:
        """The brand's logo (with its alt text, or marked decorative) and organisation,
        above the title."""
        logo = self.brand.logo
        if logo is not None:
            run = self.add_paragraph().add_run()
            run.add_picture(io.BytesIO(logo.data), height=Pt(40))
            if self.brand.logo_decorative:
                x.set_picture_decorative(run)
            else:
                x.set_picture_description(run, logo.alt)
        if self.brand.organisation:
            para = self.add_paragraph()
            self.run(para, self.brand.organisation, {"bold": True}, None)

    def setup_header_footer(self) -> None:
        section = self.docx.sections[0]
        self.run(section.header.paragraphs[0], self.model.metadata.title, {}, None)
        footer = section.footer.paragraphs[0]
        if self.brand.footer:
            # The footer text at the left; the page number at the right-hand tab stop.
            self.run(footer, self.brand.footer, {}, None)
            self.run(footer, "\t\t", {}, None)
        # "Page {page} of {pages}" in the document's words, the numbers as fields.
        fields = {"page": "PAGE", "pages": "NUMPAGES"}
        for piece, kind in self.model.words.pieces("page_of"):
            if kind:
                x.add_simple_field(footer, fields[piece], "1")
            else:
                self.run(footer, piece, {}, None)

    def table_of_contents(self) -> None:
        self.add_paragraph(self.model.words("contents"), style="TOC Heading")
        entries = [
            (f"TOC {entry.level}", entry.id, entry.text) for entry in self.model.toc_entries()
        ]
        # The field's result is filled in now, as Word would write it (a link to the heading,
        # a tab, the page number), so the contents read right before any update.
        for index, (style, target, text) in enumerate(entries):
            para = self.add_paragraph(style=style)
            if index == 0:
                x.begin_field(para, 'TOC \\o "1-2" \\h \\z \\u')
            link = x.add_internal_link(para, self.bookmarks[target])
            x.move_run(self.run(para, text, {}, None), link)
            x.move_run(para.add_run("\t"), link)
            x.add_page_reference(para, self.bookmarks[target], link)
            if index == len(entries) - 1:
                x.end_field(para)

    def bookmark(self, paragraph: Paragraph, identifier: str) -> None:
        x.add_bookmark(paragraph, self.bookmarks[identifier], self.next_bookmark_id)
        self.next_bookmark_id += 1

    # --- blocks -----------------------------------------------------------------

    def blocks(self, blocks: tuple[m.Block, ...], level: int) -> None:
        for index, block in enumerate(blocks):
            written = self.block_rules[type(block)](block, level)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(written, Paragraph) and isinstance(following, LISTS):
                # A lead-in ("The federal government can achieve:") stays with its list.
                # (The paragraph the rule returned: python-docx's ``paragraphs`` lists every
                # paragraph of the document on each call, which made this quadratic.)
                written.paragraph_format.keep_with_next = True

    def paragraph(self, block: m.Paragraph, level: int, style: str | None = None) -> Paragraph:
        para = self.add_paragraph(style=style)
        self.inlines(para, block.children, {})
        return para

    def list(self, block: m.BulletList | m.OrderedList, level: int, base: str) -> None:
        style = base if level == 0 else f"{base} {min(level + 1, 3)}"
        # Each list is a list of its own (numbers restart), at its nesting level.
        ordered = isinstance(block, m.OrderedList)
        start = block.start if isinstance(block, m.OrderedList) else 1
        num_id = x.add_list(self.docx, self.list_definitions[ordered], level, start, self.next_list)
        self.next_list += 1
        for item in block.items:
            first, *rest = item.blocks or (m.Paragraph(()),)
            if isinstance(first, m.Paragraph):
                x.set_numbering(self.paragraph(first, level, style), num_id, level)
            else:
                rest = [first, *rest]
            for inner in rest:
                if isinstance(inner, (m.BulletList, m.OrderedList)):
                    self.block_rules[type(inner)](inner, level + 1)
                elif isinstance(inner, m.Paragraph):
                    self.paragraph(
                        inner,
                        level,
                        "List Continue" if level == 0 else f"List Continue {min(level + 1, 3)}",
                    )
                else:
                    self.block_rules[type(inner)](inner, level + 1)

    def block_quote(self, block: m.BlockQuote, level: int) -> None:
        for inner in block.blocks:
            if isinstance(inner, m.Paragraph):
                self.paragraph(inner, level, "Quote")
            else:
                self.block_rules[type(inner)](inner, level)

    def passage(self, block: m.Passage, level: int) -> None:
        outer, self.passage_language = self.passage_language, block.lang
        self.blocks(block.blocks, level)
        self.passage_language = outer

    def question_heading(self, para: Paragraph, question: m.Question) -> None:
        """ "3. How …?" in the document's words, the question with its markup."""
        for piece, kind in self.model.words.pieces("question"):
            if kind and piece == "question":
                self.inlines(para, question.heading, {})
            else:
                self.run(para, str(question.number) if kind else piece, {}, None)

    def code_block(self, block: m.CodeBlock, level: int) -> None:
        para = self.add_paragraph(style="macro")
        if self.rtl:
            # Code is written left to right in any language ("./run -U", not "run -U/.").
            x.set_left_to_right(para)
        lines = block.text.rstrip("\n").split("\n")
        for index, line in enumerate(lines):
            run = para.add_run(line)
            if index < len(lines) - 1:
                run.add_break()

    def table(self, block: m.Table, level: int) -> None:
        """A Word table: its header row repeats on every page (and tells screen readers
        which cells are headers); the caption, or the column names, describe it."""
        columns = len(block.header)
        table = self.docx.add_table(rows=1 + len(block.rows), cols=columns)
        table.style = self.docx.styles["Table Grid"]
        caption = m.plain_text(block.caption)
        names = ", ".join(m.plain_text(cell) for cell in block.header)
        x.set_table_description(
            table, caption or f"Table of {names}", f"Columns: {names}; {len(block.rows)} rows"
        )
        x.set_header_row(table.rows[0])
        if self.rtl:
            x.set_table_right_to_left(table)
        rows = zip(table.rows, (block.header, *block.rows), strict=True)
        for index, (row, cells) in enumerate(rows):
            for cell, content, align in zip(row.cells, cells, block.align, strict=False):
                para = cell.paragraphs[0]
                self.inlines(para, content, {"bold": True} if index == 0 else {})
                if index == 0:
                    x.set_cell_shading(cell, self.header_fill)
                if align:
                    para.alignment = TABLE_ALIGN[align]
        if caption:
            # Word's own caption sits above the table, as a paragraph a reader sees.
            para = self.add_paragraph(style="Caption")
            self.inlines(para, block.caption, {})
            table._tbl.addprevious(para._p)

    # --- inlines ----------------------------------------------------------------

    def inlines(
        self, para: Paragraph, nodes: tuple[m.Inline, ...], fmt: dict[str, Any], link: Any = None
    ) -> None:
        for node in nodes:
            match node:
                case m.Text(text):
                    self.run(para, text, fmt, link)
                case m.Code(text):
                    self.run(para, text, {**fmt, "code": True}, link)
                case m.LineBreak():
                    self.run(para, "", fmt, link).add_break()
                case m.Emphasis(children):
                    self.inlines(para, children, {**fmt, "italic": True}, link)
                case m.Strong(children):
                    self.inlines(para, children, {**fmt, "bold": True}, link)
                case m.Link():
                    self.link_runs(para, node, fmt)
                case m.CrossRef(target, children):
                    inner = x.add_internal_link(para, self.bookmarks[target])
                    self.inlines(para, children, {**fmt, "link": True}, inner)
                case m.Image():
                    self.picture(para, node, link)
                case m.Span(lang, children):
                    self.inlines(para, children, {**fmt, "lang": lang}, link)

    def link_runs(self, para: Paragraph, node: m.Link, fmt: dict[str, Any] | None = None) -> None:
        container = x.add_hyperlink(para, node.url, node.title, self.append.link_rel(node.url))
        self.inlines(para, node.children, {**(fmt or {}), "link": True}, container)

    def run(self, para: Paragraph, text: str, fmt: dict[str, Any], link: Any) -> Any:
        if fmt.get("code") and self.rtl and text:
            # Code in a right-to-left paragraph: left-to-right marks at its ends keep its
            # edges left to right ("/api/health", not "api/health/"). Word resolves neutral
            # characters by the bidi algorithm before w:rtl (ECMA-376 Part 1, I.7), and
            # leaves LRM and RLM in the text; the embedding characters are discouraged there.
            text = f"\u200e{text}\u200e"
        run = para.add_run(text)
        if fmt.get("bold"):
            run.bold = True
            run.font.cs_bold = True  # right-to-left text is bold by its own property
        if fmt.get("italic"):
            run.italic = True
            run.font.cs_italic = True
        if fmt.get("code"):
            run.font.name = "Consolas"
        if fmt.get("link"):
            run._r.style = self.style_id("Hyperlink")
        language = fmt.get("lang") or self.passage_language
        # Code is left to right whatever letters it holds: no w:rtl.
        rtl = not fmt.get("code") and bool(RTL_LETTERS.search(text))
        x.set_run_language(run, language, rtl=rtl)
        if link is not None:
            x.move_run(run, link)
        return run

    def picture(self, para: Paragraph, image: m.Image, link: Any) -> None:
        width_pt = min(image.width * 0.75, MAX_PICTURE_WIDTH_PT)
        run = para.add_run()
        run.add_picture(io.BytesIO(image.data), width=Pt(width_pt))
        x.set_picture_description(run, image.alt)
        if link is not None:
            x.move_run(run, link)


def render_docx(document: m.Document) -> bytes:
    return _Writer(document).render()
