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

- **Glyphs that share a cluster.** WeasyPrint maps each glyph to the characters of its
  HarfBuzz cluster, and a cluster drawn with several glyphs gives all its characters to the
  glyph drawn first and nothing to the others. Right-to-left, that is a mark inside a
  ligature (fathatan between lam and alef, "وكيلًا": the fathatan's glyph mapped to "لًا",
  the lam-alef's to nothing) or two Hebrew points of one letter; and a glyph keeps the
  first text it was given, so every later fathatan read "لًا" ("وكيللًاا") and the empty
  mapping made the ToUnicode CMap malformed. Such a cluster's characters are shared out
  among its glyphs before WeasyPrint maps them: each glyph the font's cmap gives for one of
  the characters gets that character, the rest go to the glyph left (the ligature).

Text extractors read right-to-left runs in drawing order and reverse them; the characters
of one glyph (a ligature's, or an ``/ActualText``) are therefore given in drawing order too.

Each is a ``Patch`` (``PATCHES``), put in place per build by ``engine.patched()``, for
WeasyPrint 70.0 only; a document without passages or right-to-left text is written as
without them, byte for byte.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pydyf  # type: ignore[import-untyped]

from faq_export.languages import RTL_LETTERS
from faq_export.render.engine.patch import Patch

WEASYPRINT = {"weasyprint": "70.0"}


def _passage_languages() -> list[tuple[Any, str, Any]]:
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

    return [(tags, "_build_box_tree", with_language)]


def _ligatures_in_drawing_order() -> list[tuple[Any, str, Any]]:
    from weasyprint import pdf as pdf_module

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

    return [(pdf_module, "build_fonts_dictionary", with_drawing_order)]


def share_cluster(
    text: str, glyphs: list[tuple[int, bool]], nominal: dict[int, int]
) -> dict[int, str] | None:
    """The characters of one cluster (``text``, in reading order) shared out among its
    ``glyphs`` (``(glyph id, whether it advances)``, in reading order): each glyph that the
    font's cmap (``nominal``: code point -> glyph id) gives for one of the characters gets it;
    the characters left go to the glyph left, or by kind (marks to the glyphs that do not
    advance, letters to those that do), one each where the numbers match. None when that
    does not give every glyph some text."""
    left = list(text)
    given: dict[int, list[str]] = {}
    rest: list[tuple[int, bool]] = []
    for glyph, advances in glyphs:
        found = next((c for c in left if nominal.get(ord(c)) == glyph), None)
        if found is None:
            rest.append((glyph, advances))
        else:
            left.remove(found)
            given.setdefault(glyph, []).append(found)
    if len(rest) == 1:
        given.setdefault(rest[0][0], []).extend(left)
    elif rest:
        marks = [c for c in left if unicodedata.category(c) in ("Mn", "Me")]
        letters = [c for c in left if c not in marks]
        for kind, chars in ((False, marks), (True, letters)):
            these = [glyph for glyph, advances in rest if advances is kind]
            if len(these) == 1:
                given.setdefault(these[0], []).extend(chars)
            elif len(these) == len(chars):
                for glyph, char in zip(these, chars, strict=True):
                    given.setdefault(glyph, []).append(char)
            elif these or chars:
                return None
    elif left and given:
        given[glyphs[0][0]].extend(left)  # a character without a glyph of its own
    if any(glyph not in given for glyph, _ in glyphs):
        return None
    return {glyph: "".join(chars) for glyph, chars in given.items()}


def _cluster_text() -> list[tuple[Any, str, Any]]:
    from weasyprint.draw import text as draw_text
    from weasyprint.pdf.stream import Stream
    from weasyprint.text.ffi import ffi, pango

    draw_first_line = draw_text.draw_first_line
    add_font = Stream.add_font
    cmaps: dict[str, dict[int, int]] = {}  # font's hash -> code point -> glyph id

    def nominal(font: Any) -> dict[int, int]:
        if font.hash not in cmaps:
            from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

            ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
            ids = ttfont.getReverseGlyphMap()
            cmaps[font.hash] = {c: ids[name] for c, name in ttfont.getBestCmap().items()}
        return cmaps[font.hash]

    def share(font: Any, pango_font: Any, textbox: Any) -> None:
        # The first line's right-to-left runs in this font, as WeasyPrint will draw them.
        line, _ = textbox.pango_layout.get_first_line()
        utf8 = textbox.pango_layout.text.encode()
        run = line.runs[0]
        while run != ffi.NULL:
            item = run.data
            run = run.next
            if item.item.analysis.font != pango_font or not item.item.analysis.level % 2:
                continue
            infos = item.glyphs.glyphs
            clusters = item.glyphs.log_clusters
            starts: dict[int, list[Any]] = {}
            for i in range(item.glyphs.num_glyphs):
                starts.setdefault(clusters[i], []).append(infos[i])
            ends = [*sorted(starts)[1:], item.item.length]
            for start, end in zip(sorted(starts), ends, strict=True):
                drawn = starts[start]
                if len(drawn) < 2 or any(
                    info.glyph == pango.PANGO_GLYPH_EMPTY
                    or info.glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
                    for info in drawn
                ):
                    continue
                glyphs = [(info.glyph, info.geometry.width != 0) for info in reversed(drawn)]
                if all(glyph in font.to_unicode for glyph, _ in glyphs):
                    continue
                offset = item.item.offset
                text = utf8[offset + start : offset + end].decode()
                shared = share_cluster(text, glyphs, nominal(font))
                for glyph, chars in (shared or {}).items():
                    font.to_unicode.setdefault(glyph, chars)

    def add(stream: Any, pango_font: Any) -> Any:
        font, font_size = add_font(stream, pango_font)
        textbox = getattr(stream, "_fe_line", None)
        if textbox is not None:
            share(font, pango_font, textbox)
        return font, font_size

    def first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        # Only lines with right-to-left letters: any other is drawn as without the patch.
        stream._fe_line = textbox if RTL_LETTERS.search(textbox.text) else None
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream._fe_line = None

    return [(draw_text, "draw_first_line", first_line), (Stream, "add_font", add)]


GLYPH = re.compile(r"<([0-9a-f]{4,})>")


def _raised_marks_as_text() -> list[tuple[Any, str, Any]]:
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

    return [
        (Stream, "set_text_rise", rise),
        (Stream, "show_text", show),
        (Stream, "begin_text", begin),
    ]


EMPTY = pydyf.String("")

PATCHES = [
    Patch("passage-lang", "correctness", WEASYPRINT, _passage_languages),
    # Before rtl-tounicode and raised-marks, which read the text it gives each glyph.
    Patch("rtl-cluster-text", "correctness", WEASYPRINT, _cluster_text),
    Patch("rtl-tounicode", "correctness", WEASYPRINT, _ligatures_in_drawing_order),
    # WeasyPrint's Stream draws text with methods it inherits from pydyf.Stream.
    Patch(
        "raised-marks",
        "correctness",
        {**WEASYPRINT, "pydyf": "0.13.0"},
        _raised_marks_as_text,
    ),
]
