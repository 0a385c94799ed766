"""Pages -> a Draft: an HTML page, a Markdown page (through markdown-it's HTML) and a Word
document (through mammoth's HTML) all take the same path."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

import faq_export.importing.budget as budget
import faq_export.importing.fidelity as fidelity
from faq_export.importing.code import outside_code
from faq_export.importing.draft import Draft, DraftQuestion, DraftSection, Piece
from faq_export.importing.footnotes import with_footnotes
from faq_export.importing.html_page import (
    NUMBERED,
    UNNAMED,
    Found,
    intro_html,
    main_region,
    recognise,
    text_of,
)
from faq_export.importing.labels import LABELS, split_labelled
from faq_export.importing.markdown_html import line_keeping
from faq_export.importing.to_markdown import (
    Context,
    html_to_markdown,
    inline_markdown,
    plain,
    question_anchors,
    sentence_case,
)

# Word's Title is the document's h1, its headings one level below; a table of contents is
# Word's own navigation, left out (the documents faq-export builds make their own).
WORD_STYLES = "\n".join(
    [
        "p[style-name='Title'] => h1:fresh",
        *(f"p[style-name='Heading {n}'] => h{n + 1}:fresh" for n in range(1, 6)),
        "p[style-name='TOC Heading'] => !",
        "p[style-name^='TOC'] => !",
        "p[style-name^='toc'] => !",
        # The styles faq-export's Word briefing writes: its cover's details and a table's
        # cells are paragraphs, its code blocks and inline code are code.
        "p[style-name='Subtitle'] => p:fresh",
        "p[style-name='Cover Detail'] => p:fresh",
        "p[style-name='Table Text'] => p:fresh",
        "p[style-name='Code Block'] => pre:separator('\\n')",
        "r[style-name='Inline Code'] => code",
    ]
)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


class NoQuestions(ValueError):
    """The source holds nothing recognisable as questions and answers."""


LOOKED_FOR = (
    "USWDS accordions (usa-accordion__button with aria-controls), <details> with <summary>, "
    "definition lists (<dt>, <dd>), schema.org FAQPage (JSON-LD and microdata), headings "
    "followed by their answers, and list items that begin with a bold question"
)
MARKDOWN_LOOKED_FOR = (
    "questions as headings ('## How do I pay?', the answer below it), list items that begin "
    "with a bold question ('- **How do I pay?** By card.'), and the HTML a Markdown page may "
    "hold (<details> with <summary>, <dl>); make each question a heading with its answer "
    "below it (--map is for data files)"
)
WORD_LOOKED_FOR = (
    "questions as headings (Heading 2, a Heading 1 above them being a section), bold "
    "paragraphs ending in '?', paragraphs labelled Question:/Answer: in their language "
    "(Pytanie:/Odpowiedź:, Frage:/Antwort:, …), and numbered list items whose first line is "
    "a question and the next ones its answer; give each question Word's Heading 2 style, its "
    "answer below it"
)


def front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """A Jekyll/Hugo page's front matter (YAML), the rest, and the lines the matter took."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(match.group(1))
    except YAMLError:
        data = None
    lines = match.group(0).count("\n")
    return (data if isinstance(data, dict) else {}), text[match.end() :], lines


# pandoc's title block: '% Title', then '% Author(s)' and '% Date', each line continued by
# lines that begin with a space (pandoc's manual, "Metadata blocks").
PANDOC_TITLE_BLOCK = re.compile(r"\A(?:%[^\n]*\n(?:[ \t]+\S[^\n]*\n)*){1,3}")


def pandoc_title_block(text: str) -> tuple[list[tuple[int, str]], str, int]:
    """A pandoc page's title block: its title, author and date (as many as it has), each
    with its line, the rest, and the lines the block took."""
    match = PANDOC_TITLE_BLOCK.match(text)
    if not match:
        return [], text, 0
    block = match.group(0)
    fields = [
        (block.count("\n", 0, start.start()) + 1, " ".join(part.split()))
        for start, part in zip(
            re.finditer(r"(?m)^%", block), re.split(r"(?m)^%", block)[1:], strict=True
        )
    ]
    return fields, text[match.end() :], block.count("\n")


