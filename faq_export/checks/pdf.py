"""PDF checks: page-validation's PDF/UA-1 rules, and our own pikepdf rules for what a machine
validator passes but a reader suffers from (and the basics, when page-validation is missing);
for each standard the file claims, its verdict and who judged it.

The parts: the file parsed once (pdf_context.py), our rules (pdf_rules.py, with PDF/UA-2's in
pdf_ua2.py), the layout's rule (pdf_layout.py), page-validation and veraPDF (pdf_validators.py,
with what the file's bytes disprove of their findings in pdf_disproved.py).
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import faq_export.model as m
from faq_export.checks import verapdf as verapdf_judge
from faq_export.checks import verdicts
from faq_export.checks.causes import PDF_CAUSES, fold
from faq_export.checks.fidelity import fidelity_findings
from faq_export.checks.findings import CheckInputError, Finding, Rule
from faq_export.checks.pdf_context import PdfContext, claimed_standards, unreadable
from faq_export.checks.pdf_layout import (
    LARGE_PRINT,
    OVERFLOW,
    large_print_findings,
    overflow_findings,
)
from faq_export.checks.pdf_rules import PDF
from faq_export.checks.pdf_text import reading_pieces
from faq_export.checks.pdf_validators import (
    reference_depth,
    start_validators,
    start_verapdf,
    validator_findings,
)
from faq_export.checks.verdicts import Verdict
from faq_export.lazy import LazyModule
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits

if TYPE_CHECKING:
    import pikepdf
else:
    pikepdf = LazyModule("pikepdf")  # only checking a PDF needs it, not `validate`

# What other modules and the tests read from here.
__all__ = [
    "LARGE_PRINT",
    "OVERFLOW",
    "PDF",
    "RULES",
    "PdfContext",
    "PdfJudgement",
    "check_pdf",
    "claimed_standards",
    "judge_pdf",
    "large_print_findings",
    "overflow_findings",
    "unreadable",
]

RULES: dict[str, Rule] = {**PDF.rules, OVERFLOW.id: OVERFLOW, LARGE_PRINT.id: LARGE_PRINT}


def check_pdf(
    data: bytes, document: m.Document | None = None, limits: Limits = DEFAULT_LIMITS
) -> list[Finding]:
    """All findings for the PDF ``data``: page-validation's (when installed) for each
    standard the file claims, and ours; with the ``document`` it was built from, whether it
    holds all of that document's text (fidelity.py)."""
    return judge_pdf(data, document, limits).findings


@dataclass(frozen=True)
class PdfJudgement:
    findings: list[Finding]
    verdicts: list[Verdict]


# page-validation's profile for each standard it judges (it has none for PDF/UA-2), and the
# prefix of its rule ids for that profile.
PAGE_PROFILES = {
    "PDF/UA-1": ("ua1", "PDFUA1-"),
    "PDF/A-1a": ("pdfa-1a", "PDFA1"),
    "PDF/A-1b": ("pdfa-1b", "PDFA1"),
    "PDF/A-2a": ("pdfa-2a", "PDFA2A-"),
    "PDF/A-2b": ("pdfa-2b", "PDFA2B-"),
    "PDF/A-2u": ("pdfa-2u", "PDFA2U-"),
    "PDF/A-3a": ("pdfa-3a", "PDFA3A-"),
    "PDF/A-3b": ("pdfa-3b", "PDFA3B-"),
    "PDF/A-3u": ("pdfa-3u", "PDFA3U-"),
}
OWN_RULES = f"{verdicts.OWN_RULES} (FE-PDF-…)"
# The standards our own rules judge (in part), beside page-validation and veraPDF.
OWN_STANDARDS = ("PDF/UA-1", "PDF/UA-2")
# The rules of veraPDF's ua2 profile that our rules judge (clause-test; the last is a row of
# ISO 32005's table): what "judged by N of M" counts when veraPDF does not run.
UA2_RULES_JUDGED = {
    "FE-PDF-TAGGED": ("6.2-1", "8.2.1-1"),
    "FE-PDF-UNTAGGED": ("8.2.2-1",),
    "FE-PDF-LANG": ("8.4.4-1",),
    "FE-PDF-TITLE": ("8.11.1-1", "8.11.2-1"),
    "FE-PDF-UA2-VERSION": ("5-5",),
    "FE-PDF-UA2-STRUCT-DEST": ("8.8-1", "8.8-2"),
    "FE-PDF-UA2-LIST-NUMBERING": ("8.2.5.25-1",),
    "FE-PDF-UA2-TOCI": ("8.2.5.8-1",),
    "FE-PDF-UA2-CAPTION-POSITION": ("8.2.5.27-1",),
    "FE-PDF-UA2-DOCUMENT-CAPTION": ("ISO 32005 Table 5: Caption in Document",),
}
# page-validation 0.11.0 against veraPDF's corpus (tests/test_verapdf.py): its ua1 verdict
# equals veraPDF's on each of the 164 PDF/UA-1 test files; its PDF/A profiles follow veraPDF's
# rule for rule (2a: 154 rules, veraPDF 153 and the PDF/A-1 rule PDFA1_ONLY sets aside).
PAGE_EVIDENCE = {"ua1": "the same verdict as veraPDF on all 164 of its PDF/UA-1 test files"}


