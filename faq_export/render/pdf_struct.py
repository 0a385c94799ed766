"""Reading and rewriting a tagged PDF's structure tree: the small operations the tags pass
(``pdf_tags``) and the PDF/UA-2 pass (``pdf_ua2``) share, and the checker's walks read with
(``checks/pdf_bounds``, ``checks/pdf_text``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from faq_export.lazy import LazyModule

if TYPE_CHECKING:
    import pikepdf
else:  # the checker reads trees with these too, and `validate` imports no PDF library
    pikepdf = LazyModule("pikepdf")

# pikepdf's objects are dynamically typed (a Dictionary is an Object is an Array…).
Obj = Any


def kids(element: Obj) -> list[Obj]:
    """The ``/K`` entries of a structure element (or of the tree root), as a list."""
    found = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def is_element(obj: Obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def is_objr(obj: Obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/OBJR"


def same(a: Obj, b: Obj) -> bool:
    """The same indirect object (direct objects have no identity to compare)."""
    return bool(
        isinstance(a, pikepdf.Object) and a.is_indirect and b.is_indirect and a.objgen == b.objgen
    )


def elements(root: Obj) -> Iterator[Obj]:
    """Every structure element below ``root`` (and ``root`` if it is one), in tree order,
    without recursion (a deep tree must not exhaust the stack)."""
    stack = [root]
    seen: set[Any] = set()
    while stack:
        element = stack.pop()
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        if is_element(element):
            yield element
        stack.extend(reversed([k for k in kids(element) if is_element(k)]))
