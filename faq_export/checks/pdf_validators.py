"""The judges beside our rules: page-validation (imported when first used) and veraPDF,
each started in a thread of its own, and page-validation's findings read as ours (placed at
a page and a path, with what the file's bytes disprove left out: pdf_disproved.py)."""

from __future__ import annotations

import importlib.metadata
import threading
from collections.abc import Callable
from typing import Any

from faq_export.checks import verapdf as verapdf_judge
from faq_export.checks.findings import Finding, Severity
from faq_export.checks.pdf_context import PdfContext, unreadable
from faq_export.checks.pdf_disproved import disproved
from faq_export.limits import Limits

# page-validation follows chains of references recursively (an outline of 3,000 questions in
# one section is a chain of 3,000 /Next links): it runs in a thread with a deep stack, and may
# follow chains as long as the longest FAQ faq-export builds (measured: 40,000 links need
# 512 MiB of stack and 42 s; 20,000 need less than 256 MiB; the default 8 MiB main stack
# crashes near 20,000, and its default limit of 256 links stopped a 260-question section).
VALIDATOR_STACK = 256 * 1024 * 1024
MAX_REFERENCE_DEPTH = 20_000


def reference_depth(limits: Limits) -> int:
    """How long a chain of references page-validation follows: the questions of one section
    (the longest chain faq-export writes: its bookmarks' /Next links) and 2,000 more, to at
    most MAX_REFERENCE_DEPTH. Its memory grows with the square of the chain (a chain of
    bookmarks 10,000 long: 0.9 GB; 20,000: 3.4 GB, past the 3 GiB of the hostile tests);
    a longer chain is its finding PDFUA1-LIMIT, not a machine out of memory."""
    return min(limits.questions + 2_000, MAX_REFERENCE_DEPTH)


def start_validators(
    data: bytes, profiles: list[str], reference_depth: int = MAX_REFERENCE_DEPTH
) -> Callable[[], dict[str, Any]]:
    """page-validation for each of ``profiles``, started in its own thread (it releases the
    GIL, so it runs beside our rules on a second core); the returned function waits for it
    and gives profile -> its report, or the exception it raised."""
    results: dict[str, Any] = {}
    try:
        import page as page_validation
    except ImportError:
        return lambda: results
    limits = page_validation.SafetyLimits(
        max_input_size=256 * 1024 * 1024, max_reference_depth=reference_depth
    )

    def work() -> None:
        for profile in profiles:
            try:
                results[profile] = page_validation.validate_pdf_bytes(
                    data, profile=profile, limits=limits
                )
            except Exception as exc:  # reported where the results are read
                results[profile] = exc

    previous = threading.stack_size(VALIDATOR_STACK)
    try:
        worker = threading.Thread(target=work, name="page-validation", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)

    def finished() -> dict[str, Any]:
        worker.join()
        return results

    return finished


def start_verapdf(
    data: bytes, flavours: list[str], required: bool
) -> Callable[[], dict[str, verapdf_judge.Report | Exception]]:
    """veraPDF for each of ``flavours``, started in a thread (it runs in a Java process of
    its own); the returned function waits for it and gives flavour -> its report, or why it
    could not judge. When veraPDF is not here, nothing is started: ``VeraPdfUnavailable`` if
    it is ``required``, else no reports (the verdicts say it did not judge)."""
    results: dict[str, verapdf_judge.Report | Exception] = {}
    if not flavours:
        return lambda: results
    located = verapdf_judge.locate()
    if located.command is None:
        if required:
            raise verapdf_judge.VeraPdfUnavailable(
                f"veraPDF cannot run: {located.why_not}; {verapdf_judge.INSTALL}"
            )
        return lambda: results

    def work() -> None:
        for flavour in flavours:
            try:
                results[flavour] = verapdf_judge.judge(data, flavour)
            except verapdf_judge.VeraPdfUnavailable as exc:
                results[flavour] = exc

    worker = threading.Thread(target=work, name="veraPDF", daemon=True)
    worker.start()

    def finished() -> dict[str, verapdf_judge.Report | Exception]:
        worker.join()
        if required:
            failure = next((r for r in results.values() if isinstance(r, Exception)), None)
            if failure is not None:
                raise failure
        return results

    return finished


