"""A pikepdf pass over WeasyPrint's tagged PDF: what PDF/UA-1 needs and WeasyPrint misses.

Measured with WeasyPrint 70 (``pdf_variant="pdf/ua-1"``) on the FAQ:
- running headers and footers (``@page`` margin boxes) are marked content whose ``Span``
  and ``NonStruct`` are not in the structure tree: screen readers meet "Page 3 of 8" among
  the answers. They become ``/Artifact /Pagination`` in the content stream.
- ``<nav>`` becomes ``NonStruct`` and its list ``L``/``LI``/``LBody``: the contents become
  ``TOC``/``TOCI``, each entry one ``Link`` (WeasyPrint nests a second ``Link`` for the page
  number that ``target-counter()`` writes in ``a::after``).
- a list item holding a nested list is tagged ``LI`` > ``Lbl``, ``P`` with the nested ``L``
  beside the item (``L`` > ``L``), after it even when the item goes on after the list:
  PDF/UA wants ``LI`` > ``Lbl``, ``LBody``, and the nested list inside the ``LBody`` of its
  item (page-validation PDFUA1-LI-KIDS-001), where the item has it.
- a list crossing a page is one ``L`` per page (and an item crossing it one ``LI`` per
  page): the parts become one list, matched to the source's lists by their nesting.
- header cells (``TH``) have no ``/Scope``: it is set from their row group (``THead``:
  column).
- a link whose text is code, bold or emphasis (``<a><code>man brew</code></a>``) gets a
  second link annotation for the inner box (WeasyPrint's ``link`` is inherited: every inline
  box inside ``<a>`` is annotated), held by the inner box's ``NonStruct``: an annotation
  outside any ``Link`` (PDF/UA-1 7.18.5, Matterhorn 28-011), and a second tab stop for one
  link. The inner annotation, which the Link's own covers, is removed.
- every link annotation's ``/Contents`` is its anchor id (``faq3``) or bare URL: it becomes
  a description a person can use (the heading it leads to, or the link's title).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

import faq_export.model as m
from faq_export.render.pdf_struct import Obj
from faq_export.render.pdf_struct import elements as _elements
from faq_export.render.pdf_struct import is_element as _is_element
from faq_export.render.pdf_struct import is_objr as _is_objr
from faq_export.render.pdf_struct import kids as _kids
from faq_export.render.pdf_struct import same as _same
from faq_export.render.pdf_ua2 import finish_ua2
from faq_export.render.pdf_xmp import declare_pdfua


@dataclass(frozen=True)
class LinkTexts:
    """What each link of the document is, for the annotations' ``/Contents``."""

    headings: dict[str, str]  # id -> heading text
    web: dict[str, str]  # URL -> description
    words: m.Words  # the document's language's words for them

    @classmethod
    def of(cls, document: m.Document) -> LinkTexts:
        words = document.words
        web: dict[str, str] = {}
        links = (node for node in document.inlines() if isinstance(node, m.Link))
        for link in links:
            text = m.plain_text(link.children)
            description = link.title or (
                words("link_address", url=link.url)
                if text == link.url
                else words("link_web", text=text, url=link.url)
            )
            web.setdefault(link.url, description)
        if document.metadata.source:
            web.setdefault(
                document.metadata.source, words("link_source", url=document.metadata.source)
            )
        return cls(document.headings, web, words)

    def internal(self, target: str, page: int | None) -> str:
        heading = self.headings.get(target, target)
        if page:
            return self.words("go_to_page", heading=heading, page=page)
        return self.words("go_to", heading=heading)


