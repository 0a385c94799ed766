"""What WeasyPrint 70's tagged PDF gets wrong for other languages, put right where it draws
and tags.

- **Languages of passages.** A ``lang`` attribute on an element (``<span lang="es">``, a
  passage ``<div lang="fr">``) does not reach the PDF: every word would be read in the
  document's language. Each structure element made for such an element gets ``/Lang``.
- **Ligatures of right-to-left text.** A PDF draws glyphs left to right, and text
  extractors (poppler's pdftotext, MuPDF) put a right-to-left run back in reading order by
  reversing its characters. A glyph that stands for several characters (a ligature such as
  Arabic lam-alef, a letter with its vowel marks) is mapped, in the font's ToUnicode, to its
  characters in reading order, so the reversal turned it the wrong way round ("األسئلة"
  for "الأسئلة"). Such a glyph's characters are written in drawing order instead, which
  the reversal puts back in reading order.

- **Vowel marks raised above their letter.** The font places some Arabic and Hebrew marks
  (damma, kasra, …) above or below the baseline, and WeasyPrint draws each such mark alone,
  with a text rise, just before its letter. pdftotext starts a new word for any character
  0.5 pt off the baseline, so the raised mark split its line in two, out of order. The raised
  mark is drawn with an empty ``/ActualText`` (it is not text there) and its letter with an
  ``/ActualText`` of the letter and the mark (PDF 32000-1, 14.9.4), on the baseline. In a
  ligature the mark is put after its first letter (lam-alef with fathatan reads "لًا"): the
  glyphs do not say which of the two letters it sits on.

Text extractors read right-to-left runs in drawing order and reverse them; the characters
of one glyph (a ligature's, or an ``/ActualText``) are therefore given in drawing order too.

And one for speed:

- **The contents' page numbers in one extra pass, not two.** ``target-counter()`` page
  numbers are known once the pages after the contents are laid out; WeasyPrint lays the
  contents out again, finds then that the page total it kept in each number's cache changed
  (from none to the real one) and parses the numbers again, which costs a third layout of
  every page of contents (12 of 133 page layouts at 300 questions). The numbers are parsed
  before the second layout instead, and the total is brought up to date in the caches of
  numbers that do not show it: the same PDF, byte for byte, with one layout fewer per page
  of contents.

- **A page number's news in time proportional to who waits for it.** Each time a heading's
  page is known, WeasyPrint looks through every ``target-counter()`` of the document for the
  ones waiting on that heading: headings × contents entries, twice (1.4 s at 1,000
  questions, nine times that at 3,000). The entries waiting on each heading are filed by
  heading as WeasyPrint collects them (while it builds the boxes), and told in the same
  order: the same PDF, byte for byte. Likewise, once the pages are made, WeasyPrint looks
  through every lookup again for each box that shows a target's page, to find the bookmark
  labels and string-sets among them; the collector's lookups now list only those when
  asked for all their items (``_Lookups``).

``apply()`` installs them all, once; a document without passages or right-to-left text is
written as before, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pydyf  # type: ignore[import-untyped]

from faq_export.languages import RTL_LETTERS

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True
    # WeasyPrint is imported by now, through render.libraries (render/pdf.py calls this).
    from weasyprint import pdf as pdf_module
    from weasyprint.pdf import tags

    build_box_tree = tags._build_box_tree

    def with_language(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        # An element the box was made for, not the root (the catalog has its /Lang).
        element = getattr(box, "element", None)
        lang = None
        if element is not None and box.element_tag not in ("html", "body"):
            lang = element.get("lang")
        for made in build_box_tree(box, parent, *args):
            if lang and "Lang" not in made:
                made["Lang"] = pydyf.String(lang)
            yield made

    tags._build_box_tree = with_language

    build_fonts = pdf_module.build_fonts_dictionary

    def with_drawing_order(pdf: Any, fonts: Any, *args: Any, **kwargs: Any) -> Any:
        # For the font dictionaries only: the fonts' own text stays as drawing read it, so
        # that writing the same layout again (or drawing after this) finds it unchanged.
        kept = {}
        for key, font in fonts.items():
            turned = {
                glyph: text[::-1]
                for glyph, text in font.to_unicode.items()
                if len(text) > 1 and RTL_LETTERS.search(text)
            }
            if turned:
                kept[key] = font.to_unicode
                font.to_unicode = {**font.to_unicode, **turned}
        try:
            return build_fonts(pdf, fonts, *args, **kwargs)
        finally:
            for key, text in kept.items():
                fonts[key].to_unicode = text

    pdf_module.build_fonts_dictionary = with_drawing_order
    _raised_marks_as_text()
    _contents_numbers_in_one_pass()
    _target_counters_by_anchor()


def _target_counters_by_anchor() -> None:
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

    TargetCollector.cache_target_page_counters = cache_target_page_counters

    made = TargetCollector.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self.counter_lookup_items = _Lookups()

    TargetCollector.__init__ = init


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


def _contents_numbers_in_one_pass() -> None:
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

    layout.make_all_pages = repaginate
    page_layout.remake_page = remake


GLYPH = re.compile(r"<([0-9a-f]{4,})>")


def _raised_marks_as_text() -> None:
    from weasyprint.pdf.stream import Stream

    set_text_rise = Stream.set_text_rise
    show_text = Stream.show_text

    def font(stream: Any) -> Any:
        current = getattr(stream, "_current_font", None)
        name = current[0] if current else None
        return next((f for f in stream._fonts.values() if f.hash == name), None)

    def rise(stream: Any, height: float) -> None:
        stream._fe_raised = bool(height)
        set_text_rise(stream, height)

    def show(stream: Any, text: str) -> None:
        pending = getattr(stream, "_fe_pending", "")
        if getattr(stream, "_fe_raised", False):
            glyphs = GLYPH.findall(text)
            used = font(stream)
            mark = used.to_unicode.get(int(glyphs[0][:4], 16), "") if used and glyphs else ""
            if mark and RTL_LETTERS.search(mark):
                # Not text here: the letter drawn next carries it (marks in drawing order).
                stream._fe_pending = pending + mark[::-1]
                stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": EMPTY}))
                show_text(stream, text)
                stream.end_marked_content()
                return
        elif pending:
            stream._fe_pending = ""
            match = GLYPH.search(text)
            used = font(stream)
            if match and used is not None:
                # The first glyph alone, with the marks drawn before it.
                cut = match.start(1) + 4
                letter = used.to_unicode.get(int(match.group(1)[:4], 16), "")
                # In reading order the marks follow the letter they sit on: the first of a
                # ligature's letters (lam of lam-alef, as in "لًا"). Written in drawing order.
                read = letter[:1] + pending[::-1] + letter[1:]
                actual = pydyf.String(read[::-1])
                stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": actual}))
                show_text(stream, text[:cut] + ">")
                stream.end_marked_content()
                rest = "<" + text[cut:]
                if rest not in ("<>", "<"):
                    show_text(stream, rest)
                return
        show_text(stream, text)

    begin_text = Stream.begin_text

    def begin(stream: Any) -> None:
        stream._fe_pending = ""  # a mark never waits for a letter of another line
        begin_text(stream)

    Stream.set_text_rise = rise
    Stream.show_text = show
    Stream.begin_text = begin


EMPTY = pydyf.String("")
