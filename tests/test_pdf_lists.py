"""Lists in the tagged PDF: each list of the source is one ``L``, each nested list inside the
``LBody`` of its item, whatever the nesting and wherever the pages break.

WeasyPrint 70 writes a nested list beside its item (``L`` > ``LI``, ``L``) and one ``L`` per
page a list is on; the tags pass (``render/pdf_tags.py``: ``repair_lists``,
``join_split_lists``) puts each nested list in its item and joins a list's parts. Found by
Hypothesis: items that begin with a nested list, in a list crossing a page, had their nested
lists moved out of them and the check's ``FE-TEXT-LOST`` ("- - - words": the words gone from
their place in the tree, the item left with an empty ``LBody``)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pikepdf
import pytest

import faq_export.model as m
from faq_export.pipeline import check_rendered, render
from faq_export.render.pdf import lay_out
from faq_export.render.pdf_struct import elements, is_element, kids
from faq_export.render.pdf_tags import _model_lists
from faq_export.resources import TEMPLATE_DIR
from faq_export.source import load_document
from tests.test_properties import as_source

# The answer Hypothesis found (tests/test_properties.py): items that are only nested lists,
# two and three deep, bullets and numbers, and the list crossing from page 2 to page 3.
FOUND = (
    "- ```\n  wqhewlloamç\n  ```\n- wgnümm wimages wçüyñfbbø wüahé\n"
    "- - - wtrue wdmoeuzømlx wbbtjuzyaéø\n"
    "    - wçñipør wewguüdééné wmotkj wøuvmçdw whxjrhkñdsv wñid wwyt wwøpç\n"
    "    - wcgø wkñé wnil wéçgjpwskdw wftéviéøscr\n"
    "  - - wlgpoç wkéhgpbçzek wñuy wltr\n    - wvébjvxeuwi wowyv\n"
    "  - wslpg wjübøyévzuç wüdtlféarf wmwkbl wvñéhiscm\n\n"
    "- wzzjppøex wsüçf\n"
    "- - **wbnvguuñços wynynusjwzv wøccx**\n  - **wtddi**\n"
    "  - > _wcçñéwøbøwp_ [whqjpy wøsstéspéüø](https://example.org/page) *wñcszaøñphv* "
    "**wvdmøwb wtñøqée**\n\n"
    "- - 1. [wsro wsrnbpiaoqw wnraüy wøotéøduyxç wüfxjvz](https://example.org/page) "
    "**wtoubvylo wyüvrileqzv wzffkç wkwio whlhüaftjñf**\n"
    "  - - ***wøbjogz wsovyñv wkéøe***\n"
    "    - woyojdffmaj wyqneu waaiumdc ***wñyppqlcühi***\n"
    "- - > ***wifsrézpés wzghyévfx*** **wuboowzécdn**\n"
    "  - 1. _whésqsxlv wpbcpk whcnblckxdñ wgvm wqnbvrmsdcø_\n"
    "    1. ***wsuü wopentype wundefined wxéüçne wuxh*** "
    "[wdüpw wufy wbfg wfhzx wcweslgnrdg](https://example.org/page) "
    "[wsummary wlfr](https://example.org/page) *wtrjwti wlfel wexheowsf*\n"
    "    1. wqtmsx wxvd whtøygçbckn wdødrkunxqb whñkv wlhgé _wuçppdjmwür_\n"
    "- 1. [wgooñpzkhwh wzeqkc wdndfueczñq wñjçivo wasivvrtçjh](https://example.org/page)"
)

SHAPES = {
    # An item that begins with a nested list and goes on after it.
    "item-starts-with-a-list": "- - walpha wone\n  - wbeta wtwo\n\n  wafter wthem\n- wlast item\n",
    # An item that is only a nested list, between items with words.
    "item-is-only-a-list": "- wfirst\n- - walpha\n  - wbeta\n- wlast\n",
    # Three deep, each item beginning with the next list, numbers inside bullets.
    "three-deep": (
        "- - - wthree wdeep\n    - wthree wmore\n  - 1. wnumbered wone\n    1. wnumbered wtwo\n"
        "  - wsecond wlevel\n- wtop wlevel\n"
    ),
    # Numbers outside, bullets inside, two lists in one item.
    "numbers-around-bullets": (
        "1. - wbullet winside\n   - wsecond wbullet\n\n   1. wthen wnumbers\n"
        "2. wplain wsecond\n3. 1. wnested wnumber\n"
    ),
}


def build(tmp_path: Path, markdown: str) -> tuple[m.Document, bytes, list[str]]:
    """The document, its PDF, and the build's fidelity findings for it."""
    document = load_document(as_source(tmp_path, markdown))
    rendered = render(document, ("pdf",))
    findings = check_rendered(document, rendered)["pdf"]
    return document, rendered.files["pdf"], [f"{f.rule} {f.message}" for f in findings]


