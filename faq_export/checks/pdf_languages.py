"""PDF rules for what WeasyPrint 70 gets wrong for other languages, which render/engine/
puts right: a passage's language (``/Lang`` on its structure element) and the text of
right-to-left ligatures (the ToUnicode map). They catch the defect in any PDF, and so a
build whose engine patch was left out (a WeasyPrint it was not written for, or
``FAQ_EXPORT_ENGINE=plain``).

Registered in ``checks.pdf_rules.PDF`` by ``checks/pdf_rules.py`` (``RULES``): this module
does not import it, so the two make no cycle.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any, Protocol

import faq_export.model as m
from faq_export.checks.findings import Rule
from faq_export.checks.pdf_text import ToUnicode
from faq_export.checks.registry import E, Hit
from faq_export.languages import RTL_LETTERS
from faq_export.lazy import LazyModule

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")


PASSAGE_LANG = Rule(
    "FE-PDF-PASSAGE-LANG",
    E,
    "A passage in another language is read in the document's language",
    "Matterhorn 11-001; ISO 14289-1 7.2; WCAG 3.1.2 (Language of Parts)",
    "Give the element of each passage in another language its /Lang (in the tool that "
    "made the PDF: the language of that passage, e.g. lang on an HTML element).",
    "A French quotation in an English PDF whose structure element has no /Lang.",
    ours="WeasyPrint 70 drops a passage's lang and faq-export's engine adapter puts it back "
    "(render/engine/weasyprint_text.py): a build with FAQ_EXPORT_ENGINE=plain, or another "
    "WeasyPrint version, loses it. Report it with the source.",
)


class LanguageFacts(Protocol):
    """What these rules read of a PDF: ``checks.pdf_context.PdfContext`` (named here by what
    it offers, so this module needs nothing of pdf_rules.py, which registers these rules)."""

    @property
    def document(self) -> m.Document | None: ...

    @property
    def pages(self) -> list[Any]: ...

    @property
    def tagged(self) -> bool: ...

    @property
    def elements(self) -> list[tuple[Any, Any]]: ...


def passage_languages(ctx: LanguageFacts) -> Iterator[Hit]:
    document = ctx.document
    if document is None or not ctx.tagged:
        return  # which passages have a language is known from the source only
    wanted = Counter(lang.lower() for lang in _source_languages(document))
    wanted.pop(document.metadata.language.lower(), None)
    found = Counter(
        str(element.get("/Lang")).lower() for element, _ in ctx.elements if "/Lang" in element
    )
    for lang, count in sorted(wanted.items()):
        if found[lang] == 0:
            yield Hit(
                "document",
                f"{count} passage(s) in '{lang}' of the source have no element with that "
                "/Lang in the PDF: a screen reader reads them in the document's language",
                subject=lang,
            )


def _source_languages(node: Any) -> Iterator[str]:
    """The language of every passage and span of ``node`` (a document or part of one)."""
    if isinstance(node, m.Passage | m.Span):
        yield node.lang
    if isinstance(node, tuple | list):
        for item in node:
            yield from _source_languages(item)
    elif is_dataclass(node) and not isinstance(node, type):
        for field in fields(node):
            if field.name not in ("at", "metadata", "words"):
                yield from _source_languages(getattr(node, field.name))


LAM = "\u0644"


def in_reading_order(text: str) -> bool:
    """Whether the several right-to-left characters of one glyph are given in reading order,
    which text extractors, reversing a right-to-left run, turn the wrong way round. Told
    where the order shows: a letter with its marks (in reading order the letter comes
    first; in drawing order the marks), and the ligatures of lam with the letter after it
    (lam-alef, lam-meem, …: in reading order lam first, "لا"; in drawing order last, "ال").
    Other ligatures read the same either way round as far as this can tell: not judged."""
    if len(text) < 2 or not RTL_LETTERS.search(text):
        return False
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    if not letters:
        return False
    if len(letters) == 1:
        return text[0] == letters[0]  # the letter before its marks
    return letters[0] == LAM and letters[-1] != LAM


RTL_TOUNICODE = Rule(
    "FE-PDF-RTL-TOUNICODE",
    E,
    "Right-to-left ligatures read the wrong way round",
    "ISO 14289-1 7.21.7 (ToUnicode); WCAG 1.3.2 (Meaningful Sequence)",
    "Map each glyph of several right-to-left characters to them in drawing order in the "
    "font's ToUnicode map (text extractors reverse a right-to-left run).",
    "Arabic lam-alef mapped to 'لا': copied or read aloud as 'ال', 'الأسئلة' as 'األسئلة'.",
    ours="faq-export's engine adapter maps them for WeasyPrint 70 "
    "(render/engine/weasyprint_text.py): a build with FAQ_EXPORT_ENGINE=plain, or another "
    "WeasyPrint version, does not. Report it with the source.",
)


def rtl_to_unicode(ctx: LanguageFacts) -> Iterator[Hit]:
    seen: set[Any] = set()
    for number, page in enumerate(ctx.pages, 1):
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
            key = font.objgen if font.is_indirect else (number, name)
            if key in seen:
                continue
            seen.add(key)
            try:
                table = ToUnicode.of(font).table
            except (pikepdf.PdfError, ValueError):
                continue
            turned = [text for text in table.values() if in_reading_order(text)]
            if turned:
                base = str(font.get("/BaseFont", name)).lstrip("/")
                yield Hit(
                    f"page {number}, font {base}",
                    f"{len(turned)} glyph(s) of several right-to-left characters are mapped "
                    f"in reading order ('{turned[0]}'): extracted and read aloud reversed",
                    subject=base,
                )


# (rule, check) for checks/pdf.py to register in its registry.
RULES = [(PASSAGE_LANG, passage_languages), (RTL_TOUNICODE, rtl_to_unicode)]
