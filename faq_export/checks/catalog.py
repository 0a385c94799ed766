"""Every rule the checker knows, for ``faq-export check --explain RULE``, and the checks of a
file whatever its format (told from its content, not its name)."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import faq_export.model as m
from faq_export.checks import brf, docx, epub, fidelity, pdf, text, verapdf, webpage
from faq_export.checks.ace import ace_status, judge_with_ace
from faq_export.checks.content import CONTENT
from faq_export.checks.findings import OURS, CheckInputError, Finding, Rule
from faq_export.checks.provenance import for_another_tool, made_by_faq_export
from faq_export.checks.verdicts import Verdict
from faq_export.limits import DEFAULT as DEFAULT_LIMITS
from faq_export.limits import Limits
from faq_export.options import DEFAULT_BRAILLE, Braille

RULES: dict[str, Rule] = {
    **CONTENT.rules,
    **pdf.RULES,
    **epub.RULES,
    **docx.RULES,
    **webpage.RULES,
    **brf.RULES,
    **fidelity.RULES,
    **text.RULES,
}

# page-validation's rule ids (PDFUA1-<TOPIC>-<NNN>) by topic: ISO 14289-1 clause, Matterhorn
# Protocol checkpoint group, and what the topic is about.
PDFUA_TOPICS: list[tuple[tuple[str, ...], str, str, str]] = [
    (("ID",), "5", "06", "the PDF/UA identification in the XMP metadata"),
    (("METADATA", "VIEWER"), "7.1", "06, 07", "document metadata and showing the title"),
    (
        ("STRUCT", "CONTENT", "ARTIFACT", "TAGGED", "SUSPECTS", "PRINTER", "TRAPNET"),
        "7.1",
        "01, 02",
        "tagging of content and the structure tree",
    ),
    (
        ("TEXT", "LANGUAGE", "ACTUAL", "ALT", "E", "SPAN", "OUTLINE"),
        "7.2",
        "11",
        "natural language of text and descriptions",
    ),
    (("FIGURE",), "7.3", "13", "figures and their alternative text"),
    (("HEADING",), "7.4", "14", "headings"),
    (("TABLE", "TBODY", "TD", "TH", "THEAD", "TFOOT", "TR"), "7.5", "15", "tables"),
    (("L", "LI", "LBODY"), "7.6", "16", "lists"),
    (("FORMULA",), "7.7", "17", "mathematical expressions"),
    (("NOTE",), "7.9", "19", "notes and references"),
    (("OPTIONAL",), "7.10", "20", "optional content"),
    (("FILE",), "7.11", "21", "embedded files"),
    (("DYNAMIC",), "7.15", "25", "XFA forms"),
    (("ENCRYPTION",), "7.16", "26", "security settings"),
    (
        ("ANNOTATION", "PAGE", "WIDGET", "FORM", "LINK", "MEDIA"),
        "7.18",
        "28",
        "annotations, links, forms and tab order",
    ),
    (("TOC", "TOCI"), "7.1", "01", "table of contents structure"),
    (
        ("FONT", "CID", "CIDTOGIDMAP", "CMAP", "NOTDEF", "TRUETYPE", "TYPE0"),
        "7.21",
        "31",
        "fonts: embedding and Unicode mapping",
    ),
]


def explain(rule_id: str) -> str | None:
    rule = RULES.get(rule_id)
    if rule is not None:
        ours = f"\n  {OURS}: {rule.ours}" if rule.ours else ""
        return (
            f"{rule.id} ({rule.severity.value}): {rule.title}\n"
            f"  source:  {rule.source}\n"
            f"  fix:     {rule.fix}\n"
            f"  example: {rule.example}{ours}"
        )
    known = validator_rule(rule_id)
    if known is None:
        return None
    return (
        f"{rule_id} (error): {known.about}.\n  source:  {known.source}\n  fix:     {known.fix}"
        f"\n  {OURS}: {known.ours}"
    )


@dataclasses.dataclass(frozen=True)
class ValidatorRule:
    """What a page-validation rule is about, where it comes from, and what to do."""

    about: str
    source: str
    fix: str  # in any tool's terms
    ours: str  # with faq-export


def validator_rule(rule_id: str) -> ValidatorRule | None:
    """What a page-validation rule is about, its source and its fix, from its id
    (PDFUA1-<TOPIC>-<NNN>, PDFA2A-<TOPIC>-<NNN>)."""
    if rule_id.startswith("PDFUA1-"):
        topic = rule_id.split("-")[1]
        for prefixes, clause, matterhorn, about in PDFUA_TOPICS:
            if topic in prefixes:
                return ValidatorRule(
                    f"a PDF/UA-1 rule checked by page-validation, about {about}",
                    f"ISO 14289-1 clause {clause}; Matterhorn Protocol checkpoints {matterhorn}",
                    "the message says what is wrong and where; correct it in the document's "
                    "source or in the settings of the tool that made the PDF (its tagging or "
                    "accessibility options), and make the PDF again.",
                    "the print template (templates/print/) or the source makes this part of "
                    "the PDF; report it if neither does.",
                )
    standard = verapdf.specification(rule_id)
    if standard:
        return ValidatorRule(
            f"a rule of {standard.rsplit(' clause ', 1)[0]} checked by veraPDF, about "
            f"clause {standard.rsplit(' clause ', 1)[1]}",
            f"{standard}; veraPDF's validation profile (https://verapdf.org)",
            "the message says what the rule asks and where veraPDF found it; correct it in "
            "the document's source or in the settings of the tool that made the PDF (its "
            "tagging or accessibility options), and make the PDF again.",
            "the print template (templates/print/) or the source makes this part of the PDF; "
            "report it if neither does.",
        )
    archival = re.fullmatch(r"PDFA([1-4])([ABU]?)-([A-Z0-9-]+)-\d{3}", rule_id)
    if archival:
        part, level, topic = archival.groups()
        return ValidatorRule(
            f"a PDF/A-{part}{level.lower()} rule checked by page-validation, about "
            + topic.lower().replace("-", " "),
            f"ISO 19005-{part} (PDF/A-{part}), the archival PDF standard",
            "the message says what is wrong and where; correct it in the tool that made the "
            "PDF (its PDF/A export), or remove the PDF/A claim from the file's XMP metadata "
            "if it need not be archival.",
            "build with --pdf-standard ua-1 to claim PDF/UA-1 only, not PDF/A.",
        )
    return None


def is_known_rule(rule_id: str) -> bool:
    """A rule of ours, or a validator's rule that ``explain`` knows (PDFUA1-…); EPUBCheck's
    and Ace's ids are accepted by their shape (RSC-005, ACE-…)."""
    if rule_id in RULES or explain(rule_id) is not None:
        return True
    return bool(re.fullmatch(r"(ACE-[a-z0-9-]+|[A-Z]{3}-\d{3}[a-z]?)", rule_id))