def lists_found(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Dictionary, int]]:
    """Every L holding labelled items, with its number of items, in tree order."""
    found = []
    for element in elements(pdf.Root.StructTreeRoot):
        if element.get("/S") != "/L":
            continue
        items = [i for i in kids(element) if is_element(i) and i.S == "/LI"]
        if any(is_element(x) and x.S == "/Lbl" for i in items for x in kids(i)):
            found.append((element, len(items)))
    return found


def assert_lists_are_the_sources(document: m.Document, pdf: pikepdf.Pdf) -> None:
    """Each list of the source is one L with its items, in the source's order (containers
    first); each item is an Lbl and one LBody, a nested list inside its item's LBody."""
    found = lists_found(pdf)
    assert [count for _, count in found] == [count for _, count in _model_lists(document)]
    for element, _ in found:
        assert element.P.S != "/L", "a nested list beside its item"
        for item in kids(element):
            assert [str(k.S) for k in kids(item)] == ["/Lbl", "/LBody"]
    # No part of a list left apart (the body is the template's <main>, a Part; the cover's
    # release details are a list of its own, without bullets).
    labelled = {element.objgen for element, _ in found}
    parts = [e for e in elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Part"]
    assert all(
        element.objgen in labelled
        for part in parts
        for element in elements(part)
        if element.get("/S") == "/L"
    )


def marked_content(pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(page index, MCID) of every marked-content sequence of the pages' content streams
    that is not an artifact."""
    found = []
    for index, page in enumerate(pdf.pages):
        for operands, operator in pikepdf.parse_content_stream(page, "BDC"):
            if str(operator) == "BDC" and operands[0] != "/Artifact":
                properties = operands[1]
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    found.append((index, int(properties.MCID)))
    return found


def tree_references(pdf: pikepdf.Pdf) -> list[tuple[int, int, pikepdf.Dictionary]]:
    """(page index, MCID, element) of every marked-content reference in the structure tree."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found = []
    for element in elements(pdf.Root.StructTreeRoot):
        page = element
        while "/Pg" not in page and "/P" in page:
            page = page.P
        for kid in kids(element):
            if isinstance(kid, int):
                found.append((pages[page.Pg.objgen], kid, element))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                found.append((pages[kid.Pg.objgen], int(kid.MCID), element))
    return found


def assert_marked_content_referenced_once(pdf: pikepdf.Pdf) -> None:
    """Each marked-content sequence is in the tree exactly once, and the parent tree names
    the element that holds it: none lost (made an artifact or left out), none doubled."""
    references = tree_references(pdf)
    places = [(page, mcid) for page, mcid, _ in references]
    assert len(places) == len(set(places)), "marked content referenced twice"
    assert sorted(places) == sorted(marked_content(pdf))
    parent_tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    for page, mcid, element in references:
        entries = parent_tree[int(pdf.pages[page].obj.StructParents)]
        assert entries[mcid].objgen == element.objgen


def split_lists(document: m.Document) -> int:
    """How many more L elements WeasyPrint writes in the body (the template's <main>, a
    Part) than the source has lists: the parts of lists crossing a page."""
    with pikepdf.open(io.BytesIO(lay_out(document).untagged_pdf())) as pdf:
        parts = [e for e in elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Part"]
        written = sum(1 for part in parts for e in elements(part) if e.get("/S") == "/L")
    return written - len(list(_model_lists(document)))


def assert_lists_whole(document: m.Document, data: bytes, findings: list[str]) -> None:
    assert [f for f in findings if f.startswith("FE-TEXT")] == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert_lists_are_the_sources(document, pdf)
        assert_marked_content_referenced_once(pdf)


def test_the_answer_hypothesis_found_keeps_every_nested_list_in_its_item(tmp_path: Path):
    document, data, findings = build(tmp_path, FOUND)
    assert split_lists(document) > 0  # the shape is the one that crossed a page
    assert_lists_whole(document, data, findings)


@pytest.mark.parametrize("markdown", SHAPES.values(), ids=SHAPES.keys())
def test_items_beginning_with_nested_lists(tmp_path: Path, markdown: str):
    document, data, findings = build(tmp_path, markdown)
    assert_lists_whole(document, data, findings)


# Items that begin with nested lists, three deep, bullets and numbers, an item going on
# after its lists: repeated after paragraphs that move the page break through them.
CROSSING = (
    "- - - wthree wdeep wone\n    - wthree wdeep wtwo\n"
    "  - 1. wnumbered winside\n    1. wnumbered wagain\n"
    "  - wsecond wlevel wtext\n\n  wafter wthe wlists\n"
    "- wplain witem\n"
    "- 1. - wbullet wunder wnumber\n     - wanother wbullet\n  2. wsecond wnumber\n"
    "- - wonly wa wlist\n  - wstill wthe wlist\n"
) * 3


def after_paragraphs(count: int, markdown: str) -> str:
    filler = (f"wfiller wparagraph w{chr(97 + i)} " + "wword " * 30 for i in range(count))
    return "\n\n".join([*filler, markdown, "wafter wthe wlist"])


# The last item split by the page break: its part on the next page (an L whose one LI has
# no Lbl) goes on in it though the list has all its items by then.
LAST_ITEM_A_PARAGRAPH = "- wshort witem\n- " + "wlong wlast witem " * 120 + "\n"
LAST_ITEM_A_LIST = "- wshort witem\n- - " + "\n  - ".join(
    f"wnested witem w{chr(97 + i % 26)}" for i in range(40)
)


@pytest.mark.parametrize(
    ("paragraphs", "markdown"),
    [
        (0, CROSSING),
        (4, CROSSING),
        (16, CROSSING),
        (0, LAST_ITEM_A_PARAGRAPH),
        (6, LAST_ITEM_A_LIST),
    ],
    ids=["nested-0", "nested-4", "nested-16", "last-item-paragraph", "last-item-list"],
)
def test_lists_crossing_a_page_are_joined_with_their_nested_lists(
    tmp_path: Path, paragraphs: int, markdown: str
):
    document, data, findings = build(tmp_path, after_paragraphs(paragraphs, markdown))
    assert split_lists(document) > 0
    assert_lists_whole(document, data, findings)


def test_a_template_with_a_list_of_its_own_leaves_the_lists_apart_and_whole(tmp_path: Path):
    """A labelled list the source does not have (the template's): the parts of the source's
    lists are not joined, and nothing is moved: no text out of its place, none lost."""
    templates = tmp_path / "print"
    shutil.copytree(TEMPLATE_DIR, templates)
    page = templates / "document.html.j2"
    cover = '<div class="cover-title">'
    page.write_text(page.read_text().replace(cover, "<ul><li>wtemplate witem</li></ul>" + cover))
    document = load_document(as_source(tmp_path, after_paragraphs(4, CROSSING)))
    rendered = render(document, ("pdf",), templates)
    findings = check_rendered(document, rendered)["pdf"]
    assert [f.message for f in findings if f.rule.startswith("FE-TEXT")] == []
    with pikepdf.open(io.BytesIO(rendered.files["pdf"])) as pdf:
        assert len(lists_found(pdf)) > len(list(_model_lists(document))) + 1  # apart
        assert_marked_content_referenced_once(pdf)
