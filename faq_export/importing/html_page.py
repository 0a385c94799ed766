"""Finding an FAQ in a web page: its questions, answers, sections and metadata.

Each recogniser reads one way pages mark up an FAQ; the one that finds the most questions
wins (ties in the order of ``RECOGNISERS``):

- USWDS accordions: ``usa-accordion__button`` (or USWDS 1's ``usa-accordion-button``) whose
  ``aria-controls`` names the answer; an accordion of accordions is sections of questions;
- schema.org ``Question`` microdata (``itemprop="name"``, ``acceptedAnswer``/``text``);
- ``<details>`` with its ``<summary>``;
- definition lists, ``<dt>`` and ``<dd>``;
- schema.org ``FAQPage`` as JSON-LD (``<script type="application/ld+json">``);
- headings followed by their answers: the heading level that asks the most questions ("?")
  holds the questions, shallower headings are sections;
- list items that begin with a bold question (``- **How?** …``, ``<li><b>How?</b><br>…``).

Only the page's main content is read (``<main>``, else ``role="main"``, else ``<body>``),
without its header, navigation, sidebars and footer, so the "Here's how you know" banner of a
.gov page is no question. For the flat kinds, the headings before the questions are sections.
"""

from __future__ import annotations

import copy
import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from faq_export.importing.draft import clean_id
from faq_export.importing.to_markdown import count_words

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Pages from before HTML5 mark the same parts by id or class: Apache's manual has
# <div id="page-header">, <div id="path"> (its breadcrumb) and <div id="footer">.
_CHROME_IDS = (
    "header", "footer", "page-header", "page-footer", "site-header", "site-footer", "nav",
    "navigation", "navbar", "menu", "sidebar", "breadcrumb", "breadcrumbs", "path",
)  # fmt: skip
_CHROME_CLASSES = ("breadcrumb", "breadcrumbs", "navbar", "site-header", "site-footer")
_LOWER = "translate(@id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
OUTSIDE = (
    ".//header | .//nav | .//footer | .//aside | .//*[contains(@class, 'usa-banner')]"
    " | .//*[@role='navigation' or @role='banner' or @role='contentinfo']"
)
# Named so, but holding a heading, a <details> or a term: content (a question whose wrapper's
# id is its slug, "path" or "menu"), kept; what is left out is in no check's sight.
OLD_CHROME = " | ".join(
    [f".//*[{_LOWER}='{name}']" for name in _CHROME_IDS]
    + [
        f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
        for name in _CHROME_CLASSES
    ]
)
_CONTENT = ".//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//details | .//dt"
QUESTION_MARKS = ("?", "？", "؟")
# A section the source does not name: the writer gives it words in the document's language.
UNNAMED = ""
NUMBERED = re.compile(r"^\s*(?:(?:Q|Question)\s*\d*\s*[.:)]|\d+\s*[.)])\s+", re.I)


@dataclass
class Item:
    """One question of the page, as HTML."""

    question: str  # inner HTML
    answer: str  # inner HTML
    line: int | None
    answer_line: int | None
    id: str | None = None
    element: Any = None  # where it is in the page (for sections by the headings before it)
    aliases: tuple[str, ...] = ()  # its other anchors: links to them go to ``id``


@dataclass
class Group:
    """A section of the page, as HTML."""

    title: str
    id: str | None
    line: int | None
    body: str = ""
    items: list[Item] = field(default_factory=list)
    element: Any = None  # its heading in the page, when it has one
    aliases: tuple[str, ...] = ()  # its other anchors: links to them go to ``id``


