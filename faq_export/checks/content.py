"""Content rules: judged once on the document model, reported at the source's line.

What every format would show the same way (a link that says "here", an answer that says
"TBD") is judged here, before rendering, so `validate` and the three formats' reports agree
and the user is sent to the line to change. The checks of built files (``pdf.py``,
``epub.py``, ``docx.py``) register the same ``Rule`` where they judge the same thing in files
we did not build (``LINK_TEXT``, ``ALT_TEXT``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import faq_export.model as m
from faq_export.checks import wording
from faq_export.checks.findings import Finding, Rule
from faq_export.checks.registry import E, Hit, Registry, W

LINK_TEXT = Rule(
    "FE-LINK-TEXT",
    W,
    "A link's text does not say where it goes",
    "WCAG 2.4.4 (A: purpose from the text with its sentence) and 2.4.9 (AAA: from the text "
    "alone); Word accessibility checker: 'Unclear hyperlink text'",
    "Make the words of the link name its destination: 'see the release schedule', not 'the "
    "schedule is here'. Screen reader users often list a page's links out of their sentences; "
    "a link whose sentence says where it goes meets WCAG 2.4.4 (level A).",
    "Details are [here](https://example.org/schedule).",
    ours="write the link as 'see the [release schedule](…)' in the source; if the sentence "
    "around it says where it goes, accept the finding (accessibility.accept).",
)
ALT_TEXT = Rule(
    "FE-ALT-TEXT",
    E,
    "An image's alternative text is a file name or a placeholder",
    "WCAG 1.1.1; Matterhorn 13-004 (human checkpoint)",
    "Write what the image shows or does: 'Chart: savings per year, 2019 to 2024'.",
    "![IMG_2041.png](IMG_2041.png) or ![image](chart.png)",
)
PLACEHOLDER = Rule(
    "FE-PLACEHOLDER",
    W,
    "An answer or question is a placeholder",
    "faq-export content rule (a published 'TBD' tells the reader nothing)",
    "Write the answer, or leave the question out until it has one.",
    "answer: TBD",
)
DUPLICATE_ANSWER = Rule(
    "FE-DUPLICATE-ANSWER",
    W,
    "Two questions have the same answer",
    "faq-export content rule (often a copy-and-paste slip)",
    "Check that each answer belongs to its question; if two questions truly share an answer, "
    "merge them, or link one to the other with [see question N](#id).",
    "Questions 4 and 9 both answered 'Contact the help desk at …'.",
)
TEMPLATE_TAG = Rule(
    "FE-TEMPLATE-TAG",
    W,
    "Text holds a site generator's template tag",
    "faq-export content rule (Jekyll/Liquid, Hugo and Jinja tags are not rendered here)",
    "Replace the tag with the text or address it stood for on the web site.",
    "See {{ site.data.contacts.helpdesk }} or {% include note.html %}",
)
METADATA_TODO = Rule(
    "FE-METADATA-TODO",
    W,
    "A metadata text, a word or an answer still says TODO",
    "faq-export content rule (`import` writes TODO where only a person knows the answer; "
    "EPUB Accessibility 1.1 asks for a true accessibility summary)",
    "Replace the TODO with the real text: for accessibility_summary, say what is true of "
    "these documents (structure, images and their descriptions, tables, what is missing); "
    "for words, the words of the document's language; for an answer (an import writes TODO "
    "for a question the original left unanswered), the answer.",
    "accessibility_summary: TODO: say in plain words what is true …",
)
ALL_CAPS = Rule(
    "FE-ALL-CAPS",
    W,
    "A passage is written in capitals",
    "WCAG 2.2 understanding 1.4.8 and 3.1.5; plain-language and dyslexia style guides",
    "Write it in sentence case and use **strong emphasis** for what matters: capitals are "
    "slower to read, and some screen readers spell them out letter by letter.",
    "PLEASE DO NOT ASK FOR RELEASE DATES",
)

DUPLICATE_QUESTION = Rule(
    "FE-DUPLICATE-QUESTION",
    W,
    "Two questions are the same",
    "faq-export content rule (often a copy-and-paste slip; the contents would list it twice)",
    "Delete one of them, merging their answers, or reword one so that each question asks "
    "something of its own.",
    "Questions 4 and 9 both ask 'How do I reset my password?'.",
)
TABLE_LIKE = Rule(
    "FE-TABLE-LIKE",
    W,
    "Lines look like a table but are printed as a paragraph",
    "faq-export content rule (a pipe table needs the row of dashes under its column names; "
    "without it every '|' is printed, and no reader gets a table)",
    "Put a row of dashes, one '---' per column, under the column names: '| --- | --- |'. "
    "If the lines are not a table, write them without '|'.",
    "| Plan | Price |\n| Basic | $5 |",
)
TABLE_CAPTION = Rule(
    "FE-TABLE-CAPTION",
    W,
    "A 'Table:' caption is next to no table",
    "faq-export content rule (a caption is a table's when it is the paragraph right after or "
    "right before it)",
    "Put the caption paragraph right after its table, with one blank line between them; if "
    "the table is not there yet, write it, or delete the caption.",
    "Table: Plans and what they include (with no table above or below it)",
)
SUMMARY_CONTRADICTED = Rule(
    "FE-SUMMARY-CONTRADICTED",
    W,
    "The accessibility summary says there is no image, table or code, and there is",
    "EPUB Accessibility 1.1 (the summary, schema:accessibilitySummary, must be true of the "
    "publication); faq-export content rule",
    "Rewrite metadata.accessibility_summary to say what is true: the images and how they "
    "are described, the tables and their header rows, the code.",
    "accessibility_summary: It has no images. (and an answer shows ![Map](map.png))",
)

CONTENT: Registry[ContentContext] = Registry("content")


@dataclass(frozen=True)
class Part:
    """A piece of the document a reader can name: the introduction, a section, a question."""

    label: str  # "question 3", "section “Key takeaways”", "the introduction"
    target: str | None  # the section or question id
    blocks: tuple[m.Block, ...]
    start: m.Place | None  # where its text begins in the source


class ContentContext:
    def __init__(self, document: m.Document) -> None:
        self.document = document
        self.lines = document.source_text.splitlines()

    @functools.cached_property
    def parts(self) -> list[Part]:
        parts = [Part("the introduction", None, self.document.intro, None)]
        for section in self.document.sections:
            parts.append(Part(f"section “{section.title}”", section.id, section.body, section.at))
            for q in section.questions:
                parts.append(Part(f"question {q.number}", q.id, q.answer, q.answer_at))
        return parts

    def source(self, place: m.Place | None) -> str | None:
        if place is None or not self.document.source:
            return None
        return f"{self.document.source}:{place.line}:{place.column}"

    def find(self, snippet: str, start: m.Place | None) -> m.Place | None:
        """Where ``snippet`` (its first line) is written, searching from ``start`` on."""
        needle = snippet.strip().splitlines()[0][:60] if snippet.strip() else ""
        first = start.line - 1 if start else 0
        for number in range(first, len(self.lines)):
            column = self.lines[number].find(needle) if needle else -1
            if column >= 0:
                return m.Place(number + 1, column + 1)
        return start

    def hit(
        self, part: Part, message: str, place: m.Place | None, subject: str | None = None
    ) -> Hit:
        return Hit(part.label, message, self.source(place), part.target, subject)


def check_content(document: m.Document) -> list[Finding]:
    """Every content finding of ``document``, in the order of the registered rules."""
    return CONTENT.run(ContentContext(document))


def _texts(context: ContentContext) -> Iterator[tuple[Part, str, m.Place | None]]:
    """Every text a reader sees, with the part it is in and where to start looking for it."""
    for section in context.document.sections:
        yield (
            Part(f"section “{section.title}”", section.id, (), section.at),
            section.title,
            (section.at),
        )
        for q in section.questions:
            yield Part(f"question {q.number}", q.id, (), q.at), q.text, q.at
    for part in context.parts:
        yield part, _prose(part.blocks), part.start


def _prose(blocks: tuple[m.Block, ...]) -> str:
    """The words of ``blocks`` without their code (blocks and spans): a program's output in
    capitals or a template's ``{{ tag }}`` shown as code is what the author means to show."""
    text = m.blocks_text(blocks)
    code = [b.text for b in _code_blocks(blocks)]
    code += [n.text for n in m.walk_inlines(blocks) if isinstance(n, m.Code)]
    for piece in code:
        text = text.replace(piece, "\n", 1)
    return text


