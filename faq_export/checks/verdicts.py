"""A file's verdict on one standard: met, not met, not proven or not judged, and by whom.

A standard is *met* only when the judges that ran cover every machine-checkable rule of it
(``complete``) and none of them found a failure. When they cover part of it, no failure found
says nothing about the rest: the verdict is *not proven*, and says how much was judged
(``coverage``) and which judge did not run, and why (``not_judged``). A human judges what no
machine can (Matterhorn's human checkpoints, WCAG's judgement calls) in every case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faq_export.checks.findings import Finding

OWN_RULES = "faq-export rules"


@dataclass(frozen=True)
class Verdict:
    """How a file fares against one standard, and who judged it."""

    standard: str  # PDF/UA-1, PDF/A-2a, EPUB 3.3, …
    claimed: bool  # the file says it meets it; PDF/UA-1 is judged even when not
    engines: tuple[str, ...]  # the judges that ran: "page-validation 0.11.0 (ua1)", …
    failed: bool  # a judge found the file breaks a rule of it
    complete: bool = True  # the judges that ran cover every machine-checkable rule of it
    coverage: str = ""  # what they judged, in words
    not_judged: tuple[str, ...] = ()  # "EPUBCheck: Java not found", "veraPDF: not found (…)"
    claimable: bool = True  # a file can claim it (a DOCX cannot claim Word's checker rules)

    @property
    def met(self) -> bool:
        """Judged in full (its machine-checkable rules) and nothing fails it."""
        return self.complete and not self.failed and bool(self.engines)

    @property
    def outcome(self) -> str:
        """'met', 'not met', 'not proven' (judged in part, nothing failed) or 'not judged'."""
        if self.failed:
            return "not met"
        if not self.engines:
            return "not judged"
        return "met" if self.complete else "not proven"


def by_own_rules(
    standard: str, rules: str, findings: Sequence[Finding], coverage: str, not_judged: str
) -> Verdict:
    """A standard judged only in part, by our ``rules`` ("faq-export rules (FE-DOCX-…)"):
    not met when one of the ``findings`` fails it, else not proven."""
    return Verdict(
        standard,
        False,
        (rules,),
        any(f.fails() for f in findings),
        False,
        coverage,
        (not_judged,),
        claimable=False,
    )