@dataclass
class Found:
    kind: str
    groups: list[Group]
    first: Any = None  # the first element that belongs to the FAQ (the intro is before it)

    @property
    def count(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def asking(self) -> int:
        """How many of its questions end with a question mark."""
        return sum(
            words.rstrip().endswith(QUESTION_MARKS)
            for g in self.groups
            for item in g.items
            for words in [text_of(item.question)]
        )


def inner_html(el: Any, skip: Callable[[Any], bool] = lambda child: False) -> str:
    """The element's content as HTML, its own tag left out; lines kept where they were."""
    parts = [el.text or ""]
    for child in el:
        if skip(child):
            parts.append(child.tail or "")
            continue
        parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
    return "".join(parts)


def _is(wanted: Any) -> Callable[[Any], bool]:
    return lambda child: child is wanted


def line_of(el: Any) -> int | None:
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


def text_of(html: str) -> str:
    """The words a reader sees in an HTML fragment (not scripts or styles)."""
    if not html.strip():
        return ""
    fragment = lxml_html.fragment_fromstring(html, create_parent="div")
    for el in fragment.xpath(".//script | .//style | .//template"):
        el.drop_tree()
    # Elements apart: "<p>Role</p><ul><li>QSMOs" is two words, not "RoleQSMOs".
    return " ".join(fragment.itertext())


def words_of(html: str) -> int:
    return count_words(text_of(html))


def main_region(root: Any) -> Any:
    """A copy of the page's main content, without header, navigation, sidebars, footer."""
    found = root.xpath("//main") or root.xpath("//*[@role='main']") or root.xpath("//body")
    region = copy.deepcopy(found[0] if found else root)
    for el in region.xpath(OUTSIDE):
        el.drop_tree()
    for el in region.xpath(OLD_CHROME):
        if not el.xpath(_CONTENT):
            el.drop_tree()
    return region


# --- the recognisers ------------------------------------------------------------------------


def uswds(region: Any) -> Found:
    buttons = [
        b
        for b in region.xpath(
            ".//*[contains(concat(' ', normalize-space(@class), ' '), ' usa-accordion__button ')"
            " or contains(concat(' ', normalize-space(@class), ' '), ' usa-accordion-button ')]"
            "[@aria-controls]"
        )
    ]
    # Every lookup by a map of ids, every "inside" by a walk up the ancestors: linear in the
    # page (an XPath per button and a scan of every pair per pair took minutes at 8,000).
    by_id: dict[str, Any] = {}
    for el in region.xpath(".//*[@id]"):
        by_id.setdefault(el.get("id"), el)  # the first of a repeated id, as XPath gave it
    pairs = []
    for button in buttons:
        target = by_id.get(button.get("aria-controls"))
        if target is not None:
            pairs.append((button, target))
    if not pairs:
        return Found("USWDS accordion", [])
    contents = {id(content) for _, content in pairs}  # alive in ``pairs`` meanwhile
    top = [(b, c) for b, c in pairs if not _inside_any(b, contents)]
    tops = {id(content) for _, content in top}
    nested_any = any(_inside_any(b, tops) for b, _ in pairs)

    def item(button: Any, content: Any) -> Item:
        anchor = button.xpath(".//a[@name]")
        identifier = clean_id(content.get("id")) or (
            clean_id(anchor[0].get("name")) if anchor else None
        )
        return Item(
            _without_anchors(inner_html(button)),
            inner_html(content),
            line_of(button),
            line_of(content),
            identifier,
            button,
        )

    if not nested_any:
        items = [item(b, c) for b, c in top]
        return _flat("USWDS accordion", region, items)
    inside: dict[int, list[tuple[Any, Any]]] = {key: [] for key in tops}
    for b, c in pairs:
        for ancestor in b.iterancestors():
            if id(ancestor) in tops:
                inside[id(ancestor)].append((b, c))
    groups = []
    for button, content in top:
        inner = inside[id(content)]
        heading = item(button, content)
        remove = [b for b, _ in inner] + [c for _, c in inner]
        remove += [b.getparent() for b, _ in inner if b.getparent().tag in HEADINGS]
        body_html = _without(content, remove)
        groups.append(
            Group(
                heading.question,
                heading.id,
                heading.line,
                body_html,
                [item(b, c) for b, c in inner],
            )
        )
    return Found("USWDS accordion (sections of questions)", groups, top[0][0])


def _inside_any(el: Any, holders: set[int]) -> bool:
    """Whether an ancestor of ``el`` is one of ``holders`` (ids of elements kept alive)."""
    return any(id(a) in holders for a in el.iterancestors())


def _without_anchors(html: str) -> str:
    return re.sub(r"<a\s+name=[^>]*>\s*</a>", "", html)


def _without(el: Any, remove: list[Any]) -> str:
    """The inner HTML of ``el`` with the elements of ``remove`` left out."""
    # lxml gives one proxy per node while a reference to it lives (``remove`` holds them):
    # their ids are safe here.
    return _without_ids(el, {id(other) for other in remove})


def _without_ids(el: Any, remove: set[int]) -> str:
    parts = [el.text or ""]
    for child in el:
        if id(child) in remove:
            parts.append(child.tail or "")
        elif any(id(d) in remove for d in child.iterdescendants()):
            tag = child.tag
            attrs = "".join(f' {k}="{v}"' for k, v in child.attrib.items())
            parts.append(f"<{tag}{attrs}>{_without_ids(child, remove)}</{tag}>{child.tail or ''}")
        else:
            parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
    return "".join(parts)


def details(region: Any) -> Found:
    found = [
        d for d in region.iter("details") if not any(a.tag == "details" for a in d.iterancestors())
    ]
    items = []
    for el in found:
        summary = el.find("summary")
        if summary is None:
            continue
        # A summary that holds a heading (<summary><h3>How?</h3></summary>, so the question is
        # in the page's outline too): the heading's words are the question.
        heading = _only_heading(summary)
        question = heading if heading is not None else summary
        items.append(
            Item(
                inner_html(question),
                inner_html(el, skip=_is(summary)),
                line_of(summary),
                line_of(el),
                clean_id(el.get("id"))
                or clean_id(summary.get("id"))
                or (_heading_id(heading) if heading is not None else None),
                el,
            )
        )
    return _flat("<details> and <summary>", region, items)


def _only_heading(el: Any) -> Any:
    """The heading ``el`` holds when it holds that alone (white space around it), or None."""
    children = [child for child in el if isinstance(child.tag, str)]
    if len(children) != 1 or children[0].tag not in HEADINGS:
        return None
    heading = children[0]
    if (el.text or "").strip() or (heading.tail or "").strip():
        return None
    return heading


def definition_list(region: Any) -> Found:
    items: list[Item] = []
    for dl in region.iter("dl"):
        if any(a.tag == "dl" for a in dl.iterancestors()):
            continue
        current: Item | None = None
        for child in dl:
            if child.tag == "dt":
                if current is not None and not current.answer.strip():
                    current.question += " / " + inner_html(child)
                    continue
                current = Item(
                    inner_html(child),
                    "",
                    line_of(child),
                    None,
                    _heading_id(child),
                    child,
                    _heading_aliases(child),
                )
                items.append(current)
            elif child.tag == "dd" and current is not None:
                current.answer += (
                    inner_html(child) if not current.answer else f"<p></p>{inner_html(child)}"
                )
                current.answer_line = current.answer_line or line_of(child)
    return _flat("definition list (<dt>, <dd>)", region, items)


def microdata(region: Any) -> Found:
    items = []
    for question in region.xpath(".//*[@itemscope][contains(@itemtype, 'schema.org/Question')]"):
        name = question.xpath(".//*[@itemprop='name']")
        answer = question.xpath(".//*[@itemprop='acceptedAnswer' or @itemprop='suggestedAnswer']")
        if not name or not answer:
            continue
        text = answer[0].xpath(".//*[@itemprop='text']")
        body = text[0] if text else answer[0]
        items.append(
            Item(
                inner_html(name[0]),
                inner_html(body),
                line_of(name[0]),
                line_of(body),
                clean_id(question.get("id")),
                question,
            )
        )
    return _flat("schema.org Question microdata", region, items)


def json_ld(root: Any) -> Found:
    items = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for page in _of_type(data, "FAQPage"):
            entities = page.get("mainEntity") or []
            for entity in entities if isinstance(entities, list) else [entities]:
                if not isinstance(entity, dict):
                    continue
                answer = entity.get("acceptedAnswer") or entity.get("suggestedAnswer") or {}
                if isinstance(answer, list):
                    answer = answer[0] if answer else {}
                name, text = (
                    entity.get("name"),
                    answer.get("text") if isinstance(answer, dict) else None,
                )
                if isinstance(name, str) and isinstance(text, str):
                    items.append(Item(_escape_text(name), text, line_of(script), line_of(script)))
    groups = [Group(UNNAMED, None, None, "", items)] if items else []
    return Found("schema.org FAQPage (JSON-LD)", groups, None)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _of_type(data: Any, wanted: str) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _of_type(entry, wanted)
    elif isinstance(data, dict):
        kind = data.get("@type")
        if kind == wanted or (isinstance(kind, list) and wanted in kind):
            yield data
        if "@graph" in data:
            yield from _of_type(data["@graph"], wanted)


def headings(region: Any) -> Found:
    all_headings = [h for h in region.iter(*HEADINGS[1:])]
    if not all_headings:
        return Found("headings followed by their answers", [])
    levels = sorted({int(h.tag[1]) for h in all_headings})
    asking = {
        lv: sum(_text(h).endswith("?") for h in all_headings if int(h.tag[1]) == lv)
        for lv in levels
    }
    best = max(levels, key=lambda lv: (asking[lv], lv))
    if asking[best] == 0:
        several = [lv for lv in levels if sum(int(h.tag[1]) == lv for h in all_headings) >= 2]
        if not several:
            return Found("headings followed by their answers", [])
        best = max(several)
    groups: list[Group] = []
    first = None
    for heading in all_headings:
        level = int(heading.tag[1])
        if level > best:
            continue
        following = list(_until_heading(heading, best))
        html = "".join(
            etree.tostring(n, encoding="unicode", method="html", with_tail=True) for n in following
        )
        html = (heading.tail or "") + html
        if level < best:
            groups.append(
                Group(
                    inner_html(heading),
                    _heading_id(heading),
                    line_of(heading),
                    html,
                    aliases=_heading_aliases(heading),
                )
            )
            first = first if first is not None else heading
            continue
        if not groups:
            groups.append(Group(UNNAMED, None, None))
        first = first if first is not None else heading
        groups[-1].items.append(
            Item(
                inner_html(heading),
                html,
                line_of(heading),
                _end_line(heading),  # the answer's HTML begins with the heading's tail
                _heading_id(heading),
                heading,
                _heading_aliases(heading),
            )
        )
    groups = [g for g in groups if g.items or g.body.strip()]
    return Found("headings followed by their answers", groups, first)


def _end_line(el: Any) -> int | None:
    """The line the element ends on (where its tail begins)."""
    line = line_of(el)
    if line is None:
        return None
    markup: str = etree.tostring(el, encoding="unicode", method="html", with_tail=False)
    return line + markup.count("\n")


def _heading_id(heading: Any) -> str | None:
    anchors = heading_anchors(heading)
    return anchors[0] if anchors else None


def _heading_aliases(heading: Any) -> tuple[str, ...]:
    return tuple(heading_anchors(heading)[1:])


def heading_anchors(heading: Any) -> list[str]:
    """Every anchor a link may use for a heading, its id first: its ``id``, its ``name``
    (``<h3 name="config">``: not HTML5, but old pages and GitHub READMEs write it), an
    anchor inside it (``<h3><a name="config">``), and empty anchors just before it
    (``<a name="config"></a>`` on the line above the heading, alone or in a paragraph of
    its own, as old HTML and Markdown pages mark a question)."""
    found = [heading.get("id"), heading.get("name")]
    for anchor in heading.xpath(".//a[@name or @id]"):
        found += [anchor.get("id"), anchor.get("name")]
    found += _anchors_before(heading)
    names = [clean_id(name) for name in found]
    return list(dict.fromkeys(name for name in names if name))


def _anchors_before(el: Any) -> list[str]:
    """The names of the empty anchors (``<a name>``/``<a id>`` without text or href) right
    before ``el``, alone or in paragraphs of their own, nothing but white space between."""
    names: list[str] = []
    previous = el.getprevious()
    while (
        previous is not None and isinstance(previous.tag, str) and not (previous.tail or "").strip()
    ):
        if _empty_anchor(previous):
            anchors = [previous]
        elif (
            previous.tag == "p"
            and len(previous)
            and not (previous.text or "").strip()
            and all(_empty_anchor(a) and not (a.tail or "").strip() for a in previous)
        ):
            anchors = list(previous)
        else:
            break
        names[:0] = [a.get(key) or "" for a in anchors for key in ("id", "name")]
        previous = previous.getprevious()
    return names


def _empty_anchor(el: Any) -> bool:
    """``<a name="x"></a>``, or an empty ``<span id>``/``<div id>`` (as some sites mark a
    heading's old anchor)."""
    if el.tag == "a":
        marked = bool(el.get("name") or el.get("id")) and el.get("href") is None
    else:
        marked = el.tag in ("span", "div") and bool(el.get("id"))
    return marked and not str(el.text_content()).strip() and len(el) == 0


def _until_heading(heading: Any, level: int) -> Iterator[Any]:
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str):
            yield sibling
            continue
        if sibling.tag in HEADINGS and int(sibling.tag[1]) <= level:
            return
        if any(int(h.tag[1]) <= level for h in sibling.iter(*HEADINGS)):
            return
        yield sibling