def _code_blocks(blocks: tuple[m.Block, ...]) -> Iterator[m.CodeBlock]:
    for block in blocks:
        match block:
            case m.CodeBlock():
                yield block
            case m.BulletList(items) | m.OrderedList(items):
                for item in items:
                    yield from _code_blocks(item.blocks)
            case m.BlockQuote(inner) | m.Passage(blocks=inner):
                yield from _code_blocks(inner)


@CONTENT.check(LINK_TEXT)
def vague_link_texts(context: ContentContext) -> Iterator[Hit]:
    for part in context.parts:
        for node in m.walk_inlines(part.blocks):
            if not isinstance(node, (m.Link, m.CrossRef)):
                continue
            text = " ".join(m.plain_text(node.children).split())
            at = node.at
            if wording.is_vague_link_text(text):
                message = f"the link text '{text}' does not say where it goes"
            elif wording.is_bare_address(text):
                message = (
                    f"the link text is the address '{text}', which screen readers read out "
                    "character by character"
                )
            else:
                continue
            yield context.hit(part, message, at, subject=wording.normal(text))


@CONTENT.check(ALT_TEXT)
def weak_alt_texts(context: ContentContext) -> Iterator[Hit]:
    for part in context.parts:
        for node in m.walk_inlines(part.blocks):
            if isinstance(node, m.Image) and (why := wording.weak_alt_text(node.alt)):
                yield context.hit(
                    part,
                    f"the alternative text '{node.alt}' {why}: it does not say what the "
                    "image shows",
                    node.at,
                    subject=wording.normal(node.alt),
                )


