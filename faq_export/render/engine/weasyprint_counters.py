"""One of WeasyPrint 70's layout steps made faster, the PDF the same byte for byte.

- **The contents' page numbers in one extra pass, not two** (``contents-one-pass``).
  ``target-counter()`` page numbers are known once the pages after the contents are laid
  out; WeasyPrint lays the contents out again, finds then that the page total it kept in
  each number's cache changed (from none to the real one) and parses the numbers again,
  which costs a third layout of every page of contents (12 of 133 page layouts at 300
  questions). The numbers are parsed before the second layout instead, and the total is
  brought up to date in the caches of numbers that do not show it.

(A second patch, ``target-counters-by-anchor``, indexed the ``target-counter()`` lookups by
the heading they wait on: 3 % of the layout at 300 questions, 5 % at 1,000. Under the 5 % at
300 questions a patch must gain, for a copy of WeasyPrint's whole
``cache_target_page_counters``: removed, see PATCHES.md.)

It is a ``Patch`` (``PATCHES``) for WeasyPrint 70.0, put in place per build by
``engine.patched()``.
"""

from __future__ import annotations

from typing import Any

from faq_export.render.engine.patch import Patch

WEASYPRINT = {"weasyprint": "70.0"}


def _contents_numbers_in_one_pass() -> list[tuple[Any, str, Any]]:
    from weasyprint import layout
    from weasyprint.layout import page as page_layout

    make_all_pages = layout.make_all_pages
    remake_page = page_layout.remake_page

    def repaginate(context: Any, root_box: Any, html: Any, pages: Any) -> Any:
        context.fe_waiting = {}
        if pages and context.page_maker:  # a second pass: the previous one counted pages
            total = context.page_maker[0][3][1].get("pages")
            for item in context.target_collector.counter_lookup_items.values():
                shows_total = "pages" in item.missing_counters or any(
                    "pages" in wanted for wanted in item.missing_target_counters.values()
                )
                cached = item.cached_page_counter_values
                if total is not None and "pages" in cached and not shows_total:
                    cached["pages"] = list(total)
                if item.missing_target_counters and not item.pending:
                    context.fe_waiting.setdefault(item.page_maker_index, []).append(item)
        yield from make_all_pages(context, root_box, html, pages)

    def remake(index: int, context: Any, root_box: Any, html: Any) -> Any:
        for item in context.fe_waiting.pop(index, ()):
            item.parse_again(item.cached_page_counter_values)
        return remake_page(index, context, root_box, html)

    return [(layout, "make_all_pages", repaginate), (page_layout, "remake_page", remake)]


PATCHES = [
    Patch("contents-one-pass", "speed", WEASYPRINT, _contents_numbers_in_one_pass),
]