def finish_tags(
    data: bytes,
    document: m.Document,
    standard: str = "ua-1",
    heading_ids: list[str] | None = None,
) -> bytes:
    """The PDF with page furniture as artifacts, a TOC structure and described links, and
    the claims of ``standard`` (one of ``standards.CHOICES``) in its metadata;
    ``heading_ids`` names the template's headings in order (PDF/UA-2 links to them)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = _Tree(pdf)
        tree.artifact_orphans()
        tree.adopt_link_annotations()
        tree.repair_lists()
        lists = tree.join_split_lists(document)
        tree.scope_header_cells()
        for nav in tree.navigation_elements():
            tree.make_toc(nav)
        _describe_links(pdf, LinkTexts.of(document))
        if "a-2a" in standard.split(","):
            declare_pdfua(pdf, part=1)
            _no_interpolation(pdf)
        if standard == "ua-2":
            finish_ua2(pdf, heading_ids or [], lists)
        out = io.BytesIO()
        # Fixed ID and no new timestamps: the bytes depend only on the input. WeasyPrint
        # writes the file uncompressed (its zlib and object streams took half of write_pdf);
        # qpdf compresses the streams and packs the objects into object streams here, in C++.
        pdf.save(
            out,
            deterministic_id=True,
            static_id=False,
            fix_metadata_version=False,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return out.getvalue()


class _Tree:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.parent_tree = pikepdf.NumberTree(self.root.ParentTree)
        self.document = _kids(self.root)[0]
        # Every element as WeasyPrint wrote them, walked once for the passes that only read
        # or annotate them (the lists are walked again once they are repaired).
        self.written = list(self.elements())

    # --- walking ---------------------------------------------------------------------

    def elements(self, element: Obj | None = None) -> Iterator[Obj]:
        """``element`` (default: the document) and every element below it, in tree order
        (without recursion: a generator per level made the walk quadratic in depth)."""
        return _elements(self.document if element is None else element)

    def page_of(self, element: Obj) -> Obj:
        while "/Pg" not in element and "/P" in element:
            element = element.P
        return element.Pg

    def set_parent(self, kid: Obj, parent: Obj, page: Obj) -> None:
        """Point the parent tree (and ``/P``) of ``kid`` at ``parent``."""
        if isinstance(kid, int):
            self.parent_tree[int(page.StructParents)][kid] = parent
        elif _is_element(kid):
            kid.P = parent
        elif kid.get("/Type") == "/OBJR":
            self.parent_tree[int(kid.Obj.StructParent)] = parent
        elif kid.get("/Type") == "/MCR":
            self.parent_tree[int(kid.Pg.StructParents)][int(kid.MCID)] = parent

    # --- page furniture --------------------------------------------------------------

    def artifact_orphans(self) -> None:
        """Marked content whose element is outside the tree becomes a pagination artifact."""
        reachable = {e.objgen for e in self.written}
        for page in self.pdf.pages:
            if "/StructParents" not in page.obj:
                continue
            key = int(page.obj.StructParents)
            entries = self.parent_tree[key]
            orphans = {
                mcid
                for mcid, element in enumerate(entries)
                if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
            }
            if not orphans:
                continue
            for mcid in orphans:
                entries[mcid] = pikepdf.Object.parse(b"null")
            _artifact_marked_content(self.pdf, page, orphans)

    # --- links -----------------------------------------------------------------------

    def adopt_link_annotations(self) -> None:
        """Every link annotation belongs to a Link element. WeasyPrint 70 annotates each
        inline box inside ``<a>`` (``anchors.gather_anchors`` passes the link down to every
        box but text and lines), and tags the inner box's annotation in the inner box's own
        element (the ``NonStruct`` of ``<code>``, ``<strong>``, ``<em>``, the ``Figure`` of
        an image), inside the Link. Such an annotation is removed when an annotation of its
        Link (its line's part of the link, on its page) has the same target and covers it,
        else moved into the Link; the inner element and its text stay inside the Link."""
        removed: dict[Any, set[Any]] = {}  # page -> annotations taken off it
        entries: dict[int, Obj | None] = {}  # the parent tree's new entries (None: gone)
        for key, holder in self._annotation_entries():
            if holder.get("/S") == "/Link":
                continue
            link = _link_above(holder)
            if link is None:
                continue  # not inside a link: the checker names it
            kept: list[Obj] = []
            for kid in _kids(holder):
                annot = kid.Obj if _is_objr(kid) else None
                if annot is None or annot.get("/StructParent") != key:
                    kept.append(kid)
                elif any(_covers(own.Obj, annot) for own in _kids(link) if _is_objr(own)):
                    page = kid.Pg if "/Pg" in kid else self.page_of(holder)
                    removed.setdefault(page.objgen, set()).add(annot.objgen)
                    entries[key] = None
                else:
                    link.K = pikepdf.Array([*_kids(link), kid])
                    entries[key] = link
            holder.K = pikepdf.Array(kept)
        self._update_parent_tree(entries)
        if removed:
            for page in self.pdf.pages:
                gone = removed.get(page.obj.objgen)
                if gone:
                    page.obj.Annots = pikepdf.Array(
                        [a for a in page.obj.Annots if a.objgen not in gone]
                    )

    def _flat_parent_tree(self) -> pikepdf.Array | None:
        """The parent tree's /Nums when it is one array, as WeasyPrint writes it: read and
        rewritten as it is (the number tree's lookups took 30 ms at 300 questions, and each
        removal shifts the array)."""
        tree = self.root.ParentTree
        nums = tree.get("/Nums")
        return nums if "/Kids" not in tree and isinstance(nums, pikepdf.Array) else None

    def _annotation_entries(self) -> list[tuple[int, Obj]]:
        """(key, element) of the parent tree's entries for annotations (a page's entry is an
        array)."""
        nums = self._flat_parent_tree()
        pairs: list[tuple[Obj, Obj]]
        if nums is not None:
            values = list(nums)
            pairs = list(zip(values[::2], values[1::2], strict=True))
        else:
            pairs = list(self.parent_tree.items())
        return [(int(key), value) for key, value in pairs if _is_element(value)]

    def _update_parent_tree(self, entries: dict[int, Obj | None]) -> None:
        """Set the parent tree's ``entries``; an entry of None is removed."""
        if not entries:
            return
        nums = self._flat_parent_tree()
        if nums is None:
            for key, value in entries.items():
                if value is None:
                    del self.parent_tree[key]
                else:
                    self.parent_tree[key] = value
            return
        values = list(nums)
        updated: list[Obj] = []
        for number, value in zip(values[::2], values[1::2], strict=True):
            new = entries.get(int(number), value)
            if new is not None:
                updated += [number, new]
        self.root.ParentTree.Nums = pikepdf.Array(updated)
        self.parent_tree = pikepdf.NumberTree(self.root.ParentTree)

    # --- tables ----------------------------------------------------------------------

    def scope_header_cells(self) -> None:
        """Header cells say which cells they head: WeasyPrint 70 writes ``TH`` with
        ``/A << /O /Table >>`` but no ``/Scope`` (PDF/UA-1 7.5, Matterhorn 15-003). A header
        cell in a header row heads its column; one in a body row heads its row."""
        for row_group in self.written:
            kind = row_group.get("/S")
            if kind not in ("/THead", "/TBody", "/TFoot", "/Table"):
                continue
            scope = pikepdf.Name.Column if kind == "/THead" else pikepdf.Name.Row
            for row in _kids(row_group):
                if not (_is_element(row) and row.get("/S") == "/TR"):
                    continue
                for cell in _kids(row):
                    if _is_element(cell) and cell.get("/S") == "/TH":
                        attributes = cell.get("/A")
                        if not isinstance(attributes, pikepdf.Dictionary):
                            attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                            cell.A = attributes
                        if "/Scope" not in attributes:
                            attributes.Scope = scope

    # --- lists -----------------------------------------------------------------------

    def repair_lists(self) -> None:
        """Each nested list goes into the LBody of its item, where the item has it.
        WeasyPrint 70 writes a list that is a child of ``<li>`` beside the item's LI, after
        it (``pdf/tags.py``: "nested lists are linked to the parent list"), whatever the item
        holds after the list: the LI of an item that begins with a list and goes on with a
        paragraph holds the paragraph, and the list follows. The lists are put among the
        item's content in the order the page draws them: WeasyPrint numbers marked content
        as it draws it, and an item's text is drawn in one pass, in the item's order."""
        for lst in [e for e in self.written if e.get("/S") == "/L"]:
            new_kids: list[Obj] = []
            nested: dict[Any, list[Obj]] = {}  # an item's objgen -> the lists written after it
            for kid in _kids(lst):
                before: Obj = new_kids[-1] if new_kids else None
                if _is_element(kid) and kid.S == "/L" and _is_element(before) and before.S == "/LI":
                    nested.setdefault(before.objgen, []).append(kid)
                    continue
                new_kids.append(kid)
            for item in new_kids:
                if not (_is_element(item) and item.S == "/LI"):
                    continue
                body = self._body_of(item)
                lists = nested.get(item.objgen)
                if lists:
                    for kid in lists:
                        kid.P = body
                    body.K = pikepdf.Array(_in_drawing_order(_kids(body), lists))
            lst.K = pikepdf.Array(new_kids)

    def join_split_lists(self, document: m.Document) -> list[tuple[Obj, type]]:
        """Lists the document's lists as ``L`` elements with their kind (bullet or number),
        joining the parts of a list WeasyPrint split at a page break: it writes one ``L`` per
        page, so a screen reader announced a list of six items as a list of two and another
        of four. An item itself split at the break is one item: the part on the next page
        (an ``LI`` with no ``Lbl``) goes on in the body of the item it continues.

        The parts are matched to the source's lists by the tree's nesting (``_match_lists``),
        not by their order alone: a list's part on the next page comes after the lists nested
        in its items on the page before. Nothing is moved unless every list of the source
        is matched, item for item; a template with labelled lists of its own is left as it
        is (its lists stay one ``L`` per page, each with its text)."""
        navigation = [e.objgen for e in self.navigation_elements()]
        scope = _lists_in([self.document], skip=set(navigation))
        joined = _match_lists(list(_lists_of(_body_blocks(document))), scope)
        if joined is None:
            return []
        for join in joined:
            first = join.parts[0]
            for part, continues in zip(join.parts[1:], join.continues[1:], strict=True):
                self._append_list(first, part, continues)
        return [(join.parts[0], join.kind) for join in joined]

    def _append_list(self, first: Obj, part: Obj, continues: bool = False) -> None:
        """Move the items of ``part`` to the end of ``first``; remove ``part`` from its parent.
        When ``part``'s first item ``continues`` the last item of ``first``, what it holds
        goes on in that item's body."""
        moved = _kids(part)
        if continues:
            last = _items(first)[-1]
            body = self._body_of(last)
            for kid in _kids(moved[0]):
                page = self.page_of(kid) if _is_element(kid) else self.page_of(moved[0])
                for piece in _kids(kid) if _is_element(kid) and kid.S == "/LBody" else [kid]:
                    self.set_parent(piece, body, page)
                    if isinstance(piece, int):  # marked content of the next page
                        piece = pikepdf.Dictionary(Type=pikepdf.Name("/MCR"), Pg=page, MCID=piece)
                    body.K.append(piece)
            moved = moved[1:]
        for item in moved:
            if _is_element(item):
                item.P = first
            first.K.append(item)
        parent = part.P
        parent.K = pikepdf.Array([k for k in _kids(parent) if not _same(k, part)])

    def _body_of(self, item: Obj) -> Obj:
        """The LBody of ``item``; whatever else it holds besides its Lbl is moved into it."""
        kids = _kids(item)
        bodies = [k for k in kids if _is_element(k) and k.S == "/LBody"]
        loose = [k for k in kids if not (_is_element(k) and k.S in ("/Lbl", "/LBody"))]
        if len(bodies) == 1 and not loose:
            if not isinstance(bodies[0].K, pikepdf.Array):
                bodies[0].K = pikepdf.Array(_kids(bodies[0]))
            return bodies[0]
        body = self.pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name("/StructElem"),
                S=pikepdf.Name("/LBody"),
                P=item,
                Pg=self.page_of(item),
                K=pikepdf.Array([]),
            )
        )
        page = self.page_of(item)
        labels: list[Obj] = []
        for kid in kids:
            if _is_element(kid) and kid.S == "/Lbl":
                labels.append(kid)
                continue
            parts = _kids(kid) if _is_element(kid) and kid.S == "/LBody" else [kid]
            for part in parts:
                self.set_parent(part, body, self.page_of(kid) if _is_element(kid) else page)
                body.K.append(part)
        item.K = pikepdf.Array([*labels, body])
        return body

    # --- contents --------------------------------------------------------------------

    def navigation_elements(self) -> list[Obj]:
        """WeasyPrint's ``<nav>``: a NonStruct holding a list whose links are all internal."""
        found = []
        for element in self.written:
            if element.get("/S") != "/NonStruct":
                continue
            lists = [k for k in _kids(element) if _is_element(k) and k.S == "/L"]
            links = [e for lst in lists for e in self.elements(lst) if e.S == "/Link"]
            if links and all(self._is_internal(link) for link in links):
                found.append(element)
        return found

    def _is_internal(self, link: Obj) -> bool:
        annots = [k.Obj for k in _kids(link) if _is_objr(k)]
        return bool(annots) and all("/Dest" in a for a in annots)

    def make_toc(self, nav: Obj) -> None:
        for kid in _kids(nav):
            if _is_element(kid) and kid.S == "/L":
                self._list_to_toc(kid)

    def _list_to_toc(self, lst: Obj) -> None:
        lst.S = pikepdf.Name("/TOC")
        new_kids: list[Obj] = []
        for item in _kids(lst):
            if not (_is_element(item) and item.S == "/LI"):
                new_kids.append(item)
                continue
            item.S = pikepdf.Name("/TOCI")
            nested: list[Obj] = []
            content: list[Obj] = []
            for part in self._unwrap(item):
                if _is_element(part) and part.S == "/L":
                    nested.append(part)
                else:
                    content.append(part)
            links = self._outer_links(content)
            entry_kids: list[Obj] = []
            if links:
                # One Link per entry: WeasyPrint makes one per line of a wrapped entry, and
                # nests another for the page number.
                link = links[0]
                self._flatten_link(link)
                for other in links[1:]:
                    self._flatten_link(other)
                    other_page = self.page_of(other)
                    for kid in _kids(other):
                        self.set_parent(kid, link, other_page)
                        link.K.append(kid)
                entry_kids.append(link)
            entry_kids += [p for p in content if not (_is_element(p) and self._holds(p, links))]
            for kid in entry_kids:
                if _is_element(kid):
                    kid.P = item
            item.K = pikepdf.Array(entry_kids)
            if entry_kids:  # an entry split by a page break leaves an empty one behind
                new_kids.append(item)
            for sub in nested:
                self._list_to_toc(sub)
                sub.P = lst
                new_kids.append(sub)  # a nested TOC follows its entry, inside the parent TOC
        lst.K = pikepdf.Array(new_kids)

    def _outer_links(self, parts: list[Obj]) -> list[Obj]:
        """The Link elements among ``parts`` and their descendants, not those inside a Link."""
        found: list[Obj] = []
        for part in parts:
            if not _is_element(part):
                continue
            if part.S == "/Link":
                found.append(part)
            else:
                found += self._outer_links(_kids(part))
        return found

    def _unwrap(self, item: Obj) -> list[Obj]:
        """An LI's content without the LBody and NonStruct wrappers WeasyPrint adds."""
        out: list[Obj] = []
        for kid in _kids(item):
            if _is_element(kid) and kid.S in ("/LBody", "/NonStruct"):
                out += self._unwrap(kid)
            else:
                out.append(kid)
        return out

    def _holds(self, element: Obj, links: list[Obj]) -> bool:
        ids = {link.objgen for link in links}
        return any(e.objgen in ids for e in self.elements(element))

    def _flatten_link(self, link: Obj) -> None:
        """Merge Links nested in ``link`` into it: one Link per entry."""
        page = self.page_of(link)
        flat: list[Obj] = []
        for kid in _kids(link):
            if _is_element(kid) and kid.S == "/Link":
                self._flatten_link(kid)
                inner_page = self.page_of(kid)
                for inner in _kids(kid):
                    self.set_parent(inner, link, inner_page)
                    flat.append(inner)
            else:
                self.set_parent(kid, link, page)
                flat.append(kid)
        link.K = pikepdf.Array(flat)