@CONTENT.check(PLACEHOLDER)
def placeholders(context: ContentContext) -> Iterator[Hit]:
    for section in context.document.sections:
        for q in section.questions:
            part = Part(f"question {q.number}", q.id, q.answer, q.answer_at)
            if wording.is_placeholder(q.text):
                yield context.hit(part, f"the question is a placeholder ('{q.text}')", q.at)
            answer = m.blocks_text(q.answer)
            if wording.is_placeholder(answer):
                short = " ".join(answer.split())[:40]
                at = context.find(answer, q.answer_at)
                yield context.hit(part, f"the answer is a placeholder ('{short}')", at)


@CONTENT.check(DUPLICATE_ANSWER)
def duplicate_answers(context: ContentContext) -> Iterator[Hit]:
    first: dict[str, m.Question] = {}
    for q in context.document.questions:
        words = " ".join(m.blocks_text(q.answer).split()).lower()
        if len(words.split()) < 3 or wording.is_placeholder(words):
            continue  # "Yes." twice is no slip; placeholders have a rule of their own
        earlier = first.setdefault(words, q)
        if earlier is not q:
            part = Part(f"question {q.number}", q.id, q.answer, q.answer_at)
            yield context.hit(
                part,
                f"the answer is the same as the answer to question {earlier.number}",
                context.find(m.blocks_text(q.answer), q.answer_at),
            )


@CONTENT.check(TEMPLATE_TAG)
def template_tags(context: ContentContext) -> Iterator[Hit]:
    for part, text, start in _texts(context):
        for tag in wording.template_tags(text):
            yield context.hit(
                part,
                f"'{tag}' is a template tag that a web site would have replaced; here it is "
                "printed as it is",
                context.find(tag, start),
            )
    for part in context.parts:
        for node in m.walk_inlines(part.blocks):
            if isinstance(node, m.Link) and ("{{" in node.url or "{%" in node.url):
                yield context.hit(
                    part, f"the link address '{node.url}' holds a template tag", node.at
                )


@CONTENT.check(ALL_CAPS)
def capitals(context: ContentContext) -> Iterator[Hit]:
    for part, text, start in _texts(context):
        for run in wording.capital_runs(text):
            shown = run if len(run) <= 50 else run[:50].rsplit(" ", 1)[0] + "…"
            yield context.hit(part, f"'{shown}' is written in capitals", context.find(run, start))