def matter_text(value: str) -> str:
    """A front matter's text as the page shows it: Jekyll and Hugo put it into the page's
    HTML (<title>, the heading) as it is, so '&middot;' is '·' and '&amp;' '&'."""
    return unescape(value)


# An XHTML page's XML declaration, which lxml refuses in decoded text ("Unicode strings with
# encoding declaration are not supported"): the text is decoded already. Blanked, its length
# kept, so that every line and column stays where it was.
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def parse_page(markup: str, context: Context) -> Any:
    """The page's tree, its elements counted and their depth measured in one walk (linear)."""
    markup = XML_DECLARATION.sub(lambda found: " " * len(found[0]), markup)
    root = lxml_html.document_fromstring(markup or "<html></html>")
    budget.guard_page(root, context.where, context.limits)
    return root


def characters(pieces: list[Piece]) -> int:
    """The text's characters without whitespace: the least the written file holds."""
    return sum(len(piece.text) - sum(c.isspace() for c in piece.text) for piece in pieces)


def html_draft(
    markup: str,
    name: str,
    context: Context,
    original: list[Piece] | None = None,
    looked_for: str = LOOKED_FOR,
) -> Draft:
    """The FAQ of an HTML page (or of the HTML a Markdown page or a DOCX converts to, whose
    ``original`` text is read from the Markdown or the Word file)."""
    root = parse_page(markup, context)
    if original is None:
        original = fidelity.html_pieces(main_region(root), name)
    _flatten_quotes(root, context)
    found, region = recognise(root)
    if found.count == 0:
        raise NoQuestions(f"found no questions in {name}; looked for {looked_for}")
    budget.guard_result(found.count, characters(original), context.where, context.limits)
    draft = Draft(name, found.kind)
    draft.original = original
    _metadata(root, draft, region)
    if context.page_url is None:
        context.page_url = draft.source_url
    if context.base_url is None and draft.source_url:
        context.base_url = draft.source_url
    _fill(draft, found, context)
    intro = intro_html(region, found.first)
    if text_of(intro).strip():
        draft.intro = html_to_markdown(intro, context)
    return draft


def _metadata(root: Any, draft: Draft, region: Any) -> None:
    title = root.xpath("//meta[@property='og:title']/@content") or root.xpath("//title/text()")
    shown = region.xpath(".//h1")
    h1 = shown or root.xpath("//h1")
    heading = plain(h1[0].text_content()) if h1 else None
    if shown and heading:
        # The heading the page shows above its questions is the title: the written file has
        # no other place for its words (<title> "Help", <h1> "Help FAQ": 'FAQ' was lost).
        draft.title = heading
    elif title and plain(title[0]):
        draft.title = plain(title[0])
        # "Frequently Asked Questions | Site name": the page's own heading is the title.
        if heading and re.match(re.escape(heading) + r"\s*[|–—·:-]\s*\S", draft.title, re.I):
            draft.title = heading
    else:
        draft.title = heading
    language = root.xpath("/html/@lang") or root.xpath("/html/@xml:lang")
    if language and language[0].strip():
        draft.language = language[0].strip()
    canonical = root.xpath("//link[@rel='canonical']/@href") or root.xpath(
        "//meta[@property='og:url']/@content"
    )
    if canonical and canonical[0].startswith(("http://", "https://")):
        draft.source_url = canonical[0].strip()


QUOTE_DEPTH = 4  # block quotes inside block quotes kept; the loader takes ten levels of nesting


