"""Web page checks: our own rules for any HTML page (its language, title, headings, main
landmark, images, links and tables), that it loads nothing from elsewhere, and, with the
document it was built from, that it holds all of that document's text, links and images.

The page is parsed as HTML (lxml) and its elements put in the XHTML namespace, so the rules
the EPUB's content documents are judged by are the same code here (``xhtml.py``). Locations
are what a reader finds: the heading an element is under.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

import faq_export.languages as languages
import faq_export.model as m
from faq_export.checks import wording, xhtml
from faq_export.checks.content import ALT_TEXT, LINK_TEXT, ContentContext, Part
from faq_export.checks.fidelity import Piece, fidelity_findings, normalise
from faq_export.checks.findings import CheckInputError, Finding, Rule
from faq_export.checks.registry import E, Hit, Registry
from faq_export.checks.verdicts import OWN_RULES, Verdict, by_own_rules

X = f"{{{xhtml.XHTML}}}"
# Elements whose address the browser fetches when the page is shown, by the attribute that
# holds it (``<a href>`` is followed only when clicked; ``<link>`` is judged by its rel).
FETCHED = {
    f"{X}img": ("src", "srcset"),
    f"{X}script": ("src",),
    f"{X}iframe": ("src",),
    f"{X}frame": ("src",),
    f"{X}embed": ("src",),
    f"{X}object": ("data",),
    f"{X}source": ("src", "srcset"),
    f"{X}track": ("src",),
    f"{X}audio": ("src",),
    f"{X}video": ("src", "poster"),
    f"{X}input": ("src",),
}
FETCHED_LINKS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest"}
CSS_URL = re.compile(r"""url\(\s*['"]?(?!data:|#)([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


def check_webpage(data: bytes, document: m.Document | None = None) -> list[Finding]:
    """The web page's findings; with the ``document`` it was built from, whether it holds all
    of that document's text (fidelity.py) and every one of its links and images."""
    context = WebPageContext(data, document)
    findings = HTML.run(context)
    if document is not None:
        findings += fidelity_findings(document, "html", reading_pieces(context))
    return findings


class WebPageContext:
    """The page, parsed once, and the document it was built from (when known)."""

    def __init__(self, data: bytes, document: m.Document | None = None) -> None:
        if not data.strip():
            raise CheckInputError("not a readable web page (the file is empty)")
        try:
            root = etree.fromstring(data, etree.HTMLParser(encoding=_encoding(data)))
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise CheckInputError(f"not a readable web page: {exc}") from None
        if root is None:
            raise CheckInputError("not a readable web page")
        self.root = xhtml.as_xhtml(root)
        self.document = document

    def all(self, name: str) -> list[Any]:
        return list(self.root.iter(f"{X}{name}"))

    @functools.cached_property
    def title(self) -> str:
        found = self.root.find(f"{X}head/{X}title")
        return xhtml.text(found) if found is not None else ""

    @functools.cached_property
    def main(self) -> list[Any]:
        return [e for e in self.root.iter() if e.tag == f"{X}main" or e.get("role") == "main"]

    def place(self, element: Any) -> str:
        """Where a reader finds ``element``: under the nearest heading before it, else the
        page (by its title)."""
        heading = xhtml.heading_before(self.root, element, outside=NAVIGATION)
        if heading is not None:
            return f"the part headed “{xhtml.text(heading)}”"
        return f"the page “{self.title}”" if self.title else "the page"


def _encoding(data: bytes) -> str:
    """UTF-8 unless the page says otherwise (a BOM or a ``charset`` in its first bytes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    declared = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", data[:2048])
    if declared is None:
        return "utf-8"
    name = declared.group(1).decode("ascii")
    try:
        codecs.lookup(name)
    except LookupError:
        return "utf-8"  # an encoding nobody knows: read as the web's default
    return name


HTML: Registry[WebPageContext] = Registry("html")
NAVIGATION = frozenset({f"{X}nav"})  # its headings are not the parts a reader is in


@HTML.check(
    Rule(
        "FE-HTML-LANG",
        E,
        "The page's language is not declared, or a language tag is not valid",
        "WCAG 3.1.1 and 3.1.2",
        "Give <html> a lang with the page's language, and each passage in another language "
        "its own lang, as BCP 47 tags (en-US, fr, zh-Hans).",
        '<html> with no lang, or <span lang="english">',
    )
)
def language(ctx: WebPageContext) -> Iterator[Hit]:
    if not (ctx.root.get("lang") or "").strip():
        yield Hit(ctx.place(ctx.root), "<html> has no lang")
    for element in ctx.root.iter():
        tag = element.get("lang")
        if tag is not None and tag.strip() and (problem := languages.problem(tag.strip())):
            yield Hit(ctx.place(element), problem[0])


@HTML.check(
    Rule(
        "FE-HTML-TITLE",
        E,
        "The page has no title",
        "WCAG 2.4.2",
        "Give the page a <title> in its <head> that names it.",
        "<head><title></title></head>",
    )
)
def page_title(ctx: WebPageContext) -> Iterator[Hit]:
    if not ctx.title:
        yield Hit("the page", "the page has no <title>")


@HTML.check(
    Rule(
        "FE-HTML-H1",
        E,
        "The page has no main heading, or more than one",
        "WCAG 1.3.1 and 2.4.6",
        "Give the page one <h1>, its title; the sections are h2, the questions h3.",
        "A page whose sections are each an <h1>.",
    )
)
def one_main_heading(ctx: WebPageContext) -> Iterator[Hit]:
    found = ctx.all("h1")
    if not found:
        yield Hit("the page", "the page has no <h1>")
    for extra in found[1:]:
        yield Hit(f"the heading “{xhtml.text(extra)}”", "a second <h1>")


@HTML.check(
    Rule(
        "FE-HTML-HEADING-SKIP",
        E,
        "Heading levels are skipped",
        "WCAG 1.3.1",
        "Use heading levels in order: h3 under h2, not under h1.",
        "An <h1> followed by an <h3>.",
    )
)
def heading_skip(ctx: WebPageContext) -> Iterator[Hit]:
    for heading, level, previous in xhtml.heading_skips(ctx.root):
        yield Hit(f"the heading “{xhtml.text(heading)}”", f"an h{level} follows an h{previous}")


@HTML.check(
    Rule(
        "FE-HTML-MAIN",
        E,
        "The page has no main landmark, or more than one",
        "WCAG 1.3.1 and 2.4.1 (a way past the blocks repeated on pages)",
        "Put the FAQ in one <main>, apart from the page's header, contents and footer.",
        "A page whose content is all in <div>s.",
    )
)
def main_landmark(ctx: WebPageContext) -> Iterator[Hit]:
    if not ctx.main:
        yield Hit("the page", "the page has no <main>")
    elif len(ctx.main) > 1:
        yield Hit("the page", f"the page has {len(ctx.main)} main landmarks")


@HTML.check(
    Rule(
        "FE-HTML-ALT",
        E,
        "An image has no alternative text",
        "WCAG 1.1.1",
        'Give every <img> an alt saying what it shows (alt="" only for decoration).',
        '<img src="chart.png">',
    )
)
def missing_alt(ctx: WebPageContext) -> Iterator[Hit]:
    for img in ctx.all("img"):
        if img.get("alt") is None:
            yield Hit(ctx.place(img), "an image has no alt attribute")


@HTML.check(ALT_TEXT)
def weak_alt(ctx: WebPageContext) -> Iterator[Hit]:
    for img in ctx.all("img"):
        alt = img.get("alt")
        if alt is not None and (weak := wording.weak_alt_text(alt)):
            yield Hit(ctx.place(img), f"the alt text '{alt}' {weak}", subject=wording.normal(alt))


@HTML.check(LINK_TEXT)
def link_text(ctx: WebPageContext) -> Iterator[Hit]:
    for link in ctx.all("a"):
        if link.get("href") is None:
            continue  # an anchor, not a link
        problem = xhtml.link_problem(link)
        if problem is not None:
            message, text = problem
            yield Hit(ctx.place(link), message, subject=wording.normal(text))


@HTML.check(
    Rule(
        "FE-HTML-TABLE-HEADERS",
        E,
        "A table has no header cells",
        "WCAG 1.3.1",
        'Give each table a header row of <th scope="col"> cells, so each cell is read with '
        "its column's name.",
        "<table><tr><td>Plan</td><td>Price</td></tr>…</table>",
    )
)
def table_headers(ctx: WebPageContext) -> Iterator[Hit]:
    for table in ctx.all("table"):
        if table.get("role") in ("presentation", "none"):
            continue
        if next(table.iter(f"{X}th"), None) is None:
            caption = table.find(f"{X}caption")
            named = f"the table “{xhtml.text(caption)}”" if caption is not None else "a table"
            yield Hit(ctx.place(table), f"{named} has no header cells (<th>)")


@HTML.check(
    Rule(
        "FE-HTML-EXTERNAL",
        E,
        "The page loads something from elsewhere",
        "faq-export web page rule: one self-contained file, which works offline and tells "
        "no other site who reads it",
        "Put styles in <style> and images in data: addresses, and load no scripts, fonts or "
        "frames.",
        '<link rel="stylesheet" href="https://cdn.example.org/site.css">',
        ours="a page faq-export built holds nothing from elsewhere unless its web template "
        "(page.html.j2 in --templates) adds it: remove it there, or report it.",
    )
)
def external_resources(ctx: WebPageContext) -> Iterator[Hit]:
    for element in ctx.root.iter():
        if not isinstance(element.tag, str):
            continue
        addresses = [element.get(name) for name in FETCHED.get(element.tag, ())]
        if element.tag == f"{X}link" and FETCHED_LINKS & set((element.get("rel") or "").split()):
            addresses.append(element.get("href"))
        if element.tag == f"{X}style":
            addresses += [a or b for a, b in CSS_URL.findall(element.text or "")]
        if element.get("style"):
            addresses += [a or b for a, b in CSS_URL.findall(element.get("style"))]
        for address in addresses:
            for one in _addresses(address):
                if not one.startswith(("data:", "#")):
                    yield Hit(ctx.place(element), f"<{_name(element)}> loads {one[:80]}")


def _addresses(value: str | None) -> list[str]:
    """The addresses of an attribute (a ``srcset`` holds several, each with its width)."""
    if not value or not value.strip():
        return []
    if value.strip().startswith("data:"):
        return [value.strip()]
    return [part.split()[0] for part in value.split(",") if part.split()]


def _name(element: Any) -> str:
    return str(element.tag).removeprefix(X)


@HTML.check(
    Rule(
        "FE-HTML-LINKS",
        E,
        "A link or image of the source is missing from the page",
        "faq-export fidelity rule (nothing the author wrote is lost); WCAG 1.1.1, 2.4.4",
        "This is a fault of faq-export or of the web template, not of your text: every "
        "link must keep its address and its words, every image its alternative text. "
        "Report it with the source.",
        "A link written as plain text, or an image whose alt text was dropped.",
    )
)
def links_kept(ctx: WebPageContext) -> Iterator[Hit]:
    if ctx.document is None:
        return
    content = ContentContext(ctx.document)
    regions = ctx.main or [ctx.root]
    page_links = [
        (link.get("href") or "", _link_words(link))
        for region in regions
        for link in region.iter(f"{X}a")
    ]
    page_alts = [img.get("alt") or "" for region in regions for img in region.iter(f"{X}img")]
    ids = {element.get("id") for element in ctx.root.iter() if element.get("id")}
    at_link = at_alt = 0
    for part, node in _source_inlines(content):
        if isinstance(node, (m.Link, m.CrossRef)):
            href = node.url if isinstance(node, m.Link) else f"#{node.target}"
            words = normalise(m.plain_text(node.children))
            found = _next(page_links, at_link, (href, words))
            if found is None:
                yield content.hit(
                    part,
                    f"the link to {href} (“{m.plain_text(node.children)}”) is not in the page "
                    "with that address and those words",
                    node.at,
                )
                continue
            at_link = found + 1
            if isinstance(node, m.CrossRef) and node.target not in ids:
                yield content.hit(
                    part, f"the link to {href} leads nowhere: no element has that id", node.at
                )
        elif isinstance(node, m.Image):
            alt = node.alt
            found = _next(page_alts, at_alt, alt)
            if found is None:
                yield content.hit(
                    part,
                    f"the image {node.name} (“{alt}”) is not in the page with that alt text",
                    node.at,
                )
                continue
            at_alt = found + 1


def _link_words(link: Any) -> str:
    return normalise("".join(piece for piece, _, _ in xhtml.reading(link, headings=())))


def _next(items: list[Any], start: int, wanted: Any) -> int | None:
    """The index of the first of ``items`` from ``start`` on that equals ``wanted``."""
    return next((i for i in range(start, len(items)) if items[i] == wanted), None)


def _source_inlines(context: ContentContext) -> Iterator[tuple[Part, m.Inline]]:
    """Every inline of the source in reading order with its part: a question's title before
    its answer."""
    questions = {q.id: q for q in context.document.questions}
    for part in context.parts:
        question = questions.get(part.target or "")
        if question is not None:
            for node in m.walk_inlines((m.Paragraph(question.heading),)):
                yield part, node
        for node in m.walk_inlines(part.blocks):
            yield part, node


RULES: dict[str, Rule] = HTML.rules

# What a reader of the page reads as the text of a heading: a heading, or a <summary> (the
# question it opens; a heading inside it is part of that one piece).
READ_AS_HEADING = frozenset((*xhtml.HEADINGS, f"{X}summary"))


def reading_pieces(ctx: WebPageContext) -> Iterator[Piece]:
    """The page's text in reading order, as a reader gets it: each heading (and each
    <summary>) one piece, each image its alt text, each text node a piece; the navigation,
    the head (its JSON-LD search data too) and hidden elements are not read. Each piece is
    where the nearest element with an id around it is (``#faq2.3``: an address in the page)."""
    body = ctx.root.find(f"{X}body")
    if body is None:
        return
    for text, heading, anchor in xhtml.reading(body, headings=READ_AS_HEADING):
        yield Piece(text, f"#{anchor}" if anchor else "the page", heading)


STANDARD = "WCAG 2.2 AA"


def verdicts(findings: list[Finding]) -> list[Verdict]:
    """What the findings say of the WCAG 2.2 AA: judged in part, by our rules."""
    return [
        by_own_rules(
            STANDARD,
            f"{OWN_RULES} (FE-HTML-…)",
            findings,
            f"faq-export's {len(RULES)} web page rules (language, title, headings, main landmark, "
            "alternative text, table headers, links, external resources): part of what a "
            "machine can check",
            "axe-core and the Nu HTML Checker: `check` does not run them (faq-export's tests "
            "run them on the pages it builds)",
        )
    ]
