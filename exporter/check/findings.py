"""What a check finds, and the rules it can find, with where each comes from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # fails the build and `faq-export check` (exit 1)
    WARNING = "warning"  # reported; fails nothing


@dataclass(frozen=True)
class Finding:
    rule: str  # e.g. FE-PDF-LINK-DESCRIPTION, or a validator's id (PDFUA1-…, RSC-005)
    severity: Severity
    where: str  # page and structure path, file and element, paragraph
    message: str  # what is wrong, for a non-specialist
    fix: str  # what to do about it


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    source: str  # Matterhorn checkpoint / ISO 14289 clause, EPUB Accessibility / WCAG, Word rule
    fix: str
    example: str


class CheckInputError(Exception):
    """The file cannot be read as a PDF, EPUB or DOCX (exit code 2)."""
