"""The source's acceptances (``accessibility.accept``) applied to findings, and what fails a
build: light enough for `validate`, which renders nothing."""

from __future__ import annotations

from collections.abc import Iterable

import faq_export.model as m
from faq_export.checks.content import check_content
from faq_export.checks.findings import Finding


def content_findings(document: m.Document) -> list[Finding]:
    """The content rules' findings (``validate``), with the source's acceptances applied."""
    return apply_acceptances(document, check_content(document))


def apply_acceptances(document: m.Document, findings: Iterable[Finding]) -> list[Finding]:
    """Findings the source accepts (``accessibility.accept``) marked with its reason: by rule,
    at the section or question named (or anywhere, when none is)."""
    out = []
    for finding in findings:
        for accepted in document.accepted:
            if accepted.rule == finding.rule and accepted.target in (None, finding.target):
                finding = finding.accept(accepted.reason)
                break
        out.append(finding)
    return out


def unused_acceptances(
    document: m.Document, findings: Iterable[Finding], rules: Iterable[str] | None = None
) -> list[m.Acceptance]:
    """The source's acceptances that accept nothing (the text was fixed, or the id is wrong):
    kept, they would hide a new finding of the same rule later. Only acceptances of ``rules``
    are judged (``validate`` sees the content rules only)."""
    judged = set(rules) if rules is not None else None
    found = list(findings)
    return [
        accepted
        for accepted in document.accepted
        if (judged is None or accepted.rule in judged)
        and not any(f.rule == accepted.rule and accepted.target in (None, f.target) for f in found)
    ]


def has_errors(results: dict[str, list[Finding]], strict: bool = False) -> bool:
    """Whether the findings fail the build: an error not accepted, or with ``strict`` any
    warning not accepted."""
    return any(f.fails(strict) for findings in results.values() for f in findings)
