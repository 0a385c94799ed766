"""Two of WeasyPrint 70's layout steps made faster, the PDF the same byte for byte.

- **The contents' page numbers in one extra pass, not two** (``contents-one-pass``).
  ``target-counter()`` page numbers are known once the pages after the contents are laid
  out; WeasyPrint lays the contents out again, finds then that the page total it kept in
  each number's cache changed (from none to the real one) and parses the numbers again,
  which costs a third layout of every page of contents (12 of 133 page layouts at 300
  questions). The numbers are parsed before the second layout instead, and the total is
  brought up to date in the caches of numbers that do not show it.

- **A page number's news in time proportional to who waits for it**
  (``target-counters-by-anchor``). Each time a heading's page is known, WeasyPrint looks
  through every ``target-counter()`` of the document for the ones waiting on that heading:
  headings × contents entries, twice (1.4 s at 1,000 questions, nine times that at 3,000).
  The entries waiting on each heading are filed by heading as WeasyPrint collects them
  (while it builds the boxes), and told in the same order. Likewise, once the pages are
  made, WeasyPrint looks through every lookup again for each box that shows a target's
  page, to find the bookmark labels and string-sets among them; the collector's lookups now
  list only those when asked for all their items (``_Lookups``).

Each is a ``Patch`` (``PATCHES``) for WeasyPrint 70.0, put in place per build by
``engine.patched()``.
"""

from __future__ import annotations

from typing import Any

from faq_export.render.engine.patch import Patch

WEASYPRINT = {"weasyprint": "70.0"}


def _target_counters_by_anchor() -> list[tuple[Any, str, Any]]:
    import copy

    from weasyprint.css.targets import TargetCollector

    # WeasyPrint 70's TargetCollector.cache_target_page_counters, with the lookups waiting
    # on the anchor taken from the index (_Lookups.waiting) instead of found among all.
    def cache_target_page_counters(
        self: Any,
        anchor_name: str,
        page_counter_values: Any,
        page_maker_index: int,
        page_maker: Any,
    ) -> None:
        if self.collecting:
            return
        item = self.target_lookup_items.get(anchor_name)
        if not (item and item.state == "up-to-date"):
            return
        item.page_maker_index = page_maker_index
        if item.cached_page_counter_values == page_counter_values:
            return
        item.cached_page_counter_values = copy.deepcopy(page_counter_values)
        for lookup in self.counter_lookup_items.waiting.get(anchor_name, ()):
            missing_counters = lookup.missing_target_counters[anchor_name]
            if lookup.page_maker_index is None or lookup.page_maker_index >= len(page_maker):
                lookup.pending = True
                continue
            for counter_name in missing_counters:
                if page_counter_values.get(counter_name) is not None:
                    page_maker[lookup.page_maker_index][-1]["content_changed"] = True
                    lookup.parse_again(lookup.cached_page_counter_values)
                    break

    made = TargetCollector.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self.counter_lookup_items = _Lookups()

    return [
        (TargetCollector, "cache_target_page_counters", cache_target_page_counters),
        (TargetCollector, "__init__", init),
    ]


class _Lookups(dict[Any, Any]):
    """WeasyPrint 70's ``counter_lookup_items`` (keyed by box and CSS property), filed as
    they are added:

    - ``waiting``: anchor name -> the ``content`` lookups waiting on that anchor's page, in
      the order WeasyPrint added them (what they wait on is fixed when they are made);
    - ``items()``: the lookups of other properties (bookmark labels, string-sets), which are
      all that WeasyPrint's one loop over every item (``layout_document``, for each box
      showing a target's page) looks for.

    WeasyPrint adds with ``setdefault`` and never replaces or removes; anything else would
    leave the files stale, so it is refused."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[str, list[Any]] = {}
        self._others: dict[Any, Any] = {}

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            if key[1] == "content":
                for name in default.missing_target_counters:
                    self.waiting.setdefault(name, []).append(default)
            else:
                self._others[key] = default
        return super().setdefault(key, default)

    def __setitem__(self, key: Any, value: Any) -> None:
        raise TypeError("counter lookups are added with setdefault only")

    def __delitem__(self, key: Any) -> None:
        raise TypeError("counter lookups are never removed")

    def items(self) -> Any:
        return self._others.items()


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
    Patch("target-counters-by-anchor", "speed", WEASYPRINT, _target_counters_by_anchor),
]