def _text(el: Any) -> str:
    return " ".join(str(el.text_content()).split())


def by_headings(region: Any, items: list[Item]) -> list[Group]:
    """Flat questions in sections: each under the last heading (not itself a question, not
    the page's h1) before it; without such headings, one section. What follows a section's
    heading before its first question (or the next heading) is the section's body; a heading
    between questions with only a body is a section without questions."""
    if not items:
        return []
    elements = list(region.iter())  # alive while the ids below are used
    inside = set()
    for item in items:
        if item.element is not None:
            inside.add(id(item.element))
            inside.update(id(d) for d in item.element.iterdescendants())
            inside.update(id(a) for a in item.element.iterancestors() if a.tag in HEADINGS)
    order = {id(el): n for n, el in enumerate(elements)}
    marks = [
        h for h in region.iter(*HEADINGS[1:]) if id(h) not in inside and not _holds_item(h, inside)
    ]
    stops = {id(item.element) for item in items if item.element is not None}
    stops.update(id(h) for h in marks)
    groups: list[Group] = []
    current: Group | None = None
    pending = sorted(items, key=lambda i: order.get(id(i.element), 0))
    heads = deque(sorted(marks, key=lambda h: order[id(h)]))
    for item in pending:
        position = order.get(id(item.element), 0)
        while heads and order[id(heads[0])] < position:
            heading = heads.popleft()
            current = Group(
                inner_html(heading),
                _heading_id(heading),
                line_of(heading),
                _body_after(heading, stops),
                element=heading,
                aliases=_heading_aliases(heading),
            )
            groups.append(current)
        if current is None:
            current = Group(UNNAMED, None, None)
            groups.append(current)
        current.items.append(item)
    # A heading with neither questions nor a body of its own ("Questions", above the first
    # section's heading) is no section.
    return [g for g in groups if g.items or text_of(g.body).strip()]


