"""Model -> Word DOCX (python-docx), with the XML python-docx lacks in ``docx_xml``."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Inches, Length, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph

import faq_export.colours as colours
import faq_export.fonts as fonts
import faq_export.languages as languages
import faq_export.model as m
from faq_export._version import GENERATOR
from faq_export.fonts import FAMILY
from faq_export.languages import RTL_LETTERS
from faq_export.options import LARGE_PRINT, STANDARD
from faq_export.output import build_time, reproducible_zip, zip_entries
from faq_export.render import docx_pages
from faq_export.render import docx_xml as x
from faq_export.render.docx_package import finish_package

LISTS = (m.BulletList, m.OrderedList)


@dataclass(frozen=True)
class Look:
    """The briefing's type sizes and spacing, in points: the standard edition's, as the
    PDF's print.css has them (sizes step down from the title to questions), or large
    print's, as large-print.css has them."""

    body: float
    title: float
    subtitle: float
    section: float  # Heading 1
    question: float  # Heading 2
    small: float  # the running header and footer
    code: float
    inline_code: float  # code in a sentence
    table: float
    line: float  # Normal's line spacing, in Word's multiples of the face's line height
    space: float  # every space before and after a paragraph, times this
    side_margin_mm: float | None  # the page's left and right margins (None: Word's 31.75)
    bold_emphasis: bool  # emphasis set in bold rather than italics


LOOKS = {
    # Word's "multiple" counts in the face's own line height (Atkinson's is 1.26 em), so
    # 1.15 is the PDF's 1.45 and 1.2 large print's 1.5.
    STANDARD: Look(11.5, 26, 15, 17, 13, 9.5, 10, 11.5 * 0.92, 10, 1.15, 1.0, None, False),
    # Large print (UKAAF, APH, RNIB): nothing under 18 pt, the tables, code, header and
    # footer (page numbers) included; headings larger and bold; emphasis in bold.
    LARGE_PRINT: Look(18, 36, 22, 26, 22, 18, 18, 18, 18, 1.2, 1.5, 20, True),
}
TEXT = RGBColor(0x1B, 0x1B, 0x1B)
MUTED = RGBColor(0x3D, 0x45, 0x51)  # header, footer, subtitle: 9.7:1 on white
RULE = "A9AEB1"  # table rules and the quotation's bar (decorative)
CODE_FILL = "F1F1F1"  # behind code blocks: their text keeps 15:1
CODE_FONT = "Consolas"  # when the document embeds no monospaced face of its own
MAX_PICTURE_WIDTH_PT = 430
TABLE_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def accent(document: m.Document) -> RGBColor:
    """The colour of headings, links, rules and the tables' header tint (the brand's accent,
    ``brand: accent``; colours.DEFAULT_ACCENT when the source has none): the one place the
    briefing reads it."""
    return RGBColor.from_string(document.brand.colour[1:].upper())


def bookmark_names(document: m.Document) -> dict[str, str]:
    """Word bookmark names (letters, digits, '_'; at most 40 characters) for every id."""
    names: dict[str, str] = {}
    used: set[str] = set()
    ids = [entry.id for entry in document.toc_entries()]
    for identifier in ids:
        base = re.sub(r"[^A-Za-z0-9_]", "_", identifier)[:36]
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base[:33]}_{n}"
        names[identifier] = name
        used.add(name)
    return names


# The page sizes of metadata.paper (schema.py), as the PDF's print template sets them.
PAPER: dict[str, tuple[Length, Length]] = {
    "letter": (Inches(8.5), Inches(11)),
    "a4": (Mm(210), Mm(297)),
}


