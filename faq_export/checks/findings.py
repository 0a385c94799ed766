"""What a check finds, and the rules it can find, with where each comes from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

# The label of the advice for files built with faq-export (Finding.ours), in every report.
OURS = "with faq-export"


class Severity(StrEnum):
    ERROR = "error"  # fails the build and `faq-export check` (exit 1)
    WARNING = "warning"  # advice: reported; fails only a --strict build


@dataclass(frozen=True)
class Finding:
    rule: str  # e.g. FE-PDF-LINK-DESCRIPTION, or a validator's id (PDFUA1-…, RSC-005)
    severity: Severity
    where: str  # a place a reader can find: page, heading, question number, source line
    message: str  # what is wrong, for a non-specialist
    fix: str  # what to do about it, in any tool's terms
    source: str | None = None  # path:line:column in the FAQ source, when known
    target: str | None = None  # the id of the section or question it is in, when known
    accepted: str | None = None  # the source's reason for accepting it, when accepted
    subject: str | None = None  # the text judged (a link text, an alt text), to match formats
    # what to do about it when the file is built with faq-export (its options, the print
    # template): a separate line, so that ``fix`` speaks to whoever holds the file
    ours: str | None = None
    # findings of the same cause, listed under this one (checks/causes.py)
    also: tuple[Finding, ...] = ()

    def fails(self, strict: bool = False) -> bool:
        """Whether this finding fails a build (or a check): an error, or under ``strict``
        a warning too; an accepted finding never does."""
        if self.accepted is not None:
            return False
        return self.severity is Severity.ERROR or strict

    def accept(self, reason: str) -> Finding:
        return replace(self, accepted=reason)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    source: str  # Matterhorn checkpoint / ISO 14289 clause, EPUB Accessibility / WCAG, Word rule
    fix: str  # what to do, in any tool's terms
    example: str
    ours: str = ""  # what to do with faq-export, when it differs (Finding.ours)


class CheckInputError(Exception):
    """The file cannot be read as a PDF, EPUB or DOCX (exit code 2)."""
