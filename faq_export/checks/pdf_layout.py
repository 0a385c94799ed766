"""The rules on the layout (build only): text the layout drew outside the text column, which
a finished PDF no longer tells (it does not say where its margins are), and the large-print
edition's type under its least size."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from faq_export.checks.findings import Finding, Rule
from faq_export.checks.registry import E

if TYPE_CHECKING:
    from faq_export.render.pdf import Overflow, SmallestText

OVERFLOW = Rule(
    "FE-PDF-OVERFLOW",
    E,
    "Text runs outside the text column",
    "WCAG 1.4.10 (reflow) and 1.3.1; print: text in the margin is cut by printers "
    "and binders; faq-export layout check (build only)",
    "Break the long word, address or code (a space, or a shorter link text), or give "
    "a wide table fewer or narrower columns; the print template wraps what it can.",
    "A 70-character Java class name in a list item, half an inch into the margin.",
)


def overflow_findings(overflows: Iterable[Overflow]) -> list[Finding]:
    """FE-PDF-OVERFLOW for each text the layout drew outside the text column (a check of the
    layout, which a finished PDF no longer tells: it does not say where its margins are)."""
    return [
        Finding(
            OVERFLOW.id,
            OVERFLOW.severity,
            f"page {o.page}",
            f"'{o.text}' runs {o.mm} mm outside the text column",
            OVERFLOW.fix,
            subject=o.text,
        )
        for o in overflows
    ]


LARGE_PRINT_SIZE = 18.0  # points: APH's least for large print, the top of UKAAF's 16-18 pt
LARGE_PRINT = Rule(
    "FE-PDF-LARGE-PRINT",
    E,
    "Text of the large-print edition is under 18 pt",
    "UKAAF, APH and RNIB large-print guidance (body text 16-18 pt and up, APH 18 pt); "
    "faq-export layout check of the large-print edition (build only)",
    "The large-print edition loads large-print.css after print.css: a print template copied "
    "before there were editions loads nothing, so add "
    '{% if edition_css %}<link rel="stylesheet" href="{{ edition_css }}" />{% endif %} '
    "after its <style> element in document.html.j2; a rule of your own that sets a smaller "
    "font-size needs a size of 18 pt or more in large-print.css.",
    "A print template of an older faq-export: the large-print PDF's body text at 12 pt.",
)


def large_print_findings(smallest: SmallestText | None) -> list[Finding]:
    """FE-PDF-LARGE-PRINT when text of the large-print edition (``smallest``: its smallest
    type, from the layout; None when it was not measured) is under LARGE_PRINT_SIZE."""
    if smallest is None or smallest.pt >= LARGE_PRINT_SIZE - 0.01:
        return []
    return [
        Finding(
            LARGE_PRINT.id,
            LARGE_PRINT.severity,
            f"page {smallest.page}",
            f"'{smallest.text}' is set at {smallest.pt:g} pt, under the large-print "
            f"edition's {LARGE_PRINT_SIZE:g} pt",
            LARGE_PRINT.fix,
            subject=smallest.text,
        )
    ]