def _flatten_quotes(root: Any, context: Context) -> None:
    """Block quotes nested deeper than ``QUOTE_DEPTH`` made one (their text kept)."""
    deep = [
        (quote, sum(1 for a in quote.iterancestors() if a.tag == "blockquote"))
        for quote in root.iter("blockquote")
    ]
    for quote, depth in deep:
        if depth == QUOTE_DEPTH:
            context.note(
                quote.sourceline if isinstance(quote.sourceline, int) else None,
                f"block quotes nested more than {QUOTE_DEPTH} deep",
                f"the deeper ones written as one, {QUOTE_DEPTH} deep, with their text",
            )
    for quote, depth in deep:
        if depth >= QUOTE_DEPTH:
            quote.drop_tag()


def _fill(draft: Draft, found: Found, context: Context) -> None:
    # The ids first: links to them become links inside the document.
    for group in found.groups:
        for identifier in [group.id, *(item.id for item in group.items)]:
            if identifier and identifier not in context.ids:
                context.ids.add(identifier)
    # A heading's other anchors (<a name> before <h3 id>): links to them go to its id.
    for group in found.groups:
        holders: list[tuple[str | None, tuple[str, ...]]] = [(group.id, group.aliases)]
        holders += [(item.id, item.aliases) for item in group.items]
        for identifier, aliases in holders:
            for alias in aliases:
                if identifier is not None:
                    context.anchors.setdefault(alias.casefold(), identifier)
    slugs = {
        id(item): question_anchors(context, NUMBERED.sub("", text_of(item.question)))
        for group in found.groups
        for item in group.items
        if item.id is None
    }
    used: set[str] = set()

    def unique(identifier: str | None, line: int | None) -> str | None:
        if identifier is None:
            return None
        if identifier in used:
            context.note(line, f"the anchor '{identifier}' is used twice", "the second one dropped")
            return None
        used.add(identifier)
        return identifier

    for group in found.groups:
        title = plain(inline_markdown(group.title, context, "a heading", group.line, group.line))
        # A section the source does not name: the writer names it in the document's language.
        title = sentence_case(title, context, group.line) if title else UNNAMED
        section = DraftSection(title, unique(group.id, group.line))
        if text_of(group.body).strip():
            section.body = html_to_markdown(group.body, context, group.line)
        for item in group.items:
            question = inline_markdown(item.question, context, "a question", item.line, item.line)
            question = NUMBERED.sub("", question).strip()
            if not question:
                context.note(item.line, "a question without text", "left out with its answer")
                continue
            answer = html_to_markdown(item.answer, context, item.answer_line)
            if not answer.strip():
                context.note(
                    item.line,
                    f"the question '{question[:50]}' has no answer",
                    "written with the answer TODO",
                )
                answer = "TODO\n"
            section.questions.append(
                DraftQuestion(question, answer, unique(item.id, item.line), slugs.get(id(item)))
            )
        if section.questions or section.body:
            draft.sections.append(section)


ADMONITION = fidelity.ADMONITION
admonition_words = fidelity.admonition_words
KRAMDOWN_TOC = re.compile(
    r"^[ \t]*(?:[*+-]|\d+[.)])[ \t]+([^\n]*)\n[ \t]*\{:\s*toc\s*\}[ \t]*$", re.M
)