def _body_after(heading: Any, stops: set[int]) -> str:
    """The HTML after ``heading`` among its siblings, up to the first that is or holds a
    question or another section's heading (``stops``, ids of elements kept alive)."""
    parts = [heading.tail or ""]
    for sibling in heading.itersiblings():
        if isinstance(sibling.tag, str) and any(id(el) in stops for el in sibling.iter()):
            break
        parts.append(etree.tostring(sibling, encoding="unicode", method="html", with_tail=True))
    return "".join(parts)


def bold_list_items(region: Any) -> Found:
    """List items that begin with a bold question, the answer after it (a line break
    between them left out): ``- **How do I pay?** By card.``, ``<li><b>How?</b><br>…``."""
    items: list[Item] = []
    taken: set[int] = set()
    for li in region.iter("li"):
        if any(id(a) in taken for a in li.iterancestors("li")):
            continue
        holder = li
        if len(li) and li[0].tag == "p" and not (li.text or "").strip():
            holder = li[0]  # a loose list's item: its first paragraph
        bold = holder[0] if len(holder) else None
        if bold is None or bold.tag not in ("b", "strong") or (holder.text or "").strip():
            continue
        if not _text(bold).endswith(QUESTION_MARKS):
            continue
        answer = copy.deepcopy(li)
        inside = answer if holder is li else answer[0]
        inside.text = (inside.text or "") + (inside[0].tail or "")
        inside.remove(inside[0])
        while len(inside) and inside[0].tag == "br" and not (inside.text or "").strip():
            inside.text = (inside.text or "") + (inside[0].tail or "")
            inside.remove(inside[0])
        while len(inside) and inside[-1].tag == "br" and not (inside[-1].tail or "").strip():
            inside.remove(inside[-1])  # "<BR>" before the next item: no line break to keep
        taken.add(id(li))
        items.append(Item(inner_html(bold), inner_html(answer), line_of(li), line_of(li), None, li))
    return _flat("list items that begin with a bold question", region, items)


