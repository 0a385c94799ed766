"""What PDF/UA-2 (ISO 14289-2, PDF 2.0) asks beyond WeasyPrint 70's ``pdf/ua-2`` output.

Measured with veraPDF 1.28.2 (flavour ua2) on the FAQ; each item below was a failed rule:
- internal links and bookmarks point at places on pages; PDF/UA-2 (8.8) wants structure
  destinations: a GoTo action whose ``/SD`` names the heading's structure element.
- a table of contents entry (``TOCI``) may hold ``Lbl``, ``Reference``, ``NonStruct``, ``P``
  and ``TOC`` (ISO 32000-2, table 368): its ``Link`` goes into a ``Reference``, and the entry
  names the heading it leads to with ``/Ref`` (8.2.5.8).
- a list whose items have labels says how they are numbered (``/ListNumbering``, 8.2.5.25).

Headings are matched to the ids of the document by order: the print template writes the
title, the contents heading, then each section and its questions, in this order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

import faq_export.model as m
from faq_export.render.pdf_struct import Obj
from faq_export.render.pdf_struct import elements as _elements
from faq_export.render.pdf_struct import is_element as _is_element
from faq_export.render.pdf_struct import kids as _kids
from faq_export.render.pdf_struct import same as _same

LIST_NUMBERING: dict[type, Obj] = {
    m.BulletList: pikepdf.Name.Disc,
    m.OrderedList: pikepdf.Name.Decimal,
}
TOCI_KIDS = ("/Lbl", "/Reference", "/NonStruct", "/P", "/TOC", "/TOCI")


def finish_ua2(pdf: pikepdf.Pdf, heading_ids: list[str], lists: list[tuple[Obj, type]]) -> None:
    """``heading_ids``: the id of each heading the template writes, in reading order;
    ``lists``: the document's lists as L elements with their kind."""
    elements = list(_elements(pdf.Root.StructTreeRoot))
    headings = [e for e in elements if str(e.get("/S", "")) in {f"/H{n}" for n in range(1, 7)}]
    targets: dict[str, Obj] = {}
    if len(headings) == len(heading_ids):
        targets = dict(zip(heading_ids, headings, strict=True))
    _structure_destinations(pdf, targets, headings)
    _toc_references(pdf, elements, targets)
    _list_numbering(lists)
    _code_blocks(elements)


def _structure_destinations(pdf: pikepdf.Pdf, targets: dict[str, Obj], headings: list[Obj]) -> None:
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                target = targets.get(str(annot.Dest))
                if target is not None:
                    annot.A = _go_to(pdf, annot.Dest, target)
                    del annot["/Dest"]
    # WeasyPrint's bookmarks are made from the headings, in order, with page destinations.
    outlines = pdf.Root.get("/Outlines")
    items = list(_outline_items(outlines.get("/First") if outlines is not None else None))
    if len(items) == len(headings):
        for item, heading in zip(items, headings, strict=True):
            if "/Dest" in item:
                item.A = _go_to(pdf, item.Dest, heading)
                del item["/Dest"]


def _go_to(pdf: pikepdf.Pdf, dest: Obj, target: Obj) -> Obj:
    """A GoTo action to ``target``'s structure element (PDF 2.0), keeping the page
    destination for readers of PDF 1.7."""
    null = pikepdf.Object.parse(b"null")
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Action,
            S=pikepdf.Name.GoTo,
            D=dest,
            SD=pikepdf.Array([target, pikepdf.Name.XYZ, null, null, null]),
        )
    )


def _outline_items(item: Obj) -> Iterator[Obj]:
    """Every outline item in reading order (each before its children, then its next)."""
    seen: set[Any] = set()
    stack = [item]
    while stack:
        current = stack.pop()
        if not isinstance(current, pikepdf.Dictionary) or current.objgen in seen:
            continue
        seen.add(current.objgen)
        yield current
        stack.append(current.get("/Next"))
        stack.append(current.get("/First"))


def _toc_references(pdf: pikepdf.Pdf, elements: list[Obj], targets: dict[str, Obj]) -> None:
    for entry in (e for e in elements if e.get("/S") == "/TOCI"):
        inside = [k for k in _kids(entry) if _is_element(k) and str(k.S) not in TOCI_KIDS]
        if inside:
            reference = pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Reference, P=entry)
            )
            reference.K = pikepdf.Array(inside)
            for kid in inside:
                kid.P = reference
            rest = [k for k in _kids(entry) if not any(_same(k, i) for i in inside)]
            entry.K = pikepdf.Array([reference, *rest])
        destination = _link_destination([k for k in _kids(entry) if _is_element(k)])
        target = targets.get(destination) if destination else None
        if target is not None:
            entry.Ref = pikepdf.Array([target])


def _link_destination(parts: list[Obj]) -> str | None:
    for part in parts:
        for element in _elements(part):
            for kid in _kids(element):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    annot = kid.Obj
                    if "/Dest" in annot:
                        return str(annot.Dest)
                    action = annot.get("/A")
                    if isinstance(action, pikepdf.Dictionary) and "/D" in action:
                        return str(action.D)
    return None


def _list_numbering(lists: list[tuple[Obj, type]]) -> None:
    for element, kind in lists:
        element.A = pikepdf.Dictionary(O=pikepdf.Name.List, ListNumbering=LIST_NUMBERING[kind])


def _code_blocks(elements: list[Obj]) -> None:
    """WeasyPrint tags ``<pre>`` as NonStruct holding a Span per line; PDF 2.0 allows no Span
    directly in a Sect (NonStruct is transparent): the block becomes a paragraph."""
    grouping = {"/Sect", "/Part", "/Div", "/Document", "/Art", "/Aside", "/BlockQuote"}
    for element in elements:
        parent = element.get("/P")
        if (
            element.get("/S") == "/NonStruct"
            and isinstance(parent, pikepdf.Dictionary)
            and str(parent.get("/S")) in grouping
            and {str(e.get("/S")) for e in _elements(element)} == {"/NonStruct", "/Span"}
        ):
            element.S = pikepdf.Name.P
