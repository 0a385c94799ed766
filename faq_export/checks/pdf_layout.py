"""The rule on the layout (build only): text the layout drew outside the text column, which
a finished PDF no longer tells (it does not say where its margins are)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from faq_export.checks.findings import Finding, Rule
from faq_export.checks.registry import E

if TYPE_CHECKING:
    from faq_export.render.pdf import Overflow

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