def _flat(kind: str, region: Any, items: list[Item]) -> Found:
    """Flat questions, in sections by the headings before them; the FAQ begins at the first
    section heading or question."""
    groups = by_headings(region, items)
    first = groups[0].element if groups and groups[0].element is not None else None
    if first is None and items:
        first = items[0].element
    return Found(kind, groups, first)


def _holds_item(heading: Any, inside: set[int]) -> bool:
    return any(id(d) in inside for d in heading.iterdescendants())


RECOGNISERS: list[Callable[[Any], Found]] = [
    uswds,
    microdata,
    details,
    definition_list,
    headings,
    bold_list_items,
]


def recognise(root: Any) -> tuple[Found, Any]:
    """The FAQ the page holds (the recogniser that finds the most questions), and the main
    region it was found in."""
    region = main_region(root)
    candidates = [recogniser(region) for recogniser in RECOGNISERS]
    candidates.insert(4, json_ld(root))
    # Of equals, the one whose questions ask (a definition list inside an answer has as many
    # terms as the page has questions): then the first (max keeps the first of equals).
    return max(candidates, key=lambda f: (f.count, f.asking)), region


def intro_html(region: Any, first: Any) -> str:
    """What the main content says before the FAQ begins (the page's h1 left out)."""
    if first is None:
        return ""
    path = []
    el = first
    while el is not region:
        parent = el.getparent()
        if parent is None:
            return ""
        path.append(list(parent).index(el))
        el = parent
    before = copy.deepcopy(region)
    target = before
    for index in reversed(path):
        target = target[index]
    el = target
    while el is not before:
        parent = el.getparent()
        for sibling in list(el.itersiblings()):
            parent.remove(sibling)
        el = parent
    target.tail = None
    target.getparent().remove(target)
    for heading in before.xpath(".//h1"):
        heading.drop_tree()
    return inner_html(before)
