"""One cause, one finding: the findings that follow from another one's cause are listed under
it (``Finding.also``) instead of beside it. A PDF without a title fails page-validation's
PDFUA1-METADATA-TITLE-001 and, often, PDFUA1-VIEWER-PREFERENCES-001 as well as our
FE-PDF-TITLE; an EPUB page without a <title> fails EPUBCheck's RSC-005 and FE-EPUB-TITLE.
The person holding the file has one thing to do, and reads it once.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from faq_export.checks.findings import Finding


@dataclass(frozen=True)
class Cause:
    rule: str  # the finding that names the cause
    follows: Callable[[Finding, Finding], bool]  # whether a finding follows from that one


def _pdf_title(cause: Finding, other: Finding) -> bool:
    # ISO 14289-1 7.1: dc:title in the XMP (METADATA-TITLE), shown as the window's title
    # (/DisplayDocTitle, VIEWER-PREFERENCES): FE-PDF-TITLE says both.
    return other.rule.endswith(("-METADATA-TITLE-001", "-VIEWER-PREFERENCES-001"))


def _epub_title(cause: Finding, other: Finding) -> bool:
    """EPUBCheck's schema error for the same missing or empty title: of the package
    (dc:title) or of the page FE-EPUB-TITLE names (its file is the start of ``where``)."""
    if other.rule != "RSC-005":
        return False
    file = cause.where.split(",", 1)[0]
    if file == "the package document":
        return "dc:title" in other.message
    named = other.where.split(",", 1)[0]
    same_file = named == file or posixpath.basename(named) == posixpath.basename(file)
    return same_file and '"title"' in other.message


PDF_CAUSES = (Cause("FE-PDF-TITLE", _pdf_title),)
EPUB_CAUSES = (Cause("FE-EPUB-TITLE", _epub_title),)


def fold(findings: list[Finding], causes: tuple[Cause, ...]) -> list[Finding]:
    """``findings`` with each one that follows from another's cause listed under that one,
    in the order they came."""
    also: dict[int, list[Finding]] = {}
    folded: set[int] = set()
    for index, finding in enumerate(findings):
        for cause in causes:
            if finding.rule == cause.rule:
                continue
            home = next(
                (
                    i
                    for i, candidate in enumerate(findings)
                    if candidate.rule == cause.rule and cause.follows(candidate, finding)
                ),
                None,
            )
            if home is not None:
                also.setdefault(home, []).append(finding)
                folded.add(index)
                break
    return [
        dataclasses.replace(f, also=(*f.also, *also[i])) if i in also else f
        for i, f in enumerate(findings)
        if i not in folded
    ]