def validator_findings(
    data: bytes, profile: str, outcome: Any, context: PdfContext
) -> tuple[list[Finding], str | None]:
    """page-validation's failures for ``profile`` (its report or its exception), and the
    engine's name (None when it is not installed)."""
    if outcome is None:
        return [], None
    import page as page_validation

    engine = f"page-validation {importlib.metadata.version('page-validation')} ({profile})"
    if isinstance(outcome, page_validation.SafetyLimitError):
        too_big = Finding(
            "PDFUA1-LIMIT",
            Severity.ERROR,
            "document",
            f"too large or complex to check safely: {outcome}",
            "Check a smaller file, or split the document.",
        )
        return [too_big], engine
    if isinstance(outcome, page_validation.PageError):
        raise unreadable(outcome) from None
    if isinstance(outcome, BaseException):
        raise outcome
    findings: list[Finding] = []
    unplaced: dict[str, list[Any]] = {}  # rule -> its failures on an element with no object
    for failure in outcome.failures:
        if _not_in_the_standard(profile, failure) or disproved(data, failure, context):
            continue
        if failure.object_id is None and failure.rule_id in ELEMENT_RULES:
            unplaced.setdefault(failure.rule_id, []).append(failure)
            continue
        findings.append(_validator_finding(failure, context.place_of(failure.object_id)))
    for rule_id, failures in unplaced.items():
        places = context.elements_breaking(*ELEMENT_RULES[rule_id])
        findings += [_validator_finding(failures[0], place) for place in places] or [
            _validator_finding(failure, "document") for failure in failures
        ]
    return findings, engine


def _validator_finding(failure: Any, where: str) -> Finding:
    return Finding(
        failure.rule_id,
        Severity.ERROR,
        where,
        failure.message,
        "See `faq-export check --explain " + failure.rule_id + "`.",
    )


def _no_alternative(element: Any) -> bool:
    """ISO 14289-1 7.3 and 7.7: no alternative text (/Alt) and no replacement (/ActualText)."""
    return not any(str(element.get(key, "")).strip() for key in ("/Alt", "/ActualText"))


# page-validation's rules on the structure elements of one (standard) type, which it reports
# without an object when the element is a direct object (it has no number): rule -> (type,
# whether an element breaks it). We find those elements, and place each at its page and path,
# as veraPDF names each one.
ELEMENT_RULES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001": ("/Figure", _no_alternative),
    "PDFUA1-FORMULA-ALTERNATIVE-TEXT-001": ("/Formula", _no_alternative),
}


# page-validation 0.11.0 runs some PDF/A-1 rules in its PDF/A-2 and -3 profiles, under their
# ids (PDFA2A-METADATA-FILTER-001 is its PDFA1B-METADATA-FILTER-001): (rule id after the
# prefix, the parts of ISO 19005 that have the rule, why). ISO 19005-1 6.7.2 forbids a
# /Filter on the XMP metadata stream; ISO 19005-2 and -3 6.6.2.1 do not (veraPDF's 2a, 2b
# and 3a profiles pass such a file, and fail it as PDF/A-1, rule 6.7.2-2).
PDFA1_ONLY = {"METADATA-FILTER-001": "1"}


def _not_in_the_standard(profile: str, failure: Any) -> bool:
    """Whether ``failure`` is a rule that the part of ISO 19005 ``profile`` judges does not
    have (PDFA1_ONLY)."""
    if not profile.startswith("pdfa-"):
        return False
    part = profile.removeprefix("pdfa-")[:1]
    rule = failure.rule_id.split("-", 1)[-1]
    return rule in PDFA1_ONLY and part not in PDFA1_ONLY[rule]