class _Writer:
    def __init__(self, document: m.Document, edition: str = STANDARD) -> None:
        self.model = document
        self.look = LOOKS[edition]
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
        self.accent = accent(document)
        self.code_font = self.fonts.mono.family if self.fonts.mono else CODE_FONT
        self.page_results: dict[str, Any] = {}  # bookmark -> its PAGEREF's result text
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

    def render(self) -> None:
        """The briefing's parts, its contents' page numbers empty (``fill_page_numbers``
        fills them); ``package`` gives the file."""
        self.setup_page()
        self.setup_styles()
        self.list_definitions = {
            ordered: x.add_list_definition(self.docx, ordered) for ordered in (False, True)
        }
        self.next_list = x.next_list_id(self.docx)
        self.setup_properties()
        self.setup_header_footer()
        self.cover()
        self.table_of_contents()
        after_contents = len(self.docx.element.body)
        if self.model.intro_heading is not None:
            # The introduction's heading: a Heading 1, as a section's.
            heading = self.add_paragraph(self.model.intro_heading, style="Heading 1")
            self.bookmark(heading, m.INTRO_ID)
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
        # The introduction's heading (or the first section's) starts a page: after the
        # contents, it cannot be taken for one more entry.
        x.start_page_at(self.docx.element.body[after_contents - 1])

    def fill_page_numbers(self, pages: dict[str, int]) -> None:
        """Each contents entry shows the page of its heading."""
        for bookmark, result in self.page_results.items():
            if bookmark in pages:
                x.set_field_result(result, str(pages[bookmark]))

    def package(self, compressed: bool = True) -> bytes:
        """The file; ``compressed=False``: its parts stored as they are, for a copy read once
        (LibreOffice's: 0.04 s less on the way to the briefing)."""
        meta = self.model.metadata
        buffer = io.BytesIO()
        self.docx.save(buffer)
        entries = finish_package(
            zip_entries(buffer.getvalue()),
            language=meta.language,
            font=self.latin,
            application=GENERATOR,
            # TrueType faces are embedded (the OFL allows it); the CJK face is a 16 MB CFF
            # font, which Word does not embed: it is named, for readers who have it.
            embed=[face for face in self.fonts.faces if face.format == "truetype"],
            seed=meta.identifier,
        )
        return reproducible_zip(entries, build_time(meta), compress=compressed)

    def cover(self) -> None:
        """The title page: title, subtitle, then one line for each release detail, its label
        in bold and its value aligned beside it (paragraphs, not a layout table)."""
        meta = self.model.metadata
        words = self.model.words
        self.brand_cover()
        self.add_paragraph(meta.title, style="Title")
        if meta.subtitle:
            self.add_paragraph(meta.subtitle, style="Subtitle")
        details: list[tuple[str, str | m.Link]] = []
        if meta.publisher:
            details.append((words("publisher"), meta.publisher))
        details.append((words("version"), meta.version))
        details.append((words("date"), words.date(meta.date)))
        if meta.source:
            details.append(
                (words("source"), m.Link(meta.source, words("source_link"), (m.Text(meta.source),)))
            )
        # Values start where the longest label ends (about 0.65 em a letter, bold).
        scale = self.look.body / LOOKS[STANDARD].body
        longest = max(len(label) for label, _ in details)
        indent = Pt(min(max(longest * 7.5 * scale + 14, 80 * scale), 170 * scale))
        for label, value in details:
            para = self.add_paragraph(style="Cover Detail")
            para.paragraph_format.left_indent = indent
            para.paragraph_format.first_line_indent = -indent
            para.paragraph_format.tab_stops.add_tab_stop(indent)
            self.run(para, label, {"strong": True}, None)
            self.run(para, "\t", {}, None)
            if isinstance(value, m.Link):
                self.link_runs(para, value)
            else:
                self.run(para, value, {}, None)

    def setup_page(self) -> None:
        """The paper of the PDF (metadata.paper, or the build's --paper: Letter or A4), and
        the page's side margins: Word's own, or large print's narrower ones (a line of about
        55 characters at 18 pt)."""
        width, height = PAPER[self.model.metadata.paper]
        for section in self.docx.sections:
            section.page_width, section.page_height = width, height
        if self.look.side_margin_mm is not None:
            section = self.docx.sections[0]
            section.left_margin = section.right_margin = Mm(self.look.side_margin_mm)

    def setup_styles(self) -> None:
        """Every look is a style (a reader's Word can restyle the whole briefing): sizes
        step down from Title to Heading 1 (sections) to Heading 2 (questions), in the accent
        colour; space around paragraphs; headings kept with what follows; no widows."""
        styles = self.docx.styles
        normal = styles["Normal"]
        fonts_for = (self.latin, self.east_asian, self.complex_script)
        look = self.look
        x.set_style_font(normal, *fonts_for)
        normal.font.size = Pt(look.body)
        normal.font.color.rgb = TEXT
        x.set_complex_script_size(normal, Pt(look.body))
        # Look.line: the PDF's line height in Word's multiples (Arabic and CJK faces are
        # taller, and get taller lines).
        self.spacing(normal, before=0, after=6, line=look.line)
        normal.paragraph_format.widow_control = True
        looks = {
            # name: (size, space before, space after, colour)
            "Title": (Pt(look.title), 96, 10, self.accent),  # low on the cover, as the PDF's
            "Subtitle": (Pt(look.subtitle), 0, 24, MUTED),
            "Heading 1": (Pt(look.section), 22, 6, self.accent),
            "Heading 2": (Pt(look.question), 14, 4, self.accent),
            "TOC Heading": (Pt(look.section), 0, 12, self.accent),
        }
        for name, (size, before, after, colour) in looks.items():
            style = styles[name]
            x.set_style_font(style, *fonts_for)
            style.font.size = size
            x.set_complex_script_size(style, size)
            # Word sets right-to-left text in the complex-script size, bold and italic.
            style.font.bold = name != "Subtitle"
            style.font.italic = False
            style.font.cs_bold = style.font.bold
            style.font.cs_italic = False
            # The template's light blues fall under 4.5:1 on white; the accent is 9.6:1.
            style.font.color.rgb = colour
            self.spacing(style, before=before, after=after, line=1.0)
            if name.startswith(("Heading", "TOC")):
                style.paragraph_format.keep_with_next = True
                style.paragraph_format.keep_together = True
        x.remove_style_borders(styles["Title"])
        x.set_style_borders(styles["Title"], str(self.accent), ("bottom",), eighths=12, space=8)
        # The contents start a page of their own, after the cover.
        styles["TOC Heading"].paragraph_format.page_break_before = True
        names = {s.name for s in styles}
        if "Hyperlink" not in names:
            link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            link.font.color.rgb = self.accent
            link.font.underline = True
        self.setup_contents_styles(names)
        self.setup_block_styles()
        x.set_document_language(self.docx, self.model.metadata.language)
        if self.rtl:
            x.set_right_to_left(self.docx)

    def spacing(self, style: BaseStyle, before: float, after: float, line: float) -> None:
        """Space before and after ``style``'s paragraphs (in points, times Look.space)."""
        fmt = style.paragraph_format  # type: ignore[attr-defined]
        fmt.space_before = Pt(before * self.look.space)
        fmt.space_after = Pt(after * self.look.space)
        fmt.line_spacing = line

    def setup_contents_styles(self, names: set[str]) -> None:
        """TOC 1 (sections: bold, space above) and TOC 2 (questions, indented), each entry's
        page number at the right margin after a dot leader. The text stops short of the
        numbers' column (a right indent, the tab beyond it), so a wrapped entry never runs
        under its number and the numbers' widths change no line break: the layout measured
        before they are filled in (docx_pages) is the layout after."""
        width = self.text_width_twips()
        for level in (1, 2):
            name = f"TOC {level}"
            if name in names:
                toc = self.docx.styles[name]
            else:
                toc = self.docx.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            toc.base_style = self.docx.styles["Normal"]
            fmt = toc.paragraph_format
            # A question's wrapped lines hang under its text, not its number (the indents
            # grow with the type: large print's "10." is half as wide again).
            scale = self.look.body / LOOKS[STANDARD].body
            fmt.left_indent = Pt((16 * (level - 1) + (20 if level == 2 else 0)) * scale)
            fmt.first_line_indent = Pt((-20 if level == 2 else 0) * scale)
            fmt.right_indent = Pt(30 * scale)
            fmt.space_before = Pt((8 if level == 1 else 0) * self.look.space)
            fmt.space_after = Pt(3 * self.look.space)
            fmt.line_spacing = 1.0
            fmt.keep_together = True
            if level == 1:
                fmt.keep_with_next = True
                toc.font.bold = True
                toc.font.cs_bold = True
            fmt.tab_stops.add_tab_stop(
                Length(width * 635), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )

    def setup_block_styles(self) -> None:
        """Code (a shaded monospaced paragraph style, and a character style for code in a
        sentence), captions, quotations, the cover's details and the tables' style."""
        styles = self.docx.styles
        normal = styles["Normal"]
        code = styles.add_style("Code Block", WD_STYLE_TYPE.PARAGRAPH)
        code.base_style = normal
        x.set_style_font(code, self.code_font)
        code.font.size = Pt(self.look.code)
        x.set_complex_script_size(code, Pt(self.look.code))
        code.paragraph_format.left_indent = Pt(6)
        code.paragraph_format.right_indent = Pt(6)
        self.spacing(code, before=4, after=10, line=1.0)
        code.paragraph_format.keep_together = True
        x.set_style_shading(code, CODE_FILL)
        # The shading's padding: a border in the shading's own colour, some points away.
        x.set_style_borders(code, CODE_FILL, ("top", "left", "bottom", "right"), space=4)
        inline = styles.add_style("Inline Code", WD_STYLE_TYPE.CHARACTER)
        x.set_style_font(inline, self.code_font)
        inline.font.size = Pt(self.look.inline_code)
        x.set_complex_script_size(inline, inline.font.size)
        caption = styles["Caption"]
        caption.font.color.rgb = TEXT
        caption.font.size = Pt(self.look.body)
        x.set_complex_script_size(caption, Pt(self.look.body))
        self.spacing(caption, before=6, after=4, line=1.0)
        caption.paragraph_format.keep_with_next = True
        quote = styles["Quote"]
        quote.font.color.rgb = TEXT
        quote.paragraph_format.left_indent = Pt(14)
        x.set_style_borders(quote, RULE, ("left",), eighths=18, space=8)
        detail = styles.add_style("Cover Detail", WD_STYLE_TYPE.PARAGRAPH)
        detail.base_style = normal
        self.spacing(detail, before=0, after=4, line=1.0)
        for name in ("Header", "Footer"):
            styles[name].font.size = Pt(self.look.small)
            x.set_complex_script_size(styles[name], Pt(self.look.small))
            styles[name].font.color.rgb = MUTED
        self.table_style = x.add_table_style(
            self.docx,
            "Answer Table",
            rule=RULE,
            header_fill=colours.tint(self.brand.colour, 0.88)[1:].upper(),
            size_half_points=round(self.look.table * 2),
        )
        # A cell's paragraphs: smaller type, padded above and below (Normal's spacing
        # would win over the table style's, as a paragraph style does in Word).
        cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(self.look.table)
        x.set_complex_script_size(cell, Pt(self.look.table))
        self.spacing(cell, before=3, after=3, line=1.0)

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
        """The title at the head of each page but the cover (which shows it in full), and the
        footer's page count; the cover has neither."""
        section = self.docx.sections[0]
        section.different_first_page_header_footer = True
        self.run(section.header.paragraphs[0], self.model.metadata.title, {}, None)
        self.footer(section.footer.paragraphs[0])

    def footer(self, paragraph: Paragraph) -> None:
        """The footer: the brand's footer text at the left (``brand: footer``), then "Page
        {page} of {pages}" in the document's words at the right, the numbers as fields."""
        if self.brand.footer:
            self.run(paragraph, self.brand.footer, {}, None)
            self.run(paragraph, "\t\t", {}, None)
        fields = {"page": "PAGE", "pages": "NUMPAGES"}
        for piece, kind in self.model.words.pieces("page_of"):
            if kind:
                x.add_simple_field(paragraph, fields[piece], "1")
            else:
                self.run(paragraph, piece, {}, None)

    def table_of_contents(self) -> None:
        self.add_paragraph(self.model.words("contents"), style="TOC Heading")
        entries = [
            (f"TOC {entry.level}", entry.id, entry.text) for entry in self.model.toc_entries()
        ]
        # The field's result is filled in now, as Word would write it (a link to the heading,
        # a tab, the page number), so the contents read right before any update; the page
        # numbers are measured once the briefing exists (with_page_numbers).
        for index, (style, target, text) in enumerate(entries):
            para = self.add_paragraph(style=style)
            if index == 0:
                x.begin_field(para, 'TOC \\o "1-2" \\h \\z \\u')
            link = x.add_internal_link(para, self.bookmarks[target])
            x.move_run(self.run(para, text, {}, None), link)
            x.move_run(para.add_run("\t"), link)
            bookmark = self.bookmarks[target]
            self.page_results[bookmark] = x.add_page_reference(para, bookmark, link)
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
        para = self.add_paragraph(style="Code Block")
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
        x.set_table_style(table, self.table_style)
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
                para._p.style = self.style_id("Table Text")
                # The table style makes the header row bold and shaded; bold runs too, for
                # readers that ignore a table style's header formatting (mammoth, pandoc).
                self.inlines(para, content, {"bold": True} if index == 0 else {})
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
        if fmt.get("italic") and self.look.bold_emphasis:
            run.bold = True  # large print: emphasis in bold, never italics
            run.font.cs_bold = True
        elif fmt.get("italic"):
            run.italic = True
            run.font.cs_italic = True
        if fmt.get("code"):
            run._r.style = self.style_id("Inline Code")
        elif fmt.get("strong"):
            run._r.style = self.style_id("Strong")
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


def render_docx(document: m.Document, page_numbers: bool = True, edition: str = STANDARD) -> bytes:
    """The Word briefing of ``document``, in ``edition`` (the standard one, or large print:
    LOOKS). With ``page_numbers``, its contents show the page of each heading in
    LibreOffice's layout of it, where LibreOffice is installed (docx_pages); else they are
    left for Word to fill in, and the build says so once."""
    writer = _Writer(document, edition)
    writer.render()
    if page_numbers and writer.page_results and not docx_pages.turned_off():
        laid_out = writer.package(compressed=False)
        pages = docx_pages.heading_pages(laid_out, writer.page_results)
        if pages is not None:
            writer.fill_page_numbers(pages)
    return writer.package()