def without_site_markup(text: str, context: Context, first_line: int) -> str:
    """Markdown without kramdown's markers (``{:toc}`` and the list item it replaces,
    ``{: .class}`` on a line of its own or right after a span) and Liquid's tags
    (``{% … %}``, ``{{ … }}``), each a note at its line; code is left as it is (``code.py``:
    ``println!("{:?}")`` is Rust, ``{{ .Name }}`` a Go template), and the lines stay where
    they were."""

    def line_counter(whole: str) -> Callable[[int], int]:
        starts = [m.end() for m in re.finditer("\n", whole)]
        return lambda offset: first_line + bisect_right(starts, offset)

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    def block_markers(part: str, at: int) -> str:
        for match in KRAMDOWN_TOC.finditer(part):
            context.note(
                line_of(at + match.start()),
                f"kramdown's table of contents ({{:toc}} on the item "
                f"'{plain(match.group(1))[:40]}')",
                "left out: the documents make their own contents",
            )
        part = KRAMDOWN_TOC.sub(blank, part)
        for match in ADMONITION.finditer(part):
            marker = match.group(0)
            if match["rest"]:  # the words after it are kept: the note quotes the marker
                marker = marker[: match.start("rest") - match.start()]
            context.note(
                line_of(at + match.start()),
                f"an admonition marker ({plain(marker)[:40]})",
                "left out; the text inside kept as paragraphs",
            )
        # ":::tip Title": the title stays, as a paragraph of its own, and text after it too.
        return ADMONITION.sub(
            lambda found: "".join(f"\n{words}\n" for words in admonition_words(found)), part
        )

    def span_markers(part: str, at: int) -> str:
        def marker(match: re.Match[str]) -> str:
            found = match.group(0)
            liquid = found.startswith(("{%", "{{"))
            if not liquid and not _kramdown_place(part, match.start(), match.end()):
                return found  # braces in prose: the author's text
            kind = "a Liquid tag" if liquid else "a kramdown marker"
            context.note(line_of(at + match.start()), f"{kind} {plain(found)[:60]}", "left out")
            return blank(match)

        return fidelity.MARKUP.sub(marker, part)

    line_of = line_counter(text)
    text = outside_code(text, block_markers, spans=False)
    line_of = line_counter(text)  # the same lines: only whole markers' lines were blanked
    return outside_code(text, span_markers)


def _kramdown_place(text: str, start: int, end: int) -> bool:
    """Whether a kramdown attribute list at ``text[start:end]`` is where kramdown reads one:
    on a line of its own, or right after a span or a block's text (no space before it)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start]
    after = text[end : len(text) if line_end < 0 else line_end]
    alone = not before.strip() and not after.strip()
    return alone or (start > 0 and not text[start - 1].isspace())


def markdown_draft(text: str, name: str, context: Context) -> Draft:
    """A Markdown page whose questions are headings (front matter read for the title)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin

    matter, body, lines = front_matter(text)
    block: list[tuple[int, str]] = []
    if not lines:
        block, body, lines = pandoc_title_block(text)
    # The original's text as the author wrote it (its site markup left out of the prose only,
    # by markdown-it's reading): what the import takes out of code is lost, and said.
    original = fidelity.markdown_pieces(body, name, lines + 1, footnotes=True)
    body = without_site_markup(body, context, lines + 1)
    # kramdown's and pandoc's "Term" / ": definition" too (deflist)
    renderer = line_keeping(
        with_footnotes(
            MarkdownIt("commonmark", {"html": True, "maxNesting": 1000})
            .enable(["table", "strikethrough"])
            .use(deflist_plugin),
            context.note,
        )
    )
    markup = renderer.render("\n" * lines + body)
    page = f"<html><body><main>{markup}</main></body></html>"
    draft = html_draft(page, name, context, original, MARKDOWN_LOOKED_FOR)
    if isinstance(matter.get("title"), str):
        draft.title = matter_text(matter["title"])
    if block and block[0][1]:
        draft.title = block[0][1]
    for kind, (line, value) in zip(("author", "date"), block[1:], strict=False):
        if value:
            context.note(
                line,
                f"the {kind} of pandoc's title block ('{value[:60]}')",
                "left out: the documents name no author; write it in the introduction or "
                "in metadata.publisher"
                if kind == "author"
                else "left out: metadata.date is the date of this version",
            )
    if isinstance(matter.get("lang"), str):
        draft.language = matter["lang"]
    return draft


def html_file_draft(text: str, name: str, context: Context) -> Draft:
    """An HTML file: a whole page, or a Jekyll page (front matter, then HTML)."""
    matter, body, lines = front_matter(text)
    if matter:
        body = "\n" * lines + body
        if "<html" not in body.lower():
            body = f"<html><body>{body}</body></html>"
    draft = html_draft(body, name, context)
    if isinstance(matter.get("title"), str) and (not draft.title or "<title" not in text):
        draft.title = matter_text(matter["title"])
    if isinstance(matter.get("lang"), str) and not draft.language:
        draft.language = matter["lang"]
    return draft


