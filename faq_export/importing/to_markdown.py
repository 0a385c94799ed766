"""HTML -> the Markdown faq-export reads (CommonMark with pipe tables), with markdownify.

The converter keeps paragraphs, nested lists, emphasis, links with their titles, code, tables
and line breaks. What our Markdown cannot hold is changed the way a careful person would change
it, and each change is a ``Note``: a heading inside an answer becomes a bold paragraph,
struck-out text plain text, a ``javascript:`` link its text; scripts, styles, forms, iframes,
rules and images that are not files beside the source are left out. Text is never dropped
without a note.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import markdownify

from faq_export.importing.draft import Note, clean_id
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.markdown import code_spans

# Elements whose content a reader never sees as text of the answer.
DROPPED = {
    "script": "a script",
    "style": "a style sheet",
    "noscript": "a <noscript> fallback",
    "template": "a <template>",
    "iframe": "an embedded page (iframe)",
    "object": "an embedded object",
    "embed": "an embedded object",
    "video": "a video",
    "audio": "an audio player",
    "canvas": "a canvas",
    "svg": "an SVG drawing",
    "form": "a form",
    "input": "a form field",
    "select": "a form field",
    "textarea": "a form field",
    "button": "a button",
}
TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
WORD = re.compile(r"\w+")


def count_words(text: str) -> int:
    return len(WORD.findall(TEMPLATE_TAG.sub(" ", text)))


@dataclass
class Context:
    """What a conversion needs to know about the page, and where it reports."""

    where: str  # the source (file) for notes
    base_url: str | None = None  # relative links resolve on it
    page_url: str | None = None  # links to this page's own anchors become #id
    ids: set[str] = field(default_factory=set)  # the ids the written file will have
    source_folder: Path | None = None  # images beside the source are carried
    images: dict[str, Path] = field(default_factory=dict)  # name in the file -> source file
    notes: list[Note] = field(default_factory=list)
    # Anchors the source's links may use for a question (its slug as GitHub or Jekyll make
    # it) -> the id written for it; the ids that links use.
    anchors: dict[str, str] = field(default_factory=dict)
    referenced: set[str] = field(default_factory=set)
    limits: Limits = DEFAULT_LIMITS  # --limit: what the import reads

    def note(self, line: int | None, what: str, done: str) -> None:
        where = f"{self.where}:{line}" if line else self.where
        self.notes.append(Note(where, what, done))


def _line(el: Any) -> int | None:
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


# markdownify's stubs name neither escape nor convert_a, which the converter extends.
_Markdownify: Any = markdownify.MarkdownConverter


class Converter(_Markdownify):  # type: ignore[misc]
    """markdownify, told what our Markdown holds."""

    def __init__(self, context: Context, first_line: int | None = None, **options: Any) -> None:
        super().__init__(
            heading_style="ATX",
            bullets="-",
            strong_em_symbol="*",
            newline_style="BACKSLASH",
            table_infer_header=True,
            autolinks=False,
            escape_misc=False,
            **options,
        )
        self.context = context
        # The fragment's first line in the page: its elements' lines are counted from there
        # (not by blank lines put before it, which made a page's import quadratic).
        self.line_offset = (first_line or 1) - 1

    def _line(self, el: Any) -> int | None:
        line = _line(el)
        return line + self.line_offset if line is not None else None

    # --- text ---------------------------------------------------------------------------

    def escape(self, text: str, parent_tags: set[str]) -> str:
        # Backticks typed in HTML's text (an MDX <Note>, a heading in a Markdown page's HTML)
        # are code in the written Markdown, where an escape would be printed: none inside.
        out, position = [], 0
        for start, end in code_spans(text):
            out += [self._escape(text[position:start], parent_tags), text[start:end]]
            position = end
        out.append(self._escape(text[position:], parent_tags))
        return "".join(out)

    def _escape(self, text: str, parent_tags: set[str]) -> str:
        text = super().escape(text, parent_tags)
        if "_noformat" in parent_tags:
            return text
        # Text that Markdown would read as HTML, an entity or a list/heading start.
        text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)
        text = text.replace("~~", "\\~\\~")  # not struck-out text
        text = re.sub(r"([\[\]])", r"\\\1", text)  # '[x](y)' typed as text is no link
        # A bare address becomes a link as it is: no escapes inside it.
        return re.sub(
            r"https?://[^\s<>()]+", lambda m: m.group(0).replace("\\_", "_"), self._entities(text)
        )

    def _entities(self, text: str) -> str:
        return re.sub(r"&(?=#?\w+;)", r"\\&", text)

    # --- tables ---------------------------------------------------------------------------

    def convert_td(self, el: Any, text: str, parent_tags: set[str]) -> str:
        # A '|' in a cell (a shell's pipe, a regular expression's alternation), in its code
        # too, would end the cell: GFM's table reads '\|' as '|' before the cell's inlines,
        # code spans included (markdown-it's escapedSplit, which the loader uses).
        return str(super().convert_td(el, text.replace("|", "\\|"), parent_tags))

    def convert_th(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return str(super().convert_th(el, text.replace("|", "\\|"), parent_tags))

    # --- what our Markdown cannot hold ----------------------------------------------------

    def _dropped(self, el: Any, text: str, parent_tags: set[str]) -> str:
        name = el.name
        words = count_words(el.get_text(" ")) if name not in ("script", "style") else 0
        done = "left out" + (f" with its {words} words" if words else "")
        self.context.note(self._line(el), DROPPED[name], done)
        return ""

    def convert_hN(self, n: int, el: Any, text: str, parent_tags: set[str]) -> str:
        text = " ".join(text.split())
        if not text:
            return ""
        self.context.note(
            self._line(el),
            f"a heading inside an answer ('{text[:50]}')",
            "written as a bold paragraph (the questions are the headings)",
        )
        return f"\n\n**{text}**\n\n"

    def convert_hr(self, el: Any, text: str, parent_tags: set[str]) -> str:
        self.context.note(self._line(el), "a horizontal rule", "left out")
        return "\n\n"

    # A definition list: our Markdown has none (markdownify writes Markdown Extra's
    # "Term" / ":   definition", which our reader takes for a paragraph and a code block).
    # Each term and its definitions become an item of a bulleted list, the term in bold
    # and the definitions' blocks (paragraphs, lists, code) inside the item. The terms and
    # definitions are converted first (inside out), marked, and put together by their <dl>.

    def convert_dl(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:  # in a table cell or a heading: one line
            return " " + " ".join(text.split()) + " "
        entries: list[tuple[list[str], list[str]]] = []
        for kind, content in _marked_parts(text):
            if kind == "dt":
                if not entries or entries[-1][1]:
                    entries.append(([], []))
                entries[-1][0].append(content)
            elif kind == "dd" or content.strip():
                if not entries:
                    entries.append(([], []))
                entries[-1][1].append(content)
        if not entries:
            return ""
        first = " ".join((entries[0][0] or entries[0][1])[0].split())
        self.context.note(
            self._line(el),
            f"a definition list ('{first[:40].strip('*')}', …)",
            "written as a bulleted list, each term in bold followed by its definition",
        )
        items = []
        for terms, blocks in entries:
            body = "\n\n".join([f"**{term}**" for term in terms] + blocks)
            lines = [f"  {line}" if line.strip() else "" for line in body.split("\n")]
            items.append("- " + "\n".join(lines)[2:])
        return "\n\n" + "\n\n".join(items) + "\n\n"

    def convert_dt(self, el: Any, text: str, parent_tags: set[str]) -> str:
        # One line: a line break in a term is layout.
        term = " ".join(re.sub(r"\\\n", " ", text).split())
        if "_inline" in parent_tags:
            return f" {term} "
        if "dl" not in parent_tags:  # a term outside a list (HTML a browser forgives)
            return f"\n\n**{term}**\n\n" if term else ""
        return f"{DL_MARK}dt{DL_MARK}{term}{DL_MARK}" if term else ""

    def convert_dd(self, el: Any, text: str, parent_tags: set[str]) -> str:
        blocks = text.strip()
        if "_inline" in parent_tags:
            return f" {blocks} "
        if "dl" not in parent_tags:
            return f"\n\n{blocks}\n\n"
        return f"{DL_MARK}dd{DL_MARK}{blocks}{DL_MARK}" if blocks.strip() else ""

    def convert_strong(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "dt" in parent_tags and "dl" in parent_tags and "_inline" not in parent_tags:
            return text  # the term is in bold already
        return str(super().convert_strong(el, text, parent_tags))

    convert_b = convert_strong

    def convert_s(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if text.strip():
            self.context.note(
                self._line(el),
                f"struck-out text ('{' '.join(text.split())[:50]}')",
                "kept as plain text: say in words that it no longer applies, or delete it",
            )
        return text

    convert_del = convert_s
    convert_strike = convert_s

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        src = (el.get("src") or "").strip()
        alt = " ".join((el.get("alt") or "").split())
        local = self._local_image(src)
        if local is None:
            self.context.note(
                self._line(el),
                f"an image that is not a file beside the source ({src[:80] or 'no src'})",
                "left out" + (f"; its alternative text was '{alt[:60]}'" if alt else ""),
            )
            return ""
        name = local.name
        self.context.images[name] = local
        if not alt:
            self.context.note(
                self._line(el), f"the image {name} has no alternative text", "write one in the file"
            )
        return f"![{alt}]({name})"

    def _local_image(self, src: str) -> Path | None:
        folder = self.context.source_folder
        if not src or folder is None or urlsplit(src).scheme or src.startswith(("/", "//")):
            return None
        candidate = (folder / posixpath.normpath(src.split("?")[0].split("#")[0])).resolve()
        inside = candidate.is_relative_to(folder.resolve())
        ok = candidate.suffix.lower() in (".png", ".jpg", ".jpeg")
        return candidate if inside and ok and candidate.is_file() else None

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = (el.get("href") or "").strip()
        if not href or not text.strip():
            return text
        target = self._link_target(href, el, text)
        if target is None:
            return text
        el["href"] = target
        return str(super().convert_a(el, text, parent_tags))

    def _link_target(self, href: str, el: Any, text: str) -> str | None:
        shown = " ".join(text.split())[:50]
        scheme = urlsplit(href).scheme.lower()
        if scheme and scheme not in ("http", "https", "mailto"):
            self.context.note(
                self._line(el), f"a {scheme}: link ('{shown}')", "kept its text, without the link"
            )
            return None
        if href.startswith("#"):
            if href[1:] in self.context.ids:
                return href
            question = self.context.anchors.get(unquote(href[1:]).casefold())
            if question is not None:
                self.context.referenced.add(question)
                return f"#{question}"
            made = clean_id(unquote(href[1:]))  # an anchor the file could not hold as it was
            if made is not None and made in self.context.ids:
                return f"#{made}"
            if self.context.page_url:
                return urljoin(self.context.page_url, href)
            self.context.note(
                self._line(el),
                f"a link to the anchor {href} of the page ('{shown}'), which is no section or "
                "question here",
                "kept its text, without the link",
            )
            return None
        if not scheme and not href.startswith("//") and not self.context.base_url:
            self.context.note(
                self._line(el),
                f"a link relative to the web site ({href[:60]}, '{shown}')",
                "kept its text, without the link: import with --base-url ADDRESS to keep it",
            )
            return None
        absolute = urljoin(self.context.base_url or "https:", href)
        page = self.context.page_url
        if page and "#" in absolute:
            address, fragment = absolute.split("#", 1)
            if _same_page(address, page) and fragment in self.context.ids:
                return f"#{fragment}"
        return absolute


DL_MARK = "\ue000"  # a private-use character: around a term's or a definition's Markdown
MARKED_PART = re.compile(f"{DL_MARK}(dt|dd){DL_MARK}(.*?){DL_MARK}", re.S)


def _marked_parts(text: str) -> list[tuple[str, str]]:
    """A definition list's converted content: its terms ("dt") and definitions ("dd") as
    marked by the converter, and the text between them ("text")."""
    parts: list[tuple[str, str]] = []
    at = 0
    for match in MARKED_PART.finditer(text):
        parts.append(("text", text[at : match.start()].strip("\n")))
        parts.append((match.group(1), match.group(2)))
        at = match.end()
    parts.append(("text", text[at:].strip("\n")))
    return parts


def _same_page(one: str, other: str) -> bool:
    def key(url: str) -> tuple[str, str]:
        parts = urlsplit(url)
        return parts.netloc.lower(), parts.path.rstrip("/")

    return key(one) == key(other)


for _name in DROPPED:
    setattr(Converter, f"convert_{_name}", Converter._dropped)


def html_to_markdown(html: str, context: Context, first_line: int | None = None) -> str:
    """The Markdown of an HTML fragment, tidied: paragraphs separated by one blank line,
    runs of line breaks made paragraph breaks, no trailing spaces, no paragraph of stray
    punctuation (a '<' typed twice in the page's HTML)."""
    markdown: str = Converter(context, first_line).convert(html)
    paragraphs = markdown.split("\n\n")
    for stray in [p for p in paragraphs if p.strip() and not re.search(r"\w", p)]:
        context.note(None, f"a paragraph of only '{stray.strip()[:20]}'", "left out")
        paragraphs.remove(stray)
    markdown = "\n\n".join(paragraphs)
    markdown = re.sub(r"(?:\\\n[ \t]*){2,}", "\n\n", markdown)  # <br><br> = a new paragraph
    markdown = re.sub(r"\\\n(?=[ \t]*\n)", "\n", markdown)  # a break before a blank line
    markdown = re.sub(r"[ \t]+\n", "\n", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    return markdown.strip("\n").rstrip() + ("\n" if markdown.strip() else "")


def inline_markdown(
    html: str, context: Context, what: str, line: int | None, first_line: int | None = None
) -> str:
    """A question or a title: one line of Markdown with emphasis and code only (a question
    is a heading: links become their text)."""
    links: list[str] = []

    class Inline(Converter):
        def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
            if el.get("href") and text.strip():
                links.append(" ".join(text.split()))
            return text

        def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
            return " "

        def convert_p(self, el: Any, text: str, parent_tags: set[str]) -> str:
            return f" {text} "

    markdown: str = Inline(context, first_line).convert(html)
    for text in links:
        context.note(line, f"a link in {what} ('{text[:50]}')", "kept its text (a heading)")
    return " ".join(markdown.split())


def plain(text: str) -> str:
    return " ".join(text.split())


def sentence_case(title: str, context: Context, line: int | None) -> str:
    """A heading typed in capitals (a web page's CSS often does that) in sentence case."""
    # Only letters that have a case count: Arabic, Chinese or Hindi is never "in capitals".
    letters = [c for c in title if c.isupper() or c.islower()]
    if len(letters) < 4 or any(c.islower() for c in letters):
        return title
    fixed = title[0].upper() + title[1:].lower()
    context.note(line, f"the heading '{title}' is in capitals", f"written '{fixed}'")
    return fixed


def anchor_names(text: str) -> set[str]:
    """The anchors sites make for a heading (case-folded): GitHub's and kramdown's (letters,
    digits, '-' and '_' kept, spaces made '-'), Jekyll's slugify (every run of other
    characters one '-'), and faq-export's own id."""
    from faq_export.source import slugify

    lowered = " ".join(text.split()).casefold()
    github = re.sub(r"[^\w\- ]", "", lowered).replace(" ", "-")
    jekyll = re.sub(r"[^\w]+|_+", "-", lowered).strip("-")
    return {name for name in (github, jekyll, slugify(text).casefold()) if name}


def question_anchors(context: Context, question: str) -> str:
    """The id a question gets when a link of the source names it by one of its anchors
    (registered on ``context``)."""
    from faq_export.source import slugify

    slug = slugify(question)
    for name in anchor_names(question):
        context.anchors.setdefault(name, slug)
    return slug