def judge_pdf(
    data: bytes,
    document: m.Document | None = None,
    limits: Limits = DEFAULT_LIMITS,
    verapdf: bool | None = False,
) -> PdfJudgement:
    """The findings for ``data`` and, for each standard it claims (and PDF/UA-1 always), whether
    it meets it and which engines judged that; with ``document``, the fidelity findings too.
    ``verapdf``: None runs veraPDF, when it is here, on each standard nothing else judges in
    full (PDF/UA-2, PDF/A-4); True on every standard judged (``VeraPdfUnavailable`` when it
    cannot run); False never. A file past ``limits`` (a structure tree nested too deep, a
    stream that would inflate too far) is a CheckInputError, found before page-validation
    starts."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise CheckInputError(
            "the PDF is protected by a password, so it cannot be opened and checked (nor "
            "read by assistive technology until someone types the password); check a copy "
            "saved without the password"
        ) from None
    except pikepdf.PdfError as exc:
        raise unreadable(exc) from None
    with pdf:
        if pdf.is_encrypted:
            raise CheckInputError(
                "the PDF is encrypted (it opens without a password, but its content is "
                "scrambled), so its structure cannot be checked; check a copy saved without "
                "encryption"
            )
        context = PdfContext(pdf, read_text=document is not None, limits=limits)
        context.document = document
        context.walk_trees()
        claims = claimed_standards(pdf)
        judged = claims if any(c.startswith("PDF/UA") for c in claims) else ["PDF/UA-1", *claims]
        page_ready = importlib.util.find_spec("page") is not None
        profiles = [PAGE_PROFILES[s][0] for s in judged if s in PAGE_PROFILES]
        flavours = [
            verapdf_judge.FLAVOURS[s]
            for s in judged
            if s in verapdf_judge.FLAVOURS
            and (verapdf or (verapdf is None and not (page_ready and s in PAGE_PROFILES)))
        ]
        # beside our rules, on another core (veraPDF in a Java process of its own)
        validated = start_validators(data, profiles, reference_depth(limits))
        referee = start_verapdf(data, flavours, required=bool(verapdf))
        own = PDF.run(context)
        if document is not None:
            own += fidelity_findings(document, "pdf", reading_pieces(context))
        outcomes = validated()
        refereed = referee()
        findings: list[Finding] = []
        found_verdicts: list[Verdict] = []
        for standard in judged:
            found, verdict = _verdict(
                data, standard, standard in claims, outcomes, refereed, own, context
            )
            findings += found
            found_verdicts.append(verdict)
    return PdfJudgement(fold(findings + own, PDF_CAUSES), found_verdicts)


def _verdict(
    data: bytes,
    standard: str,
    claimed: bool,
    outcomes: dict[str, Any],
    refereed: dict[str, verapdf_judge.Report | Exception],
    own: list[Finding],
    context: PdfContext,
) -> tuple[list[Finding], Verdict]:
    """The findings of the judges of one standard (page-validation's, veraPDF's), and its
    verdict: met, not met, not proven (judged in part) or not judged."""
    findings: list[Finding] = []
    engines: list[str] = []
    failed = complete = False
    covered: list[str] = []
    not_judged: list[str] = []
    flavour = verapdf_judge.FLAVOURS.get(standard, "")
    total = verapdf_judge.PROFILE_RULES.get(flavour)
    if standard in PAGE_PROFILES:
        profile, _ = PAGE_PROFILES[standard]
        outcome = outcomes.get(profile)
        found, engine = validator_findings(data, profile, outcome, context)
        findings += found
        if engine:
            engines.append(engine)
            failed = any(f.fails() for f in found)
            complete = True
            rules = getattr(getattr(outcome, "rules", None), "total", None)
            evidence = PAGE_EVIDENCE.get(flavour, "")
            covered.append(
                f"page-validation's {rules or 'own'} rules, which follow the {total}-rule "
                f"{flavour} profile of veraPDF" + (f" ({evidence})" if evidence else "")
            )
        else:
            not_judged.append("page-validation: not installed (pip install page-validation)")
    report = refereed.get(flavour)
    if isinstance(report, verapdf_judge.Report) and not report.error:
        engines.append(report.engine)
        found = verapdf_judge.findings(report)
        findings += found
        failed = failed or not report.compliant
        complete = True
        covered.append(f"all {report.rules:,} rules of veraPDF's {flavour} profile")
    elif report is not None:
        why = report.error if isinstance(report, verapdf_judge.Report) else str(report)
        not_judged.append(f"veraPDF: {why}")
    elif not complete and flavour:
        located = verapdf_judge.locate()
        not_judged.append(
            f"veraPDF: {located.why_not}" if located.command is None else "veraPDF: not asked for"
        )
    if standard in OWN_STANDARDS:
        engines.append(OWN_RULES)
        failed = failed or any(f.fails() for f in own)
        if not complete and standard == "PDF/UA-2" and total:
            judged = len({rule for rules in UA2_RULES_JUDGED.values() for rule in rules})
            covered.append(
                f"{judged} of the {total:,} machine-checkable rules (veraPDF's {flavour} "
                f"profile lists {total:,})"
            )
        elif not complete:
            covered.append("faq-export's basic rules (tags, language, title, links, headings)")
    if standard.startswith("PDF/UA-") and standard not in OWN_STANDARDS:
        # a part that does not exist: our rules judge the claim itself (FE-PDF-UA-PART)
        engines.append(OWN_RULES)
        failed = any(f.fails() for f in own)
        covered.append(f"the claim only: no judge here knows {standard}")
    if not engines:
        covered.append(f"no judge here knows {standard}")
    verdict = Verdict(
        standard,
        claimed,
        tuple(engines),
        failed,
        complete,
        "; ".join(covered),
        tuple(not_judged),
    )
    return findings, verdict