def docx_draft(path: Path, name: str, context: Context) -> Draft:
    """A Word FAQ through mammoth's HTML: questions are headings, bold lines ending in '?'
    or paragraphs labelled as questions (``Pytanie:``, ``Frage:``; made headings first)."""
    import mammoth  # type: ignore[import-untyped]

    pictures = 0

    def picture(image: Any) -> dict[str, str]:
        # Not written into the HTML as data: a large picture would be a text node larger
        # than lxml reads, and everything after it would be lost.
        nonlocal pictures
        pictures += 1
        return {"src": f"word-picture-{pictures}", "alt": image.alt_text or ""}

    import docx

    word = docx.Document(str(path))
    contents = word_contents(word)
    # The text first (python-docx, quick): a document too large for `build` is refused
    # before mammoth converts it.
    labels = [w for q, a in LABELS.values() for w in (*q, *a)]
    original = fidelity.docx_pieces(path, name, labels, set(contents))
    budget.guard_result(0, characters(original), context.where, context.limits)
    result = mammoth.convert_to_html(
        _with_paragraph_marks(word),
        style_map=WORD_STYLES,
        convert_image=mammoth.images.img_element(picture),
    )
    markup = _at_paragraph_lines(result.value)
    markup = _with_screen_tips(_questions_as_headings(markup, context, contents), path)
    for message in result.messages:
        context.note(None, *_word_message(message.message))
    page = f"<html><body><main>{markup}</main></body></html>"
    draft = html_draft(page, name, context, original, WORD_LOOKED_FOR)
    # Each paragraph's HTML is on the line of its number: a note's line is its paragraph.
    for index, note in enumerate(context.notes):
        where = re.fullmatch(re.escape(name) + r":(\d+)", note.where)
        if where:
            note = dataclasses.replace(note, where=f"{name}: paragraph {where.group(1)}")
        picture_number = re.search(r"\(word-picture-(\d+)\)$", note.what)
        if picture_number:
            note = dataclasses.replace(
                note,
                what=f"a picture in the Word file (picture {picture_number.group(1)})",
                done=note.done if "'" in note.done else "left out; it has no description to quote",
            )
        context.notes[index] = note
    properties = word.core_properties
    if properties.title:
        draft.title = properties.title
    draft.language = properties.language or _word_language(word) or draft.language
    return draft


MARK = "faqexportparagraph"  # a bookmark's name: where each paragraph begins in the HTML
MARKED = re.compile(
    r"((?:<(?:p|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th)\b[^>]*>)*)"
    rf'<a id="{MARK}(\d+)"></a>'
)


def _with_paragraph_marks(word: Any) -> Any:
    """The document (python-docx's, changed: read it no more) as a file whose paragraphs with
    text or a picture begin with a bookmark naming their number (``fidelity.word_paragraphs``),
    for mammoth, which writes each bookmark as an anchor."""
    import io

    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marked: set[int] = set()
    for number, boxed, paragraph in list(fidelity.word_paragraphs(word.element.body)):
        shows = (
            fidelity.own_text(paragraph)[0].strip()
            or paragraph.find(f".//{W}drawing") is not None
            or paragraph.find(f".//{W}pict") is not None
        )
        if boxed or number in marked or not shows:
            continue
        marked.add(number)
        mark = OxmlElement("w:bookmarkStart")
        mark.set(qn("w:id"), str(900_000_000 + number))
        mark.set(qn("w:name"), f"{MARK}{number}")
        properties = paragraph.find(f"{W}pPr")
        paragraph.insert(0 if properties is None else 1, mark)
    marked_file = io.BytesIO()
    word.save(marked_file)
    marked_file.seek(0)
    return marked_file


def _at_paragraph_lines(markup: str) -> str:
    """mammoth's HTML with each paragraph's mark replaced by line breaks before its elements,
    so that its HTML begins on the line of its number (mammoth writes no line breaks)."""
    out: list[str] = []
    line = 1
    at = 0
    for match in MARKED.finditer(markup):
        before = markup[at : match.start()]
        line += before.count("\n")
        pad = max(0, int(match.group(2)) - line)
        out += [before, "\n" * pad, match.group(1)]
        line += pad + match.group(1).count("\n")
        at = match.end()
    out.append(markup[at:])
    return "".join(out)