def _link_above(element: Obj) -> Obj | None:
    """The nearest Link element that holds ``element``, if any."""
    while "/P" in element:
        element = element.P
        if element.get("/S") == "/Link":
            return element
    return None


# How far (in points) an inner box's annotation may stick out of its link's and still be
# covered by it: an inline box's hit area is its line's height in its own font.
COVER_TOLERANCE = 2.0


def _covers(outer: Obj, inner: Obj) -> bool:
    """``outer`` is a link annotation to the same target whose area holds ``inner``'s."""
    if _target(outer) != _target(inner) or _target(inner) is None:
        return False
    ox1, oy1, ox2, oy2 = _rect(outer)
    ix1, iy1, ix2, iy2 = _rect(inner)
    t = COVER_TOLERANCE
    return ox1 - t <= ix1 and oy1 - t <= iy1 and ix2 <= ox2 + t and iy2 <= oy2 + t


def _target(annot: Obj) -> str | None:
    if "/Dest" in annot:
        return f"dest:{annot.Dest}"
    action = annot.get("/A")
    if isinstance(action, pikepdf.Dictionary):
        if "/URI" in action:
            return f"uri:{action.URI}"
        if "/D" in action:
            return f"dest:{action.D}"
    return None


def _rect(annot: Obj) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in annot.Rect)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _describe_links(pdf: pikepdf.Pdf, texts: LinkTexts) -> None:
    pages: dict[Any, int] = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
    destinations: dict[str, int | None] = {}
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items():
            page_ref = dest[0] if isinstance(dest, pikepdf.Array) else dest.D[0]
            destinations[str(name)] = pages.get(page_ref.objgen)
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot:
                name = str(annot.Dest)
                annot.Contents = pikepdf.String(texts.internal(name, destinations.get(name)))
            elif "/A" in annot and "/URI" in annot.A:
                url = str(annot.A.URI)
                annot.Contents = pikepdf.String(texts.web.get(url, url))


