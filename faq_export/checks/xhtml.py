"""What the EPUB's and the web page's checks both read of an XHTML tree: headings, images,
links, the text in reading order, where a reader finds an element.

The EPUB's content documents are XHTML; the web page is parsed as HTML and its elements put
in the XHTML namespace (``as_xhtml``), so one set of helpers judges both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faq_export.checks import wording

XHTML = "http://www.w3.org/1999/xhtml"
IMG = f"{{{XHTML}}}img"
A = f"{{{XHTML}}}a"
HEADINGS = tuple(f"{{{XHTML}}}h{n}" for n in range(1, 7))

# What a reader does not read as the text: navigation lists (the contents repeat the
# headings), scripts, styles, templates and the head.
NOT_READ = frozenset(
    f"{{{XHTML}}}{name}" for name in ("nav", "script", "style", "template", "head")
)


def as_xhtml(root: Any) -> Any:
    """``root`` (parsed as HTML, its elements in no namespace) with its elements in the XHTML
    namespace, as an EPUB's content documents have them."""
    for element in root.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = f"{{{XHTML}}}{element.tag}"
    return root


def text(element: Any) -> str:
    """The element's text, its white space collapsed."""
    return " ".join("".join(element.itertext()).split())


def hidden(element: Any) -> bool:
    return element.get("hidden") is not None or element.get("aria-hidden") == "true"


def reading(
    element: Any, headings: frozenset[str] | tuple[str, ...] = HEADINGS
) -> Iterator[tuple[str, bool, str | None]]:
    """(text, is a heading, the id of the nearest element around it that has one) of what
    ``element`` holds, in document order: a heading's text is one piece (an element of
    ``headings``); an image is its alt text; comments, navigation and hidden elements are not
    read (iteratively: a deep tree is no recursion)."""
    stack: list[tuple[Any, str | None]] = [(element, element.get("id"))]
    while stack:
        item, anchor = stack.pop()
        if isinstance(item, str):
            yield item, False, anchor
            continue
        if not isinstance(item.tag, str) or item.tag in NOT_READ or hidden(item):
            continue
        inner = item.get("id") or anchor
        if item.tag in headings:
            words = "".join(piece for piece, _, _ in reading(item, headings=()))
            yield words, True, inner
            continue
        if item.tag == IMG:
            yield item.get("alt") or "", False, inner
            continue
        later: list[tuple[Any, str | None]] = [(item.text, inner)] if item.text else []
        for kid in item:
            later.append((kid, inner))
            if kid.tail:
                later.append((kid.tail, inner))
        stack.extend(reversed(later))


def heading_skips(doc: Any) -> Iterator[tuple[Any, int, int]]:
    """(heading, its level, the level before it) of each heading that skips a level."""
    previous = 0
    for heading in doc.iter(*HEADINGS):
        level = int(heading.tag[-1])
        if previous and level > previous + 1:
            yield heading, level, previous
        previous = level


def alt_problem(img: Any) -> str | None:
    alt = img.get("alt")
    return "no alt" if alt is None else wording.weak_alt_text(alt)


def link_problem(link: Any) -> tuple[str, str] | None:
    """What is wrong with a link's text (none, vague, a bare address) and the text, or None."""
    words = text(link)
    alt_texts = " ".join(i.get("alt", "") for i in link.iter(IMG))
    if not (words or alt_texts.strip()):
        return "the link has no text", words
    if wording.is_vague_link_text(words):
        return f"the link text '{words}' does not say where it goes", words
    if wording.is_bare_address(words):
        return f"the link text is the address '{words}'", words
    return None


def heading_before(doc: Any, element: Any, outside: frozenset[str] = frozenset()) -> Any:
    """The nearest heading before ``element`` in ``doc``, or None; a heading inside an
    element of ``outside`` (a navigation list's heading) does not count."""
    heading = None
    for candidate in doc.iter(*HEADINGS, element.tag):
        if candidate is element:
            break
        if candidate.tag in HEADINGS and not (
            outside and any(a.tag in outside for a in candidate.iterancestors())
        ):
            heading = candidate
    return heading