def _word_message(message: str) -> tuple[str, str]:
    """What mammoth says of the document, as a note: what was there, what was done."""
    style = re.fullmatch(
        r"Unrecognised (paragraph|run|table) style: (.*?)( \(Style ID: .*\))?", message
    )
    if style:
        kind, name = style.group(1), style.group(2)
        done = {
            "paragraph": "its paragraphs kept as plain paragraphs",
            "run": "its text kept without the style",
            "table": "the table kept without the style",
        }[kind]
        return f"the Word {kind} style '{name}', which the import does not know", done
    element = re.fullmatch(r"An unrecognised element was ignored: (.*)", message)
    if element:
        return f"a Word element the import does not read ({element.group(1)})", "left out"
    return f"Word: {message}", "as the converter (mammoth) reads it"


def _word_language(document: Any) -> str | None:
    """The language Word marks the text with when a run says none: the default paragraph
    style's (Normal), else the document's defaults (``w:docDefaults``); Word's "x-none"
    (no language) is none."""
    for path in (
        "w:style[@w:type='paragraph'][@w:default='1']/w:rPr/w:lang/@w:val",
        "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val",
    ):
        found = document.styles.element.xpath(path)
        if found and found[0].strip() and not found[0].lower().startswith("x-"):
            return str(found[0]).strip()
    return None


QUESTION_END = ("?", "？", "¿")


def _questions_as_headings(markup: str, context: Context, contents: list[int]) -> str:
    """Word paragraphs that are questions made headings: paragraphs labelled as questions
    (their answers' labels left out), else bold paragraphs ending in '?' (a non-breaking
    space, a hyperlink or runs of several styles inside them are still one question), else
    numbered list items whose first line is a question and the lines after it its answer.
    The document's own contents (``contents``: its paragraphs' numbers) are left out."""
    from lxml import etree
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    entries = _without_contents(root, set(contents))
    if re.search(r"<h[2-6][ >]", markup) and re.search(r"[?？]\s*</h[2-6]>", markup):
        _say_contents(root, entries, contents, context)
        return "".join(
            [root.text or ""]
            + [etree.tostring(child, encoding="unicode", method="html") for child in root]
        )
    paragraphs = [p for p in root if p.tag == "p"]
    labelled = [p for p in paragraphs if split_labelled(p.text_content())[0] == "question"]
    if len(labelled) >= 2:
        for p in paragraphs:
            kind, _ = split_labelled(p.text_content())
            if kind is not None:
                _drop_label(p)
                if kind == "question":
                    p.tag = "h3"
    else:
        bold = 0
        for p in paragraphs:
            text = p.text_content().replace("\u00a0", " ").strip()
            if text.endswith(QUESTION_END) and _all_bold(p):
                for strong in p.xpath(".//strong | .//b"):
                    strong.drop_tag()
                p.tag = "h3"
                bold += 1
        if bold < 2:
            _list_item_questions(root)
    _say_contents(root, entries, contents, context)
    return "".join(
        [root.text or ""]
        + [etree.tostring(child, encoding="unicode", method="html") for child in root]
    )


