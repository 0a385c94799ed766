"""Pages -> a Draft: an HTML page, a Markdown page (through markdown-it's HTML) and a Word
document (through mammoth's HTML) all take the same path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from faq_export.importing.draft import Draft, DraftQuestion, DraftSection
from faq_export.importing.html_page import (
    NUMBERED,
    Found,
    intro_html,
    recognise,
    text_of,
    words_of,
)
from faq_export.importing.to_markdown import (
    Context,
    html_to_markdown,
    inline_markdown,
    plain,
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
    ]
)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


class NoQuestions(ValueError):
    """The source holds nothing recognisable as questions and answers."""


LOOKED_FOR = (
    "USWDS accordions (usa-accordion__button with aria-controls), <details> with <summary>, "
    "definition lists (<dt>, <dd>), schema.org FAQPage (JSON-LD and microdata), and headings "
    "followed by their answers"
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


MAX_DEPTH = 200  # elements inside each other; real pages stay under 40


def parse_page(markup: str) -> Any:
    root = lxml_html.document_fromstring(markup or "<html></html>")
    deepest = max((len(list(el.iterancestors())) for el in root.iter()), default=0)
    if deepest > MAX_DEPTH:
        raise ValueError(
            f"the page nests its elements {deepest} deep, more than import reads "
            f"({MAX_DEPTH}); real pages stay under 40"
        )
    return root


def html_draft(markup: str, name: str, context: Context, kind_suffix: str = "") -> Draft:
    """The FAQ of an HTML page (or of the HTML a Markdown page or a DOCX converts to)."""
    root = parse_page(markup)
    found, region = recognise(root)
    if found.count == 0:
        raise NoQuestions(f"found no questions in {name}; looked for {LOOKED_FOR}")
    draft = Draft(name, found.kind + kind_suffix)
    _metadata(root, draft)
    if context.page_url is None:
        context.page_url = draft.source_url
    if context.base_url is None and draft.source_url:
        context.base_url = draft.source_url
    _fill(draft, found, context)
    intro = intro_html(region, found.first)
    if text_of(intro).strip():
        draft.intro = html_to_markdown(_at_line(intro, None), context)
    return draft


def _metadata(root: Any, draft: Draft) -> None:
    title = root.xpath("//meta[@property='og:title']/@content") or root.xpath("//title/text()")
    h1 = root.xpath("//h1")
    heading = plain(h1[0].text_content()) if h1 else None
    if title and plain(title[0]):
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


def _at_line(html: str, line: int | None) -> str:
    """The fragment with blank lines before it, so that its elements' lines are the page's."""
    return "\n" * ((line or 1) - 1) + html


def _fill(draft: Draft, found: Found, context: Context) -> None:
    # The ids first: links to them become links inside the document.
    for group in found.groups:
        for identifier in [group.id, *(item.id for item in group.items)]:
            if identifier and identifier not in context.ids:
                context.ids.add(identifier)
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
        title = plain(
            inline_markdown(_at_line(group.title, group.line), context, "a heading", group.line)
        )
        title = sentence_case(title or "Frequently asked questions", context, group.line)
        section = DraftSection(title, unique(group.id, group.line))
        if text_of(group.body).strip():
            section.body = html_to_markdown(_at_line(group.body, group.line), context)
        for item in group.items:
            question = inline_markdown(
                _at_line(item.question, item.line), context, "a question", item.line
            )
            question = NUMBERED.sub("", question).strip()
            if not question:
                context.note(item.line, "a question without text", "left out with its answer")
                continue
            answer = html_to_markdown(_at_line(item.answer, item.answer_line), context)
            if not answer.strip():
                context.note(
                    item.line,
                    f"the question '{question[:50]}' has no answer",
                    "written with the answer TODO",
                )
                answer = "TODO\n"
            section.questions.append(
                DraftQuestion(question, answer, unique(item.id, item.line), words_of(item.answer))
            )
        if section.questions or section.body:
            draft.sections.append(section)


def markdown_draft(text: str, name: str, context: Context) -> Draft:
    """A Markdown page whose questions are headings (front matter read for the title)."""
    from markdown_it import MarkdownIt

    matter, body, _ = front_matter(text)
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    markup = renderer.render(body)
    draft = html_draft(f"<html><body><main>{markup}</main></body></html>", name, context)
    if isinstance(matter.get("title"), str):
        draft.title = matter["title"]
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
        draft.title = matter["title"]
    if isinstance(matter.get("lang"), str) and not draft.language:
        draft.language = matter["lang"]
    return draft


def docx_draft(path: Path, name: str, context: Context) -> Draft:
    """A Word FAQ through mammoth's HTML: questions are headings, or bold lines ending in '?'
    (made headings first)."""
    import mammoth  # type: ignore[import-untyped]

    with path.open("rb") as handle:
        result = mammoth.convert_to_html(handle, style_map=WORD_STYLES)
    markup = _with_screen_tips(_bold_questions_as_headings(result.value), path)
    for message in result.messages:
        context.note(None, f"Word: {message.message}", "see the written file")
    draft = html_draft(f"<html><body><main>{markup}</main></body></html>", name, context)
    import docx

    properties = docx.Document(str(path)).core_properties
    if properties.title:
        draft.title = properties.title
    if properties.language:
        draft.language = properties.language
    return draft


def _bold_questions_as_headings(markup: str) -> str:
    if re.search(r"<h[2-6][ >]", markup) and "?</h" in markup:
        return markup
    return re.sub(
        r"<p><strong>([^<]*\?)\s*</strong></p>",
        lambda m: f"<h3>{m.group(1)}</h3>",
        markup,
    )


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