def detect_format(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    if not data.strip():
        raise CheckInputError("the file is empty")
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                guard_zip(archive, limits)
                names = set(archive.namelist())
                if (
                    "mimetype" in names
                    and archive.read("mimetype").strip() == b"application/epub+zip"
                ):
                    return "epub"
                if "META-INF/container.xml" in names:
                    return "epub"
                if "word/document.xml" in names:
                    return "docx"
        except zipfile.BadZipFile:
            raise CheckInputError(
                "a damaged zip archive (an EPUB or DOCX cut short?): it cannot be read"
            ) from None
        raise CheckInputError("a zip archive, but neither an EPUB nor a DOCX (Word) document")
    if is_web_page(data):
        return "html"
    raise CheckInputError(
        "not a PDF, EPUB, DOCX or HTML file (told by its content: its name does not count), "
        "nor a braille file named .brf"
    )


def is_web_page(data: bytes) -> bool:
    """Whether ``data`` begins as an HTML page does (``<!DOCTYPE html>`` or ``<html``, after
    a byte order mark, white space and comments)."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    while head.startswith(b"<!--") and b"-->" in head:
        head = head.split(b"-->", 1)[1].lstrip()
    return head.startswith((b"<!doctype html", b"<html"))


def guard_zip(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a zip whose entries would fill memory when read (a zip bomb): too many
    entries, too much in all, or one entry that inflates far more than documents do."""
    entries = archive.infolist()
    if len(entries) > limits.zip_members:
        raise CheckInputError(
            f"the package has {len(entries):,} entries, more than {limits.zip_members:,} "
            "(--limit zip_members=N)"
        )
    total = sum(entry.file_size for entry in entries)
    if total > limits.zip_bytes:
        raise CheckInputError(
            f"the package unpacks to {total:,} bytes, more than {limits.zip_bytes:,} "
            "(--limit zip_bytes=N)"
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1_000_000 and ratio > limits.zip_ratio:
            raise CheckInputError(
                f"the entry {entry.filename[:60]!r} inflates {ratio:.0f} times, more than "
                f"{limits.zip_ratio} (a zip bomb?; --limit zip_ratio=N)"
            )


def check_file(
    path: Path,
    run_epubcheck: bool = True,
    run_ace: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    run_verapdf: bool | None = None,
) -> list[Finding]:
    return judge_file(path, run_epubcheck, run_ace, limits, run_verapdf)[0]


def judge_file(
    path: Path,
    run_epubcheck: bool = True,
    run_ace: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    run_verapdf: bool | None = None,
) -> tuple[list[Finding], list[Verdict]]:
    """The findings for the file at ``path`` and its verdict on each standard judged.
    ``run_verapdf``: None runs veraPDF (when it is here) on the PDF standards nothing else
    judges in full, True on every one, False never (pdf.judge_pdf)."""
    if not path.exists():
        raise CheckInputError("no such file")
    if path.is_dir():
        raise CheckInputError("is a directory, not a file")
    if not path.is_file():
        raise CheckInputError("is not a regular file (a device, pipe or socket)")
    size = path.stat().st_size
    if size > limits.check_bytes:
        raise CheckInputError(
            f"the file is {size:,} bytes, more than {limits.check_bytes:,} (--limit check_bytes=N)"
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise CheckInputError("the file cannot be read (permission denied)") from None
    # Braille is ASCII text like any other: a BRF is told by its name.
    fmt = "brf" if path.suffix.lower() == ".brf" else detect_format(data, limits)
    if fmt == "pdf":
        judgement = pdf.judge_pdf(data, limits=limits, verapdf=run_verapdf)
        findings, verdicts = [in_plain_words(f) for f in judgement.findings], judgement.verdicts
    elif fmt == "epub":
        findings, verdicts = _judge_epub(data, run_epubcheck, run_ace)
    else:
        findings = check_bytes(data, fmt, run_epubcheck)
        judged_by = {"docx": docx.verdicts, "html": webpage.verdicts, "brf": brf.verdicts}
        verdicts = judged_by[fmt](findings)
    # The advice for faq-export's users only for the files it made (checks/provenance.py).
    if not made_by_faq_export(data, fmt):
        findings = [for_another_tool(f) for f in findings]
    return findings, verdicts


def _judge_epub(
    data: bytes, run_epubcheck: bool, run_ace: bool
) -> tuple[list[Finding], list[Verdict]]:
    """An EPUB's findings and verdicts: EPUB 3.3 by EPUBCheck, EPUB Accessibility 1.1 by our
    rules and, when asked for, by DAISY Ace."""
    findings, verdicts = epub.judge_epub(data, run_epubcheck)
    accessible = epub.ACCESSIBILITY_STANDARD
    if run_ace:
        violations, engine = judge_with_ace(data)
        findings += violations
        verdicts = [
            epub.with_ace(v, violations, engine) if v.standard == accessible else v
            for v in verdicts
        ]
    else:
        verdicts = [
            dataclasses.replace(v, not_judged=(ace_status(),)) if v.standard == accessible else v
            for v in verdicts
        ]
    return findings, verdicts


def in_plain_words(finding: Finding) -> Finding:
    """A validator's finding with its fix said in words (the topic, the clause, what to do),
    not only "see --explain", and the advice for faq-export's users apart."""
    known = validator_rule(finding.rule) if finding.rule not in RULES else None
    if known is None:
        return finding
    topic = known.about.split(", about ", 1)[-1]
    return dataclasses.replace(
        finding, fix=f"About {topic} ({known.source}): {known.fix}", ours=known.ours
    )


def check_bytes(
    data: bytes,
    fmt: str,
    run_epubcheck: bool = True,
    document: m.Document | None = None,
    braille: Braille = DEFAULT_BRAILLE,
) -> list[Finding]:
    """The findings of a document in memory; with the ``document`` it was built from, the
    fidelity findings too (whether it holds all of that document's text), judged within the
    limits the document was loaded with (a build with --limit questions=N checks its PDF
    with them too). A braille file is judged by the page size and grade it was made for."""
    if fmt == "txt":
        return text.check_text(data, document)
    if fmt == "pdf":
        limits = document.limits if document is not None else DEFAULT_LIMITS
        return [in_plain_words(f) for f in pdf.check_pdf(data, document, limits)]
    if fmt == "epub":
        return epub.check_epub(data, run_epubcheck, document)
    if fmt == "html":
        return webpage.check_webpage(data, document)
    if fmt == "brf":  # judged by the page size and grade it was made for
        return brf.check_brf(
            data, document, cells=braille.cells, lines=braille.lines, grade=braille.grade
        )
    return docx.check_docx(data, document)