def word_contents(word: Any) -> list[int]:
    """The numbers of the paragraphs that are the document's own contents: runs of two or
    more list paragraphs each of which is nothing but links to bookmarks further on in the
    document (a contents list made by hand, "click on the question to jump to its answer");
    Word's own table of contents is told by its style (``WORD_STYLES``)."""
    body = word.element.body
    numbered_styles = {
        style.get(f"{W}styleId")
        for style in word.styles.element.iter(f"{W}style")
        if style.find(f"{W}pPr/{W}numPr") is not None
    }
    paragraphs = list(fidelity.word_paragraphs(body))
    marked_at: dict[str, int] = {}
    for number, _, paragraph in paragraphs:
        for mark in paragraph.iter(f"{W}bookmarkStart"):
            marked_at.setdefault(mark.get(f"{W}name") or "", number)
    found: list[int] = []
    run: list[int] = []
    for number, boxed, paragraph in paragraphs:
        text = fidelity.own_text(paragraph)[0]
        if not text.strip():
            continue  # an empty paragraph between two entries
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        listed = paragraph.find(f"{W}pPr/{W}numPr") is not None or (
            style is not None and style.get(f"{W}val") in numbered_styles
        )
        links = [
            link
            for link in paragraph.iter(f"{W}hyperlink")
            if marked_at.get(link.get(f"{W}anchor") or "", 0) > number
        ]
        linked = "".join(fidelity.own_text(link)[0] for link in links)
        if listed and not boxed and linked.split() == text.split():
            run.append(number)
            continue
        found += run if len(run) >= 2 else []
        run = []
    return found + (run if len(run) >= 2 else [])


def _without_contents(root: Any, contents: set[int]) -> list[tuple[str, str]]:
    """The list items of the document's contents (paragraphs ``contents``: each item's HTML
    begins on its paragraph's line) taken out, with the lists they leave empty; each entry's
    anchor and words."""
    entries: list[tuple[str, str]] = []
    for item in list(root.iter("li")):
        if item.sourceline not in contents:
            continue
        link = item.find(".//a[@href]")
        entries.append(
            ((link.get("href") if link is not None else "") or "", plain(item.text_content()))
        )
        holder = item.getparent()
        holder.remove(item)
        while holder is not None and holder.tag in ("ol", "ul") and not len(holder):
            parent = holder.getparent()
            if parent is None:
                break
            holder.drop_tree()
            holder = parent
    return entries


def _say_contents(
    root: Any, entries: list[tuple[str, str]], contents: list[int], context: Context
) -> None:
    """A note for the contents left out, quoting the entries that do not say what their
    question says (their words are in no other place of the file)."""
    if not entries:
        return
    questions = {
        anchor: plain(heading.text_content())
        for heading in root.iter("h2", "h3", "h4", "h5", "h6")
        for anchor in heading.xpath(".//@id | .//@name")
    }
    other = [
        words
        for href, words in entries
        if plain(questions.get(href.lstrip("#"), "")).casefold() != words.casefold()
    ]
    done = "left out: the documents make their own contents"
    if other:
        quoted = ", ".join(f"'{words}'" for words in other)
        done += (
            f"; {len(other)} of its entries are not the words of the question they link "
            f"to: {quoted}"
        )
    context.note(
        contents[0],
        f"the document's own contents ({len(entries)} links to its questions, paragraphs "
        f"{contents[0]} to {contents[-1]})",
        done,
    )


def _list_item_questions(root: Any) -> None:
    """List items whose first line is a question and whose next lines answer it ("1. When do
    classes start?⏎Classes start on August 23.") made a heading and its answer, the items
    of the list that are not questions kept as lists between them; a paragraph all in bold
    just before such a list (a topic) made a section's heading."""
    asking = [li for li in root.xpath("./ol/li | ./ul/li") if _question_line(li) is not None]
    if len(asking) < 2:
        return
    asking_ids = {id(li) for li in asking}
    for holder in [li.getparent() for li in asking]:
        if holder.getparent() is None:
            continue  # split already
        before = holder.getprevious()
        if (
            holder[0] is not None
            and id(holder[0]) in asking_ids
            and before is not None
            and before.tag == "p"
            and not (before.tail or "").strip()
            and not before.text_content().strip().endswith(QUESTION_END)
            and _all_bold(before)
        ):
            for strong in before.xpath(".//strong | .//b"):
                strong.drop_tag()
            before.tag = "h2"
        _split_list(holder, asking_ids)