@CONTENT.check(METADATA_TODO)
def metadata_todos(context: ContentContext) -> Iterator[Hit]:
    meta = context.document.metadata
    part = Part("the metadata", None, (), None)
    for key in ("title", "subtitle", "description", "publisher", "accessibility_summary"):
        value = getattr(meta, key)
        if isinstance(value, str) and re.match(r"\s*(TODO|FIXME|TBD)\b", value):
            at = context.find(f"{key}:", None)
            yield context.hit(part, f"metadata.{key} still says '{value[:30]}…'", at)
    for found in context.parts:
        text = m.blocks_text(found.blocks)
        if re.match(r"\s*(TODO|FIXME)\b", text):
            shown = " ".join(text.split())[:30]
            yield context.hit(found, f"{found.label} still says '{shown}'", found.start)
    todo = [key for key, _ in context.document.words.unfinished]
    if todo:
        at = context.document.words.unfinished[0][1]
        keys = ", ".join(todo[:4]) + (f" and {len(todo) - 4} more" if len(todo) > 4 else "")
        yield context.hit(
            part,
            f"the words {keys} still say TODO: translate them (build refuses them without --draft)",
            at,
        )


@CONTENT.check(DUPLICATE_QUESTION)
def duplicate_questions(context: ContentContext) -> Iterator[Hit]:
    first: dict[str, m.Question] = {}
    for q in context.document.questions:
        earlier = first.setdefault(wording.normal(q.text), q)
        if earlier is not q:
            part = Part(f"question {q.number}", q.id, q.answer, q.answer_at)
            yield context.hit(part, f"the question is the same as question {earlier.number}", q.at)


def _part_at(context: ContentContext, at: m.Place) -> Part:
    """The part whose text holds ``at``: the last one to start before it."""
    started = [p for p in context.parts if p.start is not None and p.start <= at]
    return max(started, key=lambda p: p.start or at, default=context.parts[0])


@CONTENT.check(TABLE_LIKE)
def table_like_paragraphs(context: ContentContext) -> Iterator[Hit]:
    for notice in context.document.notices:
        if notice.kind == "table-like":
            yield context.hit(_part_at(context, notice.at), notice.message, notice.at)


@CONTENT.check(TABLE_CAPTION)
def captions_alone(context: ContentContext) -> Iterator[Hit]:
    for notice in context.document.notices:
        if notice.kind == "caption-alone":
            yield context.hit(_part_at(context, notice.at), notice.message, notice.at)


@CONTENT.check(SUMMARY_CONTRADICTED)
def summary_contradicted(context: ContentContext) -> Iterator[Hit]:
    denied = wording.denied_content(context.document.metadata.accessibility_summary)
    if not denied:
        return
    found: dict[str, list[Part]] = {"images": [], "tables": [], "code": []}
    for part in context.parts:
        for node in m.walk_inlines(part.blocks):
            if isinstance(node, m.Image):
                found["images"].append(part)
            elif isinstance(node, m.Code):
                found["code"].append(part)
        for block in _blocks(part.blocks):
            if isinstance(block, m.Table):
                found["tables"].append(part)
            elif isinstance(block, m.CodeBlock):
                found["code"].append(part)
    at = context.find("accessibility_summary:", None)
    summary = Part("the metadata", None, (), None)
    names = {"images": ("image", "images"), "tables": ("table", "tables")}
    for kind in denied:
        if not found[kind]:
            continue
        count = len(found[kind])
        one, many = names.get(kind, ("piece of code", "pieces of code"))
        some = f"is one {one}" if count == 1 else f"are {count} {many}"
        yield context.hit(
            summary,
            f"the accessibility summary says there are no {kind}, and there {some} (the "
            f"first in {found[kind][0].label})",
            at,
            subject=kind,
        )


def _blocks(blocks: tuple[m.Block, ...]) -> Iterator[m.Block]:
    for block in blocks:
        yield block
        match block:
            case m.BulletList(items) | m.OrderedList(items):
                for item in items:
                    yield from _blocks(item.blocks)
            case m.BlockQuote(inner) | m.Passage(blocks=inner):
                yield from _blocks(inner)