# How WeasyPrint opens a marked-content sequence of a structure element: /Span <</MCID 3>> BDC
MARKED = re.compile(rb"(?<![^\s])/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC(?=\s)")
ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"


def _artifact_marked_content(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    """Turn the marked-content sequences ``mcids`` of ``page`` into pagination artifacts.

    WeasyPrint writes them in one shape in one uncompressed stream: those are rewritten as
    bytes (a parse and an unparse of every page took 40 % of the tags pass); anything else
    is parsed."""
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream) and "/Filter" not in contents:
        replaced: list[int] = []

        def artifact(found: re.Match[bytes]) -> bytes:
            if int(found[1]) in mcids:
                replaced.append(int(found[1]))
                return ARTIFACT
            return found[0]

        data = MARKED.sub(artifact, contents.read_raw_bytes())
        if sorted(replaced) == sorted(mcids):
            contents.write(data)
            return
    _parse_and_artifact(pdf, page, mcids)


def _parse_and_artifact(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    artifact = pikepdf.Dictionary(Type=pikepdf.Name("/Pagination"))
    operations: list[Any] = []
    instructions: list[Any] = list(pikepdf.parse_content_stream(page))
    for operands, operator in instructions:
        if (
            str(operator) == "BDC"
            and isinstance(operands[1], pikepdf.Dictionary)
            and int(operands[1].get("/MCID", -1)) in mcids
        ):
            operands = [pikepdf.Name("/Artifact"), artifact]
        operations.append((operands, operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


def _no_interpolation(pdf: pikepdf.Pdf) -> None:
    """PDF/A forbids ``/Interpolate true`` on images (ISO 19005-2, 6.2.8), which WeasyPrint
    writes for images with ``image-rendering: auto``: viewers then draw them without
    smoothing, as PDF/A wants the same pixels everywhere."""
    for obj in pdf.objects:
        if (
            isinstance(obj, pikepdf.Stream)
            and obj.get("/Subtype") == "/Image"
            and "/Interpolate" in obj
        ):
            del obj["/Interpolate"]


def _in_drawing_order(content: list[Obj], lists: list[Obj]) -> list[Obj]:
    """``content`` and ``lists`` (each in its order) interleaved in the order their marked
    content is drawn; what holds none stays after what it follows."""
    merged: list[Obj] = []
    rest = [(_first_mark(element), element) for element in reversed(lists)]
    for kid in content:
        mark = _first_mark(kid)
        while rest and mark is not None and (rest[-1][0] is None or rest[-1][0] < mark):
            merged.append(rest.pop()[1])
        merged.append(kid)
    return merged + [element for _, element in reversed(rest)]


def _first_mark(kid: Obj) -> int | None:
    """The lowest MCID in ``kid`` (an MCID, a marked-content reference or an element and
    what it holds, but for the bullets and numbers: WeasyPrint draws them after the text)."""
    found: list[int] = []
    stack = [kid]
    while stack:
        part = stack.pop()
        if isinstance(part, int):
            found.append(part)
        elif _is_element(part):
            if part.S != "/Lbl":
                stack.extend(_kids(part))
        elif isinstance(part, pikepdf.Dictionary) and part.get("/Type") == "/MCR":
            found.append(int(part.MCID))
    return min(found, default=None)


@dataclass(frozen=True)
class _Join:
    """A list of the source and the ``L`` elements WeasyPrint wrote for it, one per page;
    ``continues[i]``: the first item of part ``i`` goes on with the last item before it."""

    kind: type
    parts: list[Obj]
    continues: list[bool]


SourceList = m.BulletList | m.OrderedList


def _body_blocks(document: m.Document) -> Iterator[m.Block]:
    """The blocks the document's body is made of, in reading order (their children not)."""
    yield from document.intro
    for section in document.sections:
        yield from section.body
        for question in section.questions:
            yield from question.answer


def _lists_of(blocks: Iterable[m.Block]) -> Iterator[SourceList]:
    """The lists among ``blocks`` and inside their quotations and passages, in reading
    order, without the lists nested in those lists' items (as ``m.walk_blocks`` walks)."""
    stack = list(reversed(list(blocks)))
    while stack:
        block = stack.pop()
        match block:
            case m.BulletList() | m.OrderedList():
                yield block
            case m.BlockQuote(inner) | m.Passage(blocks=inner):
                stack.extend(reversed(inner))


def _lists_in(roots: list[Obj], skip: set[Any] | None = None) -> list[Obj]:
    """The ``L`` elements below ``roots``, in tree order, without those inside another
    ``L`` below them (nor below the elements of ``skip``, by objgen)."""
    found: list[Obj] = []
    stack = [kid for root in reversed(roots) for kid in reversed(_kids(root))]
    while stack:
        element = stack.pop()
        if not _is_element(element) or (skip and element.objgen in skip):
            continue
        if element.S == "/L":
            found.append(element)
        else:
            stack.extend(reversed(_kids(element)))
    return found


def _match_lists(lists: list[SourceList], scope: list[Obj]) -> list[_Join] | None:
    """The source's ``lists`` matched to the ``L`` elements of ``scope`` (found by
    ``_lists_in``), and the lists nested in their items to the ``L`` elements in those
    items, each list before the lists in its items (``m.walk_blocks``' order); None when
    they do not match, item for item.

    WeasyPrint writes each list once per page it is on, and each item split by a page break
    once per page, the part on the next page without an ``Lbl``. Each item's parts (``LI``
    elements) hold the parts of the lists nested in it (``repair_lists`` put them there):
    so a list's parts follow each other among the lists of one scope, and the lists nested
    in an item are found in that item's parts, on every page. A scope's unlabelled lists
    (a template's, the contents) are not the source's, unless one goes on with a list."""
    joined: list[_Join] = []
    # Scopes to match, and lists matched but not yet listed: a stack, not recursion (the
    # nesting's depth is the source's).
    work: list[tuple[list[SourceList], list[Obj]] | _Join] = [(lists, scope)]
    while work:
        task = work.pop()
        if isinstance(task, _Join):
            joined.append(task)
            continue
        found = _match_scope(*task)
        if found is None:
            return None
        for join, nested in reversed(found):
            work.extend(reversed(nested))
            work.append(join)
    return joined


def _match_scope(
    lists: list[SourceList], scope: list[Obj]
) -> list[tuple[_Join, list[tuple[list[SourceList], list[Obj]]]]] | None:
    """Each of ``lists`` with its parts among ``scope``, and the scopes of its items (their
    nested lists and the ``L`` elements in the item's parts)."""
    found: list[tuple[_Join, list[tuple[list[SourceList], list[Obj]]]]] = []
    index = 0
    for source in lists:
        while index < len(scope) and not _labelled_list(scope[index]):
            index += 1
        if index == len(scope):
            return None
        parts: list[Obj] = []
        continues: list[bool] = []
        items: list[list[Obj]] = []  # each item's LI elements, one per page it is on
        while index < len(scope) and (
            not parts or len(items) < len(source.items) or _goes_on(scope[index])
        ):
            part = scope[index]
            lis = _items(part)
            goes_on = bool(items) and bool(lis) and not _labelled(lis[0])
            if goes_on:
                items[-1].append(lis[0])
            items += [[li] for li in (lis[1:] if goes_on else lis)]
            parts.append(part)
            continues.append(goes_on)
            index += 1
        if len(items) != len(source.items):
            return None
        nested = [
            (list(_lists_of(item.blocks)), _lists_in(pieces))
            for item, pieces in zip(source.items, items, strict=True)
        ]
        found.append((_Join(type(source), parts, continues), nested))
    if any(_labelled_list(element) for element in scope[index:]):
        return None
    return found


def _goes_on(part: Obj) -> bool:
    """``part`` goes on with the list before it, though that list has all its items: its
    first item has no ``Lbl`` (the last item of the list, split by a page break) and it is
    where its page starts (the first element of its page, and of each element around it)."""
    lis = _items(part)
    if not lis or _labelled(lis[0]):
        return False
    element = part
    while "/P" in element and element.P.get("/S") not in (None, "/Document"):
        siblings = _kids(element.P)
        if not siblings or not _same(siblings[0], element):
            return False
        element = element.P
    parent = element.get("/P")
    if parent is None:
        return False
    siblings = _kids(parent)
    at = next((i for i, k in enumerate(siblings) if _same(k, element)), None)
    if at is None:
        return False
    # The first of its page among the document's elements (WeasyPrint adds each page's).
    page = element.get("/Pg")
    return at == 0 or not (
        page is not None
        and _is_element(siblings[at - 1])
        and _same(siblings[at - 1].get("/Pg"), page)
    )


def _labelled_list(element: Obj) -> bool:
    return any(_labelled(item) for item in _items(element))


def _model_lists(document: m.Document) -> Iterator[tuple[type, int]]:
    """(kind, number of items) of every list of the document, in reading order."""
    for block in m.walk_blocks(document):
        if isinstance(block, (m.BulletList, m.OrderedList)):
            yield type(block), len(block.items)


def _labelled(item: Obj) -> bool:
    return any(_is_element(k) and k.S == "/Lbl" for k in _kids(item))


def _items(lst: Obj) -> list[Obj]:
    return [k for k in _kids(lst) if _is_element(k) and k.S == "/LI"]