def _question_line(li: Any) -> Any:
    """The first <br> of a list item whose text before it is a question and after it more
    text, or None."""
    for br in li.iterchildren("br"):
        before = (li.text or "") + "".join(
            lxml_html.tostring(child, method="text", encoding="unicode", with_tail=True)
            for child in br.itersiblings(preceding=True)
        )
        after = (br.tail or "") + "".join(
            lxml_html.tostring(child, method="text", encoding="unicode", with_tail=True)
            for child in br.itersiblings()
        )
        question = before.replace("\u00a0", " ").strip()
        if question.endswith(QUESTION_END) and after.strip():
            return br
        return None
    return None


def _split_list(holder: Any, asking: set[int]) -> None:
    """``holder`` (an <ol> or <ul>) replaced by its items: each question item a heading and
    its answer, the others in lists of the same kind between them."""
    from lxml import etree

    made: list[Any] = []
    for li in list(holder):
        if id(li) not in asking:
            if not made or made[-1].tag != holder.tag:
                made.append(etree.Element(holder.tag))
            made[-1].append(li)
            continue
        br = _question_line(li)
        heading = etree.Element("h3")
        heading.text = li.text
        answer = etree.Element("div")
        answer.text = br.tail
        at_answer = False
        for child in list(li):
            if child is br:
                at_answer = True
                continue
            (answer if at_answer else heading).append(child)
        heading.sourceline = li.sourceline
        answer.sourceline = li.sourceline
        made += [heading, answer]
    tail = holder.tail
    parent = holder.getparent()
    index = parent.index(holder)
    parent.remove(holder)
    for offset, element in enumerate(made):
        parent.insert(index + offset, element)
    if made:
        made[-1].tail = (made[-1].tail or "") + (tail or "")


def _all_bold(p: Any) -> bool:
    """Whether every letter of the paragraph is inside <strong> or <b>."""
    seen = False
    for node in p.xpath(".//text()"):
        if not node.strip("\u00a0 \t\n"):
            continue
        seen = True
        parent = node.getparent()
        element = parent if node.is_text else parent.getparent()
        holders = [element, *element.iterancestors()] if element is not None else []
        if not any(a.tag in ("strong", "b") for a in holders if a is not p.getparent()):
            return False
    return seen


def _drop_label(p: Any) -> None:
    """The label ('Pytanie:', 'Odpowiedź :') left out of the paragraph's first text."""
    for node in p.iter():
        for attr in ("text", "tail") if node is not p else ("text",):
            value = getattr(node, attr)
            if value and value.strip():
                _, rest = split_labelled(value)
                if rest != value:
                    setattr(node, attr, rest)
                    return
                if node is not p and attr == "text" and split_labelled(value + ":")[0]:
                    # "<strong>Pytanie</strong>: …" the label in a run of its own
                    setattr(node, attr, "")
                    tail = node.tail or ""
                    node.tail = re.sub(r"^[\s\u00a0]*[.:：][\s\u00a0]*", "", tail)
                    return
                return


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _with_screen_tips(markup: str, path: Path) -> str:
    """Word's ScreenTips (a hyperlink's w:tooltip), which mammoth leaves out, as the links'
    titles: matched by address and text."""
    import docx

    document = docx.Document(str(path))
    targets = {rid: rel.target_ref for rid, rel in document.part.rels.items()}
    tips: dict[tuple[str, str], str] = {}
    for link in document.element.body.iter(f"{W}hyperlink"):
        tip = link.get(f"{W}tooltip")
        if not tip:
            continue
        address = targets.get(link.get(f"{R}id") or "") or f"#{link.get(f'{W}anchor')}"
        text = "".join(t.text or "" for t in link.iter(f"{W}t"))
        tips[(address, " ".join(text.split()))] = tip
    if not tips:
        return markup
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    for anchor in root.iter("a"):
        tip = tips.get((anchor.get("href") or "", " ".join(anchor.text_content().split())))
        if tip and not anchor.get("title"):
            anchor.set("title", tip)
    from lxml import etree

    return "".join(
        [root.text or ""]
        + [etree.tostring(child, encoding="unicode", method="html") for child in root]
    )
